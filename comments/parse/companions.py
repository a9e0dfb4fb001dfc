"""Companion files: the file that describes the articles of a comment export (Reddit submissions, NYT
articles). It is the one named by ``ParseSettings.articles``, or a file beside the export that its
platform module recognises from its first line. Each companion is read once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import Any

from comments.errors import CommentsError
from comments.settings import ParseSettings

log = logging.getLogger(__name__)

#: how much of a file's start is read to recognise it
HEAD_BYTES = 1 << 20
#: endings a companion file may have (none: a decompressed Pushshift dump such as ``RS_2019-01``)
COMPANION_SUFFIXES = ("", ".csv", ".json", ".jsonl", ".ndjson", ".txt")


def first_line(path: Path) -> str:
    """The first line of a file (up to ``HEAD_BYTES``), as UTF-8; empty when it cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.readline(HEAD_BYTES)
    except OSError:
        return ""
    return head.decode("utf-8-sig", errors="replace").strip()


def companion_files(path: Path, settings: ParseSettings, recognise: Callable[[Path], bool]) -> list[Path]:
    """The companion of ``path``: ``settings.articles``, else the files beside it that ``recognise`` accepts."""
    if settings.articles is not None:
        return [settings.articles]
    try:
        beside = sorted(path.parent.iterdir())
    except OSError:
        return []
    found = []
    for other in beside:
        if other == path or other.name.startswith(".") or other.suffix.lower() not in COMPANION_SUFFIXES:
            continue
        try:
            stat = other.stat()
        except OSError:
            continue
        # each export of a folder looks at its neighbours: what each one is, is decided once
        if S_ISREG(stat.st_mode) and _recognised(recognise, str(other), stat.st_mtime_ns, stat.st_size):
            found.append(other)
    return found


@lru_cache(maxsize=1 << 16)
def _recognised(recognise: Callable[[Path], bool], path: str, mtime_ns: int, size: int) -> bool:
    return recognise(Path(path))


def load_companion(
    path: Path, settings: ParseSettings, load: Callable[[Path], dict[str, Any]]
) -> tuple[dict[str, Any], str | None]:
    """What ``load`` reads from ``path`` (cached while the file is unchanged), and a note when it cannot."""
    try:
        stat = path.stat()
    except OSError as err:
        return {}, f"{path.name}: cannot be read ({err.strerror}); articles not joined"
    if stat.st_size > settings.max_bytes:
        return {}, f"{path.name}: over the --max-size limit; articles not joined (raise the limit)"
    try:
        return _cached(load, str(path), stat.st_mtime_ns, stat.st_size), None
    except (CommentsError, OSError, ValueError, RecursionError) as err:
        reason = err.strerror if isinstance(err, OSError) else str(err)
        return {}, f"{path.name}: not readable as articles ({reason}); articles not joined"


@lru_cache(maxsize=16)
def _cached(load: Callable[[Path], dict[str, Any]], path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    log.info("%s: read as the articles of the comment export beside it", path)
    return load(Path(path))


__all__ = ["COMPANION_SUFFIXES", "HEAD_BYTES", "companion_files", "first_line", "load_companion"]
