"""WordPress's export (Tools > Export), WXR: RSS whose ``<item>`` posts hold their ``<wp:comment>``.

A post has ``title``, ``content:encoded`` (its body, HTML with WordPress's line breaks), ``link`` and
``wp:post_id``; a comment has ``wp:comment_id``, ``wp:comment_author``, ``wp:comment_content``,
``wp:comment_date_gmt`` (UTC; ``0000-00-00 00:00:00`` when unknown), ``wp:comment_approved``
(``1``; ``0`` awaiting moderation; ``spam``; ``trash``), ``wp:comment_type`` (empty or ``comment``;
``pingback``, ``trackback``) and ``wp:comment_parent`` (``0`` for top level). The ``wp`` namespace is
``http://wordpress.org/export/1.N/`` for every version N. Each post with comments is a page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from lxml import etree

from comments.model import Article, Page
from comments.parse.exports import Item, comment_text, export_page, html_to_text, stamp, text_paragraphs
from comments.settings import ParseSettings

log = logging.getLogger(__name__)

WP_NAMESPACE = "http://wordpress.org/export/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
_APPROVAL = {"1": None, "approve": None, "0": "unapproved", "hold": "unapproved", "spam": "spam"}
_TYPES = {"pingback": "pingback", "trackback": "trackback"}


def is_wxr(root: etree._Element) -> bool:
    if etree.QName(root).localname != "rss":
        return False
    return any((ns or "").startswith(WP_NAMESPACE) for ns in root.nsmap.values()) or any(
        isinstance(el.tag, str) and (etree.QName(el).namespace or "").startswith(WP_NAMESPACE) for el in root.iter()
    )


def _children(element: etree._Element, name: str, namespace: str | None = None) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str):
            qname = etree.QName(child)
            if qname.localname == name and (namespace is None or (qname.namespace or "").startswith(namespace)):
                yield child


def _text(element: etree._Element, name: str, namespace: str | None = WP_NAMESPACE) -> str:
    found = next(_children(element, name, namespace), None)
    return (found.text or "").strip() if found is not None else ""


def _status(comment: etree._Element) -> str | None:
    approved = _text(comment, "comment_approved").lower()
    status = _APPROVAL.get(approved, "trash" if "trash" in approved else None)
    return status or _TYPES.get(_text(comment, "comment_type").lower())


def _item(comment: etree._Element) -> Item:
    when = stamp(_text(comment, "comment_date_gmt"))
    if when.text is None or when.kind is not None:  # no GMT date: the blog's local time, as found
        local = _text(comment, "comment_date")
        when = stamp(local, naive_is_utc=False) if local else when
    parent = _text(comment, "comment_parent")
    return Item(
        id=_text(comment, "comment_id"),
        parent_id=parent if parent not in ("", "0") else None,
        author=" ".join(_text(comment, "comment_author").split()) or None,
        text=comment_text(_text(comment, "comment_content")),
        posted_at=when.text,
        status=_status(comment),
        time_kind=when.kind,
    )


def parse(root: etree._Element, *, source: str, settings: ParseSettings) -> list[Page]:
    pages = []
    without = 0
    channel = next(_children(root, "channel"), root)
    for n, post in enumerate(_children(channel, "item"), 1):
        comments = list(_children(post, "comment", WP_NAMESPACE))
        if not comments:
            without += 1
            continue
        key = _text(post, "post_id") or str(n)
        body = html_to_text(_text(post, "encoded", CONTENT_NAMESPACE))
        pages.append(
            export_page(
                source=f"{source}#{key}",
                article=Article(
                    title=" ".join(_text(post, "title", None).split()) or None, paragraphs=text_paragraphs(body)
                ),
                items=[_item(comment) for comment in comments],
                keep_deleted=settings.keep_deleted,
            )
        )
    if without:
        log.info("%s: %d posts without comments skipped", source, without)
    return pages


__all__ = ["CONTENT_NAMESPACE", "WP_NAMESPACE", "is_wxr", "parse"]
