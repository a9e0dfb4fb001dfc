"""New York Times comments as published on Kaggle ("New York Times Comments", 2017-2018).

``CommentsMONTHYEAR.csv`` has a row per comment: ``commentID``, ``articleID``, ``commentBody`` (HTML:
``<br/>`` line breaks, entities), ``userDisplayName``, ``createDate`` (epoch seconds), ``parentID``
(``0`` for a top-level comment), ``inReplyTo``, ``depth``, ``commentType`` and more; ids are often
written as floats (``22022598.0``). ``ArticlesMONTHYEAR.csv`` beside it has ``articleID``, ``headline``
and ``abstract`` or ``snippet``: the articles, joined by ``articleID``. Each article is a page.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from comments.errors import CompanionFile
from comments.model import Article, Page
from comments.parse.companions import companion_files, first_line, load_companion
from comments.parse.exports import Item, comment_text, export_page, plain_text, stamp, text_paragraphs
from comments.parse.table import cell, column_key, read_csv
from comments.settings import ParseSettings

_COMMENT_COLUMNS = frozenset({"commentbody", "commentid", "articleid"})
_ARTICLE_COLUMNS = frozenset({"articleid", "headline"})
_FLOAT_ID = re.compile(r"^(\d+)\.0*$")


def is_comments(header: Sequence[str]) -> bool:
    return {column_key(name) for name in header} >= _COMMENT_COLUMNS


def is_articles(header: Sequence[str]) -> bool:
    keys = {column_key(name) for name in header}
    return keys >= _ARTICLE_COLUMNS and "commentbody" not in keys


def _columns(header: Sequence[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for name in header:
        columns.setdefault(column_key(name), name)
    return columns


def _id(value: str | None) -> str | None:
    """An id as the NYT gives it (``22022598.0`` is 22022598); None for none or ``0``."""
    if value is None:
        return None
    whole = _FLOAT_ID.match(value)
    text = whole.group(1) if whole else value
    return None if text.strip("0") == "" else text


def parse(rows: Sequence[Mapping[str, Any]], *, path: Path, source: str, settings: ParseSettings) -> list[Page]:
    header = [key for key in rows[0] if isinstance(key, str)] if rows else []
    if is_articles(header):
        raise CompanionFile(
            f"{source}: NYT articles, no comments: joined to the comments beside it; "
            "give the comments file (CommentsMONTHYEAR.csv), with this one beside it or named with --articles"
        )
    col = _columns(header)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(_id(cell(row, col.get("articleid"))) or "", []).append(row)
    articles: dict[str, Any] = {}
    notes: list[str] = []
    for companion in companion_files(path, settings, _is_articles_file):
        found, note = load_companion(companion, settings, _load_articles)
        articles |= found
        notes += [note] if note else []
    pages = []
    for key, group in groups.items():
        article = articles.get(key)
        said = [] if article else [f"article {key} not in an articles file beside the comments: no headline"]
        pages.append(
            export_page(
                source=f"{source}#{key}",
                article=Article(
                    title=article["headline"] if article else None,
                    paragraphs=text_paragraphs(article["abstract"]) if article else (),
                ),
                items=[_item(row, col) for row in group],
                keep_deleted=settings.keep_deleted,
                notes=[*notes, *said],
            )
        )
    return pages


def _item(row: Mapping[str, Any], col: Mapping[str, str]) -> Item:
    parent = _id(cell(row, col.get("parentid"))) or _id(cell(row, col.get("inreplyto")))
    when = stamp(cell(row, col.get("createdate")))
    return Item(
        id=_id(cell(row, col.get("commentid"))) or "",
        parent_id=parent,
        author=cell(row, col.get("userdisplayname")),
        text=comment_text(cell(row, col.get("commentbody")) or ""),
        posted_at=when.text,
        time_kind=when.kind,
    )


def _is_articles_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and is_articles(next(csv.reader([first_line(path)]), []))


def _load_articles(path: Path) -> dict[str, Any]:
    rows = read_csv(path.read_bytes().decode("utf-8", errors="replace"), source=path.name, max_bytes=1 << 31)
    col = _columns([key for key in rows[0] if isinstance(key, str)]) if rows else {}
    out: dict[str, Any] = {}
    for row in rows:
        key = _id(cell(row, col.get("articleid")))
        if key:
            headline = plain_text(cell(row, col.get("headline")) or "")
            abstract = cell(row, col.get("abstract")) or cell(row, col.get("snippet")) or ""
            out.setdefault(key, {"headline": headline or None, "abstract": comment_text(abstract)})
    return out


__all__ = ["is_articles", "is_comments", "parse"]
