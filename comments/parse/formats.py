"""Which reader a file needs, recognised from its content: the one place that decides.

The file ending gives the container (HTML, text, CSV, JSON, JSON lines, XML; none: looked at); the
content gives the shape: the root element of an XML export, the field names of JSON records, the
header of a CSV table. A platform export goes to its module, anything else to the generic readers.
``ParseSettings.format`` forces a reader: a generic one (``csv``, ``json``, …) skips recognition, a
platform's (``reddit``, …) skips the guess of which platform.

Every page of every reader leaves through :func:`parse_data`, which drops what no text of a report may
hold, whichever reader let it through: control characters (a terminal runs ``ESC [`` sequences from a
CSV file shown with ``cat``) and lone surrogates (they cannot be written as UTF-8).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from lxml import etree

from comments.errors import ParseError
from comments.model import Page
from comments.parse import disqus, facebook, hackernews, nyt, reddit, wordpress_export, youtube
from comments.parse.exports import KNOWN_FORMATS
from comments.parse.finding import FORMATS_BY_SUFFIX
from comments.parse.reading import decode
from comments.parse.table import json_records, parse_table, read_csv, read_json
from comments.parse.text import parse_text
from comments.settings import EXPORT_FORMATS, ParseSettings

_XML_ROOT = re.compile(rb"^(?:\s|<\?[^>]{0,500}\?>|<!--.{0,2000}?-->|<!DOCTYPE[^>]{0,2000}>)*<([\w:.-]+)", re.DOTALL)
_EXPORT_ROOTS = (b"disqus", b"rss")
# entities defined in the file are expanded (libxml2 refuses exponential expansion); external ones never
_XML_PARSER = etree.XMLParser(resolve_entities="internal", no_network=True, huge_tree=True, load_dtd=False)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_JSON_START = re.compile(r"[\ufeff\s]{0,1000}[\[{]")


def container(path: Path) -> str | None:
    """How a file is read, by its ending: None for an unknown ending; ``auto`` for none at all."""
    return FORMATS_BY_SUFFIX.get(path.suffix.lower(), "auto" if not path.suffix else None)


def parse_data(data: bytes, path: Path, *, source: str, settings: ParseSettings, kind: str) -> list[Page]:
    """Pages of a file's bytes, ``kind`` being its container or the format the user chose; no text of
    them holds a control character (other than tab and line breaks) or a lone surrogate."""
    return [_clean(page) for page in _pages(data, path, source=source, settings=settings, kind=kind)]


#: C0 and C1 control characters but tab, line feed and carriage return; DEL; lone surrogates
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: what a one-line field (a name, an id, a title, a time) may not hold either: a line break, which a
#: CSV writer leaves unquoted when it is a lone carriage return, so that a reader splits the row
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(value: str) -> str:
    return _UNWRITABLE.sub("", value) if _UNWRITABLE.search(value) else value


def _line(value: str) -> str:
    """A one-line field: line breaks and tabs made spaces, the other characters of ``_UNWRITABLE`` dropped."""
    if not _NOT_IN_A_LINE.search(value):
        return value
    return re.sub(r"[\t\n\r]+", " ", _UNWRITABLE.sub("", value)).strip()


def _maybe(value: str | None) -> str | None:
    """A name, title or time: None when nothing of it is left."""
    return None if value is None else _line(value) or None


def _clean(page: Page) -> Page:
    """``page`` without the characters of ``_UNWRITABLE`` in any of its texts, nor line breaks in its
    one-line fields (ids included, the same way in ``id`` and ``parent_id``, so that every reply still
    finds its parent)."""
    article = page.article
    texts = [*article.paragraphs, *page.notes, *(block.text for block in article.clutter)]
    texts += [c.text for c in page.comments]
    lines = [article.title or "", *(text for block in article.clutter for text in (block.cue, block.kind))]
    lines += [text or "" for c in page.comments for text in (c.id, c.parent_id, c.author, c.posted_at)]
    if not any(_UNWRITABLE.search(text) for text in texts) and not any(_NOT_IN_A_LINE.search(t) for t in lines):
        return page  # the common case: nothing rebuilt
    ids = _clean_ids([c.id for c in page.comments])
    return replace(
        page,
        article=replace(
            article,
            title=_maybe(article.title),
            paragraphs=tuple(_text(p) for p in article.paragraphs),
            clutter=tuple(
                replace(block, text=_text(block.text), cue=_line(block.cue), kind=_line(block.kind))
                for block in article.clutter
            ),
        ),
        comments=tuple(
            replace(
                c,
                id=ids[c.id],
                parent_id=None if c.parent_id is None else ids.get(c.parent_id, _line(c.parent_id)),
                author=_maybe(c.author),
                text=_text(c.text),
                posted_at=_maybe(c.posted_at),
            )
            for c in page.comments
        ),
        notes=tuple(_text(note) for note in page.notes),
    )


def _clean_ids(ids: list[str]) -> dict[str, str]:
    """Each id cleaned like a one-line field; two ids that differ only in what cleaning takes out stay two
    (the later one gets ``~2``, ``~3``…), so no reply changes parent."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for old in ids:
        new = base = _line(old)
        n = 1
        while new in used:
            n += 1
            new = f"{base}~{n}"
        out[old] = new
        used.add(new)
    return out


def _pages(data: bytes, path: Path, *, source: str, settings: ParseSettings, kind: str) -> list[Page]:
    forced = settings.format is not None
    if kind in ("disqus", "wordpress") or (kind == "xml") or (not forced and kind != "csv" and _xml_export(data)):
        return _xml(data, source=source, settings=settings, kind=kind)
    misread = (f"an XML comment export read as {kind} as asked; drop --format to read its comments",)
    if kind == "html":
        from comments.parse.html import declared_charset, parse_html_text

        text, notes = decode(data, path, declared=declared_charset(data))
        return _noted([parse_html_text(text, source=source)], notes + (misread if _xml_export(data) else ()))
    text, notes = decode(data, path)
    if kind == "text" and _xml_export(data):
        notes += misread
    if kind in ("auto", "text") and not forced and _JSON_START.match(text):
        # a file without an ending (a decompressed dump, the YouTube downloader's default name) is
        # often JSON; a .txt file that only starts like JSON is a text
        try:
            return _noted(_json(text, path, source=source, settings=settings, kind="json"), notes)
        except ParseError:
            if kind == "auto":
                raise
    if kind in ("text", "auto"):
        return _noted([parse_text(text, source=source)], notes)
    if kind in ("csv", "nyt"):
        rows = read_csv(text, source=source, max_bytes=settings.max_bytes)
        header = [name for name in rows[0] if isinstance(name, str)] if rows else []  # a ragged row's rest: None
        if kind == "nyt" or (not forced and (nyt.is_comments(header) or nyt.is_articles(header))):
            pages = nyt.parse(rows, path=path, source=source, settings=settings)
            return _noted(pages, notes + _columns_unused(settings, "an NYT comments export", "csv"))
        return _noted(parse_table(rows, source=source, columns=settings.columns), notes)
    return _noted(_json(text, path, source=source, settings=settings, kind=kind), notes)


def _noted(pages: list[Page], notes: tuple[str, ...]) -> list[Page]:
    return [replace(page, notes=page.notes + notes) for page in pages] if notes else pages


def _xml_export(data: bytes) -> bool:
    head = data[:4096]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    found = _XML_ROOT.match(head)
    return (
        found is not None
        and found.group(1).split(b":")[-1].lower() in _EXPORT_ROOTS
        and (found.group(1).lower() != b"rss" or b"wordpress.org/export/" in head)
    )


def _xml(data: bytes, *, source: str, settings: ParseSettings, kind: str) -> list[Page]:
    try:
        root = etree.fromstring(data, parser=_XML_PARSER)
    except etree.XMLSyntaxError as err:
        raise ParseError(f"{source}: not well-formed XML ({err}); check that the export is complete") from err
    if root is None:
        raise ParseError(f"{source}: an XML file without elements; {KNOWN_FORMATS}")
    name = etree.QName(root).localname
    if kind == "disqus" or (kind != "wordpress" and name == "disqus"):
        return _noted(
            disqus.parse(root, source=source, settings=settings), _columns_unused(settings, "a Disqus export")
        )
    if kind == "wordpress" or wordpress_export.is_wxr(root):
        pages = wordpress_export.parse(root, source=source, settings=settings)
        return _noted(pages, _columns_unused(settings, "a WordPress export"))
    raise ParseError(f"{source}: an XML file of a shape this tool does not know (root <{name}>); {KNOWN_FORMATS}")


#: records looked at to recognise a JSON export
_SAMPLE = 10
_YOUTUBE_FIELDS = frozenset({"time", "author", "channel", "votes", "photo", "heart", "reply", "time_parsed"})


def _sample(data: Any) -> list[Any]:
    return (data if isinstance(data, list) else [data])[:_SAMPLE]


def _all_and_any(data: Any, each: Callable[[Any], bool], some: Callable[[Any], bool]) -> bool:
    """Whether every sampled record passes ``each`` and at least one passes ``some``."""
    sample = _sample(data)
    return bool(sample) and all(isinstance(r, dict) and each(r) for r in sample) and any(some(r) for r in sample)


def recognise_json(data: Any) -> str | None:
    """The platform whose export ``data`` (a loaded JSON document or JSON lines' records) is, if any."""
    comments = youtube.comments_of(data)
    if comments is not None and _all_and_any(
        comments, youtube.is_comment, lambda r: len(_YOUTUBE_FIELDS & r.keys()) >= 2
    ):
        return "youtube"
    if reddit.is_listing(data):
        return "reddit listing"
    if _all_and_any(data, lambda r: reddit.is_comment(r) or reddit.is_submission(r), lambda r: True):
        return "reddit"
    if hackernews.is_algolia_tree(data):
        return "hackernews algolia"
    if _all_and_any(
        data,
        lambda r: (
            hackernews.item_type(r) in hackernews.ITEM_TYPES and "id" in r and "author" not in r and "children" not in r
        ),
        lambda r: "by" in r or "kids" in r or "descendants" in r,
    ):
        return "hackernews"
    if facebook.entries_of(data) is not None:
        return "facebook"
    return None


def _columns_unused(settings: ParseSettings, export: str, table: str | None = None) -> tuple[str, ...]:
    """A note when column options were given for a file that a platform's reader read."""
    if all(getattr(settings.columns, column.name) is None for column in fields(settings.columns)):
        return ()
    instead = f" (read it as a plain table with --format {table})" if table else ""
    return (f"read as {export}: the column options are for plain tables and were not used{instead}",)


def _json(text: str, path: Path, *, source: str, settings: ParseSettings, kind: str) -> list[Page]:
    data, lines = read_json(text, source=source, lines=kind == "jsonl")
    forced = settings.format if settings.format in EXPORT_FORMATS else None
    shape = None if settings.format in ("json", "jsonl") else recognise_json(data)
    if forced is not None and (shape or "").split(" ")[0] != forced:
        raise ParseError(f"{source}: not a {forced} export in a shape this tool knows; {KNOWN_FORMATS}")
    if shape is not None:
        unused = _columns_unused(settings, f"a {_NAMES[shape]} export", "jsonl" if lines else "json")
        return _noted(_platform(shape, data, path, source=source, settings=settings), unused)
    return parse_table(json_records(data, source=source), source=source, columns=settings.columns, json=True)


_NAMES = {
    "youtube": "YouTube",
    "reddit listing": "Reddit",
    "reddit": "Reddit",
    "hackernews algolia": "Hacker News",
    "hackernews": "Hacker News",
    "facebook": "Facebook",
}


def _platform(shape: str, data: Any, path: Path, *, source: str, settings: ParseSettings) -> list[Page]:
    if shape == "youtube":
        return youtube.parse(youtube.comments_of(data) or [], path=path, source=source, settings=settings)
    if shape == "reddit listing":
        return reddit.parse_listing(data, source=source, settings=settings)
    if shape == "reddit":
        return reddit.parse_dump(_records(data), path=path, source=source, settings=settings)
    if shape == "hackernews algolia":
        return hackernews.parse_algolia(data, source=source, settings=settings)
    if shape == "hackernews":
        return hackernews.parse_items(_records(data), source=source, settings=settings)
    return facebook.parse(facebook.entries_of(data) or [], source=source, settings=settings)


def _records(data: Any) -> list[Any]:
    return data if isinstance(data, list) else [data]


__all__ = ["container", "parse_data", "recognise_json"]
