"""Hacker News: items of the Firebase API, and the Algolia API's item tree.

Firebase items (``/v0/item/ID.json``; a JSON list of them or one per line) have ``id``, ``type``
(story, comment, job, poll, pollopt), ``by``, ``time`` (epoch seconds), ``text`` (HTML), ``parent``
(the story or comment replied to), ``kids`` (replies in ranked display order), ``deleted`` and
``dead``. Each story (or job, or poll) is a page with its comments; comments whose story is not in
the file are a page per item they hang from.

The Algolia API's ``/api/v1/items/ID`` is the story with ``children`` nested inside it; each has
``id``, ``author``, ``text`` (HTML), ``created_at`` (RFC 3339) and ``parent_id``. Algolia keeps a
deleted or dead comment as a child with neither author nor text.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from comments.model import Article, Page
from comments.parse.exports import Item, export_page, html_to_text, listed, stamp, text_paragraphs
from comments.settings import ParseSettings

STORY_TYPES = frozenset({"story", "job", "poll"})
ITEM_TYPES = STORY_TYPES | {"comment", "pollopt"}


def item_type(record: Mapping[str, Any]) -> str | None:
    kind = record.get("type")
    return kind if isinstance(kind, str) else None


def is_firebase_item(record: Any) -> bool:
    return (
        isinstance(record, Mapping)
        and item_type(record) in ITEM_TYPES
        and "id" in record
        and any(key in record for key in ("by", "kids", "parent", "deleted", "descendants", "time"))
        and "children" not in record
    )


def is_algolia_tree(data: Any) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return (
        isinstance(first, Mapping)
        and isinstance(first.get("children"), list)
        and "created_at" in first
        and ("author" in first or "story_id" in first)
    )


def _article(story: Mapping[str, Any] | None) -> Article:
    if story is None:
        return Article(title=None, paragraphs=())
    title = story.get("title")
    text = story.get("text")
    return Article(
        title=(" ".join(html.unescape(str(title)).split()) or None) if title else None,
        paragraphs=text_paragraphs(html_to_text(text)) if isinstance(text, str) else (),
    )


def _status(record: Mapping[str, Any]) -> str | None:
    return "deleted" if record.get("deleted") else "dead" if record.get("dead") else None


def _firebase_item(record: Mapping[str, Any], parent_id: str | None) -> Item:
    when = stamp(record.get("time"))
    text = record.get("text")
    author = record.get("by")
    return Item(
        id=str(record["id"]),
        parent_id=parent_id,
        author=author if isinstance(author, str) and author else None,
        text=html_to_text(text) if isinstance(text, str) else "",
        posted_at=when.text,
        status=_status(record),
        time_kind=when.kind,
    )


def parse_items(records: Sequence[Any], *, source: str, settings: ParseSettings) -> list[Page]:
    """Pages of Firebase items: one per story, and one per missing item that comments hang from."""
    items: dict[str, Mapping[str, Any]] = {}
    for record in records:
        if is_firebase_item(record):
            items.setdefault(str(record["id"]), record)
    rank: dict[str, int] = {}
    for record in items.values():
        for position, kid in enumerate(listed(record.get("kids"))):
            rank.setdefault(str(kid), position)
    root_of: dict[str, str] = {}

    def root(item_id: str) -> str:
        """The story a comment belongs to, or the missing item its chain of parents ends at."""
        chain, current = [], item_id
        while current in items and item_type(items[current]) == "comment" and current not in root_of:
            chain.append(current)
            parent = items[current].get("parent")
            if parent is None or str(parent) in chain:
                break
            current = str(parent)
        found = root_of.get(current, current)
        for link in chain:
            root_of[link] = found
        return found

    groups: dict[str, list[Mapping[str, Any]]] = {
        item_id: [] for item_id, r in items.items() if item_type(r) in STORY_TYPES
    }
    order = {item_id: n for n, item_id in enumerate(items)}
    comments = sorted(
        (r for r in items.values() if item_type(r) == "comment"),
        key=lambda r: (rank.get(str(r["id"]), len(rank)), order[str(r["id"])]),
    )
    for record in comments:
        groups.setdefault(root(str(record["id"])), []).append(record)
    pages = []
    many = len(groups) > 1
    for key, group in groups.items():
        story = items.get(key) if item_type(items.get(key, {})) in STORY_TYPES else None
        notes = [] if story is not None else [f"item {key} that these comments answer is not in the file"]
        page_items = [
            _firebase_item(r, None if story is not None and str(r.get("parent")) == key else _parent(r)) for r in group
        ]
        pages.append(
            export_page(
                source=f"{source}#{key}" if many else source,
                article=_article(story),
                items=page_items,
                keep_deleted=settings.keep_deleted,
                notes=notes,
            )
        )
    return pages


def _parent(record: Mapping[str, Any]) -> str | None:
    parent = record.get("parent")
    return None if parent is None else str(parent)


def parse_algolia(data: Any, *, source: str, settings: ParseSettings) -> list[Page]:
    """Pages of Algolia item trees: one per tree."""
    trees = [tree for tree in (data if isinstance(data, list) else [data]) if isinstance(tree, Mapping)]
    pages = []
    for tree in trees:
        is_story = item_type(tree) in STORY_TYPES
        items: list[Item] = []
        notes = [] if is_story else [f"item {tree.get('id')} is a comment, not a story: its replies, no article"]
        queue: deque[tuple[Mapping[str, Any], str | None]] = deque(
            [(child, None) for child in listed(tree.get("children"))] if is_story else [(tree, None)]
        )
        while queue:  # breadth first: siblings stay in order, and no depth of replies exhausts the stack
            record, parent_id = queue.popleft()
            if not isinstance(record, Mapping) or record.get("id") is None:
                continue
            text, author = record.get("text"), record.get("author")
            when = stamp(record.get("created_at") or record.get("created_at_i"))
            items.append(
                Item(
                    id=str(record["id"]),
                    parent_id=parent_id,
                    author=author if isinstance(author, str) and author else None,
                    text=html_to_text(text) if isinstance(text, str) else "",
                    posted_at=when.text,
                    status="deleted" if not text and not author else None,
                    time_kind=when.kind,
                )
            )
            queue.extend((child, str(record["id"])) for child in listed(record.get("children")))
        pages.append(
            export_page(
                source=f"{source}#{tree.get('id')}" if len(trees) > 1 else source,
                article=_article(tree if is_story else None),
                items=items,
                keep_deleted=settings.keep_deleted,
                notes=notes,
            )
        )
    return pages


__all__ = ["is_algolia_tree", "is_firebase_item", "parse_algolia", "parse_items"]
