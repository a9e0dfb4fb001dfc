"""Which files a run reads: the paths given, and inside folders the files with a known ending.

A folder is walked in sorted order. What is passed over is said, with the reason
(:class:`Skipped`), never dropped in silence: hidden files and folders; the run's own
output folder and any folder holding a report of this tool (its ``run.json``), so a run
never reads its own tables as input; links that lead out of the folder given (unless
``ParseSettings.follow_links``); anything that is not a regular file (a FIFO, a device),
which could hang the run or never end.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from comments.settings import ParseSettings

#: file endings the page finder picks up inside a folder, by container (``comments.parse.formats`` then
#: recognises a platform's export from the content)
FORMATS_BY_SUFFIX: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "xml",
}
#: the manifest every report of this tool writes; a folder holding one is a report, not input
MANIFEST = "run.json"
_MANIFEST_KEY = "comments_version"


@dataclass(frozen=True, slots=True)
class PageFile:
    """A page file to parse, with the name it goes by in reports."""

    path: Path
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    """A path the finder passed over, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Inputs:
    files: list[PageFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def is_report_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a run.json written by this tool (it names the tool's version)."""
    try:
        with (folder / MANIFEST).open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False
    return f'"{_MANIFEST_KEY}"'.encode() in head


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def find_inputs(
    paths: Iterable[Path], settings: ParseSettings | None = None, *, exclude: Sequence[Path] = ()
) -> Inputs:
    """The page files named by ``paths`` and what was passed over.

    A file given by name is always taken (reading it says what is wrong with it); a file found
    in a folder is named by its path inside that folder. ``exclude`` names folders never to
    read (the run's output folder).
    """
    settings = settings or ParseSettings()
    excluded = [p.resolve() for p in exclude]
    found = Inputs()
    for path in paths:
        resolved = path.resolve()
        if path.is_dir():
            if any(_inside(resolved, e) for e in excluded):
                found.skipped.append(Skipped(path=path, reason="it is the output folder of this run"))
            elif is_report_folder(path):
                found.skipped.append(Skipped(path=path, reason=f"it holds a report of this tool ({MANIFEST})"))
            else:
                _walk(path, resolved, excluded, settings.follow_links, found)
        else:
            found.files.append(PageFile(path, path.name))
    return found


def find_pages(paths: Iterable[Path], settings: ParseSettings | None = None) -> Iterator[PageFile]:
    """The page files named by ``paths`` (see :func:`find_inputs`)."""
    yield from find_inputs(paths, settings).files


def _walk(top: Path, root: Path, excluded: Sequence[Path], follow_links: bool, found: Inputs) -> None:
    seen: set[Path] = {root}  # folders already walked, so that a loop of links ends
    pages: list[Path] = []
    for folder, dirs, files in os.walk(top, followlinks=follow_links):
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            sub = here / name
            real = sub.resolve()
            if name.startswith("."):
                continue  # hidden, like editors' and version control's folders
            if sub.is_symlink() and not follow_links:
                found.skipped.append(Skipped(path=sub, reason="a link to a folder; pass --follow-links to read it"))
            elif any(_inside(real, e) for e in excluded):
                found.skipped.append(Skipped(path=sub, reason="it is the output folder of this run"))
            elif is_report_folder(sub):
                found.skipped.append(Skipped(path=sub, reason=f"it holds a report of this tool ({MANIFEST})"))
            elif real in seen:
                found.skipped.append(Skipped(path=sub, reason="a link back to a folder already read"))
            else:
                seen.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in FORMATS_BY_SUFFIX:
                continue
            if path.is_symlink() and not follow_links and not _inside(path.resolve(), root):
                found.skipped.append(
                    Skipped(path=path, reason=f"a link to a file outside {top}; pass --follow-links to read it")
                )
                continue
            try:
                mode = path.stat().st_mode
            except OSError as err:
                found.skipped.append(Skipped(path=path, reason=f"cannot be read ({err.strerror})"))
                continue
            if not stat.S_ISREG(mode):
                found.skipped.append(Skipped(path=path, reason=f"{_kind(mode)}, not a page file"))
                continue
            pages.append(path)
    # in path order, as a sorted listing shows them (a folder's files among its subfolders by name)
    found.files.extend(PageFile(path, path.relative_to(top).as_posix()) for path in sorted(pages))


__all__ = ["FORMATS_BY_SUFFIX", "Inputs", "PageFile", "Skipped", "find_inputs", "find_pages", "is_report_folder"]
