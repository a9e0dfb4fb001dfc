"""Facebook's and Instagram's "Download your information" comment files (JSON).

Facebook's ``comments.json`` is ``{"comments_v2": [...]}``; each entry has ``timestamp``, ``title``
("Ann commented on Bob's post.") and ``data``: ``[{"comment": {"timestamp", "comment", "author"}}]``.
Instagram's ``post_comments_1.json`` is a list (or ``{"comments_media_comments": [...]}``) of
``{"string_map_data": {"Comment": {"value"}, "Media Owner": {"value"}, "Time": {"timestamp"}}}``.
The files hold the account's own comments, on many posts that are not in them: one page per file,
no reply tree. Both write text as UTF-8 bytes read as Latin-1 ("CafÃ©"), which is repaired.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from comments.model import Article, Page
from comments.parse.exports import Item, export_page, listed, plain_text, stamp
from comments.settings import ParseSettings


def entries_of(data: Any) -> list[Mapping[str, Any]] | None:
    """The comment entries of a Facebook or Instagram comment file; None for any other shape."""
    if isinstance(data, Mapping):
        lists = [v for k, v in data.items() if str(k).startswith("comments") and isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list) or not data or not isinstance(data[0], Mapping):
        return None
    first = data[0]
    facebook = isinstance(first.get("data"), list) and "title" in first
    instagram = isinstance(first.get("string_map_data"), Mapping)
    return [e for e in data if isinstance(e, Mapping)] if facebook or instagram else None


def repaired(text: str) -> str:
    """Undo the exports' mojibake: text that is UTF-8 read as Latin-1 is read again as UTF-8."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _value(mapping: Any, *keys: str) -> Any:
    for key in keys:
        mapping = mapping.get(key) if isinstance(mapping, Mapping) else None
    return mapping


def parse(entries: list[Mapping[str, Any]], *, source: str, settings: ParseSettings) -> list[Page]:
    items = []
    for n, entry in enumerate(entries, 1):
        fields = entry.get("string_map_data")
        if isinstance(fields, Mapping):  # Instagram
            text, author = _value(fields, "Comment", "value"), None
            when = stamp(_value(fields, "Time", "timestamp"))
        else:
            comment: Any = next(
                (d["comment"] for d in listed(entry.get("data")) if isinstance(d, Mapping) and "comment" in d), {}
            )
            text, author = _value(comment, "comment"), _value(comment, "author")
            when = stamp(_value(comment, "timestamp") or entry.get("timestamp"))
        items.append(
            Item(
                id=f"c{n}",
                parent_id=None,
                author=repaired(author) if isinstance(author, str) and author else None,
                text=plain_text(repaired(text)) if isinstance(text, str) else "",
                posted_at=when.text,
                time_kind=when.kind,
            )
        )
    notes = ["the account's own comments; the posts they answer are not in the file"]
    return [
        export_page(
            source=source,
            article=Article(title=None, paragraphs=()),
            items=items,
            keep_deleted=settings.keep_deleted,
            notes=notes,
        )
    ]


__all__ = ["entries_of", "parse", "repaired"]
