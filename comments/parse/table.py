"""Parse table exports of comments (CSV, JSON, JSONL): one row per comment, many articles per file.

Columns are found by name: the defaults below cover common exports, and
:class:`Columns` overrides any of them. Rows keep their order; replies find
their parents by the parent column, and a reply whose parent is not in the
table becomes a top-level comment.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from comments.errors import ParseError
from comments.model import Article, Comment, Page
from comments.settings import Columns

#: Column names tried in order when the user names none.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment_text", "comment", "body", "message", "content", "comment_body"),
    "author": ("author", "author_name", "user", "username", "user_name", "screen_name", "commenter", "name"),
    "article": ("article_id", "article", "post_id", "thread_id", "page_id", "story_id", "url", "article_url"),
    "title": ("title", "article_title", "headline", "post_title"),
    "parent": ("parent_id", "parent", "reply_to", "in_reply_to", "parent_comment_id", "in_reply_to_id"),
    "id": ("comment_id", "id", "cid", "comment_counter"),
    "time": ("posted_at", "created_at", "timestamp", "time", "date", "created_utc", "published"),
    "article_text": ("article_text", "article_body", "story", "post_text", "article_content"),
}


def _rows(text: str, format: str, *, source: str) -> list[dict[str, Any]]:
    if format == "csv":
        # the header line decides the delimiter: sniffing whole rows is fooled by delimiters inside cells
        header = text.split("\n", 1)[0]
        delimiter = next((d for d in (",", "\t", ";", "|") if d in header), ",")
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return [row for row in reader if any((v or "").strip() for v in row.values() if isinstance(v, str))]
        except csv.Error as err:
            raise ParseError(f"{source}: not a readable CSV table (line {reader.line_num}: {err})") from err
    if format == "jsonl":
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ParseError(
                        f"{source}: line {number} is not JSON ({err.msg}); give one object per line"
                    ) from err
        return _objects(rows, source=source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ParseError(f"{source}: not valid JSON ({err.msg} at line {err.lineno}); check the export") from err
    if isinstance(data, Mapping):
        lists = [v for v in data.values() if isinstance(v, list)]
        if not lists:
            raise ParseError(f"{source}: a JSON object without a list of comments; give a list of objects")
        data = max(lists, key=len)
    if not isinstance(data, list):
        raise ParseError(f"{source}: JSON holds a {type(data).__name__}, not a list of comments")
    return _objects(data, source=source)


def _objects(rows: Iterable[Any], *, source: str) -> list[dict[str, Any]]:
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise ParseError(f"{source}: record {n} is a {type(row).__name__}, not an object with named fields")
        out.append(dict(row))
    return out


def _resolve(header: Sequence[str], chosen: Columns, *, source: str) -> dict[str, str | None]:
    lower = {name.strip().lower(): name for name in header}
    resolved: dict[str, str | None] = {}
    for field in fields(Columns):
        name = getattr(chosen, field.name)
        if name is not None:
            if name not in header and name.lower() not in lower:
                raise ParseError(
                    f"{source}: no column {name!r} (columns: {', '.join(header)}); "
                    f"pick one with --{field.name.replace('_', '-')}-col"
                )
            resolved[field.name] = name if name in header else lower[name.lower()]
        else:
            resolved[field.name] = next((lower[c] for c in DEFAULT_COLUMNS[field.name] if c in lower), None)
    if resolved["text"] is None:
        raise ParseError(f"{source}: no comment text column (columns: {', '.join(header)}); name it with --text-col")
    if resolved["title"] == resolved["article"]:
        resolved["title"] = None
    return resolved


def _value(row: Mapping[str, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None:
        return None
    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False)
        if isinstance(value, dict | list)
        else str(value)
    )
    return text.strip() or None


def parse_table_text(text: str, *, source: str, format: str, columns: Columns | None = None) -> list[Page]:
    """Pages of a table export, one per article, in the order their first comment appears."""
    rows = _rows(text, format, source=source)
    if not rows:
        raise ParseError(f"{source}: the table has no rows; nothing to parse")
    header = list(dict.fromkeys(key for row in rows for key in row if isinstance(key, str)))
    col = _resolve(header, columns or Columns(), source=source)
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(_value(row, col["article"]) or "", []).append(row)
    return [_page(key, group, col, source=source, many=len(groups) > 1) for key, group in groups.items()]


def _page(
    key: str, rows: Sequence[Mapping[str, Any]], col: Mapping[str, str | None], *, source: str, many: bool
) -> Page:
    ids: list[str] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 1):
        given = _value(row, col["id"])
        comment_id = given if given and given not in seen else f"c{n}"
        seen.add(comment_id)
        ids.append(comment_id)
    depth: dict[str, int] = {}
    comments = []
    for comment_id, row in zip(ids, rows, strict=True):
        parent = _value(row, col["parent"])
        # a parent must come earlier in the table; anything else (missing, later, itself) makes a top-level comment
        if parent not in depth:
            parent = None
        depth[comment_id] = 0 if parent is None else depth[parent] + 1
        text = _value(row, col["text"]) or ""
        comments.append(
            Comment(
                id=comment_id,
                author=_value(row, col["author"]),
                parent_id=parent,
                depth=depth[comment_id],
                text=text,
                posted_at=_value(row, col["time"]),
            )
        )
    first = rows[0]
    body = _value(first, col["article_text"]) or ""
    paragraphs = tuple(p.strip() for p in body.replace("\r\n", "\n").split("\n") if p.strip())
    name = f"{source}#{key}" if many or key else source
    return Page(
        source=name,
        article=Article(title=_value(first, col["title"]), paragraphs=paragraphs),
        comments=tuple(comments),
    )
