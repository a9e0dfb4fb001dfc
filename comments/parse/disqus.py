"""Disqus's XML export (Admin > Moderation > Export): ``<disqus>`` holding ``<thread>`` and ``<post>``.

A thread (``dsq:id``) has ``title``, ``link`` and ``isDeleted``; a post (``dsq:id``) has ``message``
(HTML), ``createdAt`` (RFC 3339, UTC), ``author`` (``name``, ``username``), ``isDeleted``, ``isSpam``,
``thread dsq:id`` and, for a reply, ``parent dsq:id``. Each thread with posts is a page.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from comments.model import Article, Page
from comments.parse.exports import Item, export_page, html_to_text, stamp
from comments.settings import ParseSettings

DSQ_ID = "{http://disqus.com/disqus-internals}id"


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == name)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(_children(element, name), None)


def _text(element: etree._Element, *path: str) -> str:
    for name in path:
        found = _child(element, name)
        if found is None:
            return ""
        element = found
    return (element.text or "").strip()


def _true(element: etree._Element, name: str) -> bool:
    return _text(element, name).lower() == "true"


def _item(post: etree._Element) -> Item:
    parent = _child(post, "parent")
    when = stamp(_text(post, "createdAt"))
    status = "spam" if _true(post, "isSpam") else "deleted" if _true(post, "isDeleted") else None
    return Item(
        id=post.get(DSQ_ID) or _text(post, "id") or "",
        parent_id=parent.get(DSQ_ID) if parent is not None and parent.get(DSQ_ID) else None,
        author=_text(post, "author", "name") or _text(post, "author", "username") or None,
        text=html_to_text(_text(post, "message")),
        posted_at=when.text,
        status=status,
        time_kind=when.kind,
    )


def parse(root: etree._Element, *, source: str, settings: ParseSettings) -> list[Page]:
    threads: dict[str, etree._Element] = {}
    posts: dict[str, list[etree._Element]] = {}
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "thread" and element.get(DSQ_ID):
            threads.setdefault(element.get(DSQ_ID) or "", element)
        elif name == "post":
            thread = _child(element, "thread")
            posts.setdefault((thread.get(DSQ_ID) or "") if thread is not None else "", []).append(element)
    order = [key for key in threads if key in posts] + [key for key in posts if key not in threads]
    pages = []
    for key in order:
        thread = threads.get(key)
        notes = []
        if thread is None:
            notes.append(f"thread {key or '(none)'} is not in the file: no title")
        elif _true(thread, "isDeleted"):
            notes.append("the thread is deleted in Disqus")
        title = (_text(thread, "title") or _text(thread, "link")) if thread is not None else ""
        pages.append(
            export_page(
                source=f"{source}#{key}" if key else source,
                article=Article(title=" ".join(title.split()) or None, paragraphs=()),
                items=[_item(post) for post in posts[key]],
                keep_deleted=settings.keep_deleted,
                notes=notes,
            )
        )
    return pages


__all__ = ["DSQ_ID", "parse"]
