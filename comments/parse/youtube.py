"""YouTube comments as youtube-comment-downloader writes them.

One JSON object per line (whatever the file is called; its default name is the bare video id), or,
with ``--pretty``, ``{"comments": [...]}``. Each comment has ``cid``, ``text`` (plain text),
``author``, ``time`` (as YouTube shows it: "2 years ago"), ``time_parsed`` (the downloader's guess
at an absolute time from it), ``votes`` and ``reply``; a reply's ``cid`` is its parent's, a dot and
its own (``PARENT.CHILD``). The file holds one video, whose id is taken from the file name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from comments.model import Article, Page
from comments.parse.exports import Item, export_page, plain_text, stamp
from comments.settings import ParseSettings

#: a YouTube video id: eleven characters of the URL-safe base64 alphabet, alone or set off in the name
_VIDEO_ID = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{11}(?![A-Za-z0-9_-])")


def is_comment(record: Any) -> bool:
    return isinstance(record, Mapping) and "cid" in record and "text" in record


def comments_of(data: Any) -> list[Any] | None:
    """The comment records of a file, when it is one of youtube-comment-downloader's."""
    if isinstance(data, Mapping) and isinstance(data.get("comments"), list):
        data = data["comments"]
    if isinstance(data, list) and data and is_comment(data[0]):
        return data
    return None


def video_id(path: Path) -> str | None:
    name = path.name
    for suffix in (".json", ".jsonl", ".ndjson", ".comments", ".txt"):
        name = name.removesuffix(suffix)
    # an id is random: one without a capital or a digit ("my-comments") is a word, not an id
    found = [m for m in _VIDEO_ID.findall(name) if any(ch.isupper() or ch.isdigit() for ch in m)]
    return found[-1] if found else None


def parse(records: Sequence[Any], *, path: Path, source: str, settings: ParseSettings) -> list[Page]:
    video = video_id(path)
    items = []
    for record in records:
        if not is_comment(record):
            continue
        cid = str(record["cid"])
        parent, dot, _ = cid.rpartition(".")
        when = stamp(record.get("time") or record.get("time_parsed"), naive_is_utc=False)
        author = record.get("author")
        items.append(
            Item(
                id=cid,
                parent_id=parent if dot else None,
                author=author if isinstance(author, str) and author else None,
                text=plain_text(str(record.get("text") or "")),
                posted_at=when.text,
                time_kind=when.kind,
            )
        )
    notes = [] if video else ["no video id in the file name; name the file after the video (VIDEO_ID.json)"]
    return [
        export_page(
            source=source,
            article=Article(title=f"YouTube video {video}" if video else None, paragraphs=()),
            items=items,
            keep_deleted=settings.keep_deleted,
            notes=notes,
        )
    ]


__all__ = ["comments_of", "is_comment", "parse", "video_id"]
