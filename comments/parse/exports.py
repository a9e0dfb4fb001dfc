"""What every platform export shares: items to a comment tree, HTML to plain text, times to ISO 8601 UTC.

A platform module (``reddit.py``, ``hackernews.py``, …) reads its format into :class:`Item` values
with the platform's own ids and hands them to :func:`export_page`, which builds the reply tree:

- items come out depth first, each reply under its parent, siblings in the order the module gave;
- an item with a ``status`` (deleted, spam, …; see :data:`~comments.model.STATUSES`) is not a comment:
  it is counted, not kept (unless ``keep_deleted``), and its live replies keep their place and depth;
- a reply whose parent is not in the file keeps its ``parent_id`` and depth 1, and is counted in a note.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from comments.model import STATUSES, Article, Comment, Page

#: the formats the tool knows, for the message about a file of an unknown shape
KNOWN_FORMATS = (
    "it reads Reddit (Pushshift or Arctic Shift NDJSON, API JSON), Hacker News (Firebase items, Algolia "
    "items), YouTube (youtube-comment-downloader), Facebook and Instagram comment files, Disqus and "
    "WordPress (WXR) XML exports, the NYT comments CSV, and tables of comments (CSV, JSON or JSON lines "
    "with a text column)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One item of an export, as the platform gives it."""

    id: str
    parent_id: str | None
    """The item replied to; None for a reply to the article itself."""
    author: str | None
    text: str
    posted_at: str | None = None
    status: str | None = None
    """None for a comment; else one of ``STATUSES``."""
    time_kind: str | None = None
    """How ``posted_at`` was read, when not as an absolute time: ``relative``, ``local`` or ``as found``."""


def export_page(
    *,
    source: str,
    article: Article,
    items: Iterable[Item],
    keep_deleted: bool,
    notes: Sequence[str] = (),
) -> Page:
    """The page of one article of an export: its comments in thread order, what was left out counted."""
    by_id: dict[str, Item] = {}
    duplicates = 0
    for n, item in enumerate(items, 1):
        if not item.id:  # an item the export gives no id: nothing can answer it, and it is still a comment
            item = replace(item, id=f"#{n}")
        if item.id in by_id:
            duplicates += 1
        else:
            by_id[item.id] = item
    children: dict[str, list[Item]] = {}
    roots: list[Item] = []
    for item in by_id.values():
        if item.parent_id is not None and item.parent_id in by_id and item.parent_id != item.id:
            children.setdefault(item.parent_id, []).append(item)
        else:
            roots.append(item)
    missing = sum(item.parent_id is not None for item in roots)
    placed: list[tuple[Item, int]] = []
    seen: set[str] = set()

    def walk(root: Item) -> None:
        stack = [(root, 0 if root.parent_id is None else 1)]
        while stack:  # iterative: a reply chain can be thousands deep
            item, depth = stack.pop()
            if item.id in seen:
                continue
            seen.add(item.id)
            placed.append((item, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(item.id, ())))

    for root in roots:
        walk(root)
    looped = 0
    for item in by_id.values():  # items in a loop of replies reach no root
        if item.id not in seen:
            looped += 1
            walk(item)
    statuses = Counter(item.status for item, _ in placed if item.status is not None)
    comments = tuple(
        Comment(
            id=item.id,
            author=item.author,
            parent_id=item.parent_id,
            depth=depth,
            text=item.text,
            posted_at=item.posted_at,
            status=item.status,
        )
        for item, depth in placed
        if item.status is None or keep_deleted
    )
    said = list(notes)
    if missing:
        said.append(f"{missing} {_plural(missing, 'reply', 'replies')}: parent not in the file")
    if looped:
        replies = _plural(looped, "reply", "replies")
        said.append(f"{looped} {replies} in a loop of parents: the loop is cut at its first item")
    if duplicates:
        said.append(f"{duplicates} {_plural(duplicates, 'item')} repeated with the same id: kept once")
    times = Counter(item.time_kind for item, _ in placed if item.time_kind is not None)
    if times["relative"]:
        example = next(i.posted_at for i, _ in placed if i.time_kind == "relative")
        n = times["relative"]
        said.append(f"posted_at: {n} relative {_plural(n, 'time')} as the platform showed them ({example!r})")
    if times["local"]:
        n = times["local"]
        said.append(f"posted_at: {n} {_plural(n, 'time')} in the site's local time (no zone given), as found")
    if times["as found"]:
        n = times["as found"]
        said.append(f"posted_at: {n} {_plural(n, 'time')} not understood, kept as found")
    return Page(
        source=source,
        article=article,
        comments=comments,
        notes=tuple(said),
        status_counts=tuple((status, statuses[status]) for status in STATUSES if statuses[status]),
    )


def listed(value: Any) -> list[Any]:
    """A field that should hold a list, as one (anything else: empty)."""
    return value if isinstance(value, list) else []


def _plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else many or f"{one}s"


# --- times -----------------------------------------------------------------------------------------

_RELATIVE = re.compile(r"\b(?:ago|just now|yesterday|today)\b", re.IGNORECASE)
_EPOCH = re.compile(r"^\s*\d{1,15}(?:\.\d*)?\s*$")
#: seconds since 1970 beyond this are milliseconds (in seconds it would be the year 5138)
_MILLISECONDS_FROM = 1e11
_LATEST = 253_402_300_799  # 9999-12-31T23:59:59Z


@dataclass(frozen=True, slots=True)
class Stamp:
    text: str | None
    kind: str | None = None
    """None: an absolute time in ISO 8601 UTC; else ``relative``, ``local`` (no zone) or ``as found``."""


def stamp(value: Any, *, naive_is_utc: bool = True) -> Stamp:
    """A time of an export as ISO 8601 in UTC (``2024-05-01T10:00:00Z``): from epoch seconds (or
    milliseconds), RFC 3339, or a date and time that the source gives in UTC (``naive_is_utc``).
    A relative time ("10 months ago") or one not understood is kept as found, and says so."""
    if value is None or isinstance(value, bool) or value == "":
        return Stamp(None)
    if isinstance(value, int | float) or (isinstance(value, str) and _EPOCH.match(value)):
        seconds = float(value)
        if seconds > _MILLISECONDS_FROM:
            seconds /= 1000
        if 0 <= seconds <= _LATEST:
            return Stamp(datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        return Stamp(str(value), "as found")
    text = " ".join(str(value).split())
    if _RELATIVE.search(text):
        return Stamp(text, "relative")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return Stamp(text, "as found")
    if moment.tzinfo is None:
        if not naive_is_utc:
            return Stamp(text, "local")
        moment = moment.replace(tzinfo=UTC)
    return Stamp(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


# --- text ------------------------------------------------------------------------------------------

#: characters no text may hold (control codes, surrogates, non-characters) and invisible ones
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2060\ufeff\ud800-\udfff\ufffe\uffff]")
_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    )
)
_DROPPED = ("script", "style", "template", "head", "title", "noscript", "iframe", "object", "svg")
_HTML_HINT = re.compile(
    r"<(?:/?(?:p|br|a|b|i|u|s|em|strong|blockquote|q|div|span|ul|ol|li|pre|code|img|hr)\b[^<>]{0,500}>)"
    r"|&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});",
    re.IGNORECASE,
)
_PARSER = lxml_html.HTMLParser(huge_tree=True)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\((?:[^()\s]|\([^()\s]*\)){1,2000}\)")


def plain_text(text: str) -> str:
    """Text with its whitespace normalised: each line's runs of spaces made one, blank lines dropped."""
    lines = (" ".join(line.split()) for line in _INVISIBLE.sub("", text).splitlines())
    return "\n".join(line for line in lines if line)


def markdown_text(text: str) -> str:
    """A comment written in Markdown (Reddit) as plain text: entities decoded, links as their text;
    quote marks (``>``) and emphasis are kept as typed."""
    # the API escapes &, < and > once; what is left are the entities Markdown itself renders
    return plain_text(_MARKDOWN_LINK.sub(r"\1", html.unescape(html.unescape(text))))


def html_to_text(fragment: str) -> str:
    """A comment or article body written in HTML as plain text.

    Entities are decoded; paragraphs, line breaks (``<p>``, ``<br>``, and newlines in the text, which
    exports such as WordPress's keep for them) and other blocks become line breaks; a link becomes
    its text; lines inside ``<blockquote>`` start with ``> ``; scripts and styles are dropped.
    """
    if "<" not in fragment and "&" not in fragment:
        return plain_text(fragment)
    try:
        markup = f"<html><body>{_INVISIBLE.sub('', fragment)}</body></html>"
        root = lxml_html.document_fromstring(markup, parser=_PARSER)
        body = root.find("body")
        text = _render(body if body is not None else root)
    except (etree.ParserError, ValueError):
        text = ""
    # markup libxml2 gives up on (nested past its depth limit) still has its words
    return text or plain_text(html.unescape(_TAG.sub(" ", fragment)))


def _render(root: etree._Element) -> str:
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)  # their tails are text
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    lines: list[str] = []
    words: list[str] = []
    quote = 0

    def end_line() -> None:
        line = " ".join("".join(words).split())
        if line:
            lines.append("> " * quote + line)
        words.clear()

    def add(text: str | None) -> None:
        if text:
            first, *rest = text.split("\n")
            words.append(first)
            for part in rest:  # a newline in the text is a line break
                end_line()
                words.append(part)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                end_line()
            if tag == "blockquote":
                quote += 1
            add(element.text)
        else:
            if tag in _BLOCKS:
                end_line()
            if tag == "blockquote":
                quote -= 1
            if element is not root:
                add(element.tail)
    end_line()
    return "\n".join(lines)


def comment_text(text: str) -> str:
    """Text that may hold markup (a table cell, a WordPress comment) as plain text: HTML decoded when
    it holds tags or entities, so that ``a < b`` stays as typed."""
    return html_to_text(text) if _HTML_HINT.search(text) else plain_text(text)


def text_paragraphs(text: str) -> tuple[str, ...]:
    """An article body as paragraphs: one per line of its plain text."""
    return tuple(line for line in text.split("\n") if line.strip())


__all__ = [
    "KNOWN_FORMATS",
    "Item",
    "Stamp",
    "comment_text",
    "export_page",
    "html_to_text",
    "listed",
    "markdown_text",
    "plain_text",
    "stamp",
    "text_paragraphs",
]
