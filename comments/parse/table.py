"""Tables of comments (CSV, JSON, JSON lines) that no platform module claims: one row per comment.

Columns are found by name: the defaults below cover common exports, matched without regard to case,
``_``, ``-``, ``.`` or spaces (``commentBody`` is ``comment_body``), and :class:`Columns` names any of
them; nested JSON fields are named by dotted paths (``data.comment.comment``). Rows keep their order;
replies find their parents by the parent column, and a reply whose parent is not earlier in the table
becomes a top-level comment (said in the page's notes). A column not found is said in one note.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from comments.errors import ParseError
from comments.model import Article, Comment, Page
from comments.parse.exports import KNOWN_FORMATS, comment_text, plain_text, text_paragraphs
from comments.settings import Columns

#: Column names tried in order when the user names none (compared as :func:`column_key` makes them).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment_text", "comment", "body", "message", "content", "comment_body", "comment_content"),
    "author": (
        "author",
        "author_name",
        "user",
        "username",
        "user_display_name",
        "display_name",
        "screen_name",
        "commenter",
        "name",
    ),
    "article": ("article_id", "article", "post_id", "thread_id", "page_id", "story_id", "url", "article_url"),
    "title": ("title", "article_title", "headline", "post_title"),
    "parent": ("parent_id", "parent", "reply_to", "reply_to_id", "in_reply_to", "parent_comment_id", "in_reply_to_id"),
    "id": ("comment_id", "id", "cid", "comment_counter"),
    "time": ("posted_at", "created_at", "timestamp", "time", "date", "created_utc", "published", "create_date"),
    "article_text": ("article_text", "article_body", "story", "post_text", "article_content"),
}
#: columns whose absence changes what the tables mean, and what it changes
_SAID_WHEN_MISSING = {
    "author": "every comment anonymous",
    "parent": "no reply tree",
    "article": "all rows one article",
}
#: a CSV header line holds one of these delimiters
_DELIMITERS = (",", "\t", ";", "|")
#: the longest integer Python reads without refusing (its limit is 4,300 digits); longer ones stay text
_LONGEST_INTEGER = 4_000
#: what a column name is compared without: spaces, ``_``, ``.``, ``-``, and invisible characters (a second
#: byte-order mark a tool wrote before the header, a zero-width space pasted with a name)
_NOT_KEY = re.compile("[\\s_.\\-\ufeff\u200b-\u200f\u2060]+")


def column_key(name: str) -> str:
    """A column name as it is compared: ``commentBody``, ``comment_body`` and ``Comment Body`` are one."""
    return _NOT_KEY.sub("", name).lower()


def read_csv(text: str, *, source: str, max_bytes: int) -> list[dict[str, Any]]:
    """The rows of a CSV table with a header line; the delimiter is the header's."""
    # a cell may be as long as the file may be (csv's own limit is 128 KB)
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, 2**31 - 1)))
    # the header line decides the delimiter: sniffing whole rows is fooled by delimiters inside cells
    # the header line ends at any line break csv reads as one (a bare CR too, as old Mac tools write)
    header, *rest = _LINE_BREAK.split(text, maxsplit=1)
    hint = _SEP_HINT.match(header)
    if hint:  # Excel's "sep=;" line names the delimiter and is no header
        delimiter, text = hint.group(1), "".join(rest)
    else:
        try:
            delimiter = _header_delimiter(header)
        except csv.Error as err:
            raise ParseError(f"{source}: not a readable CSV table (line 1: {err})") from err
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [row for row in reader if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    except csv.Error as err:
        raise ParseError(f"{source}: not a readable CSV table (line {reader.line_num}: {err})") from err


#: the first line Excel writes (and reads) to name a CSV file's delimiter: ``sep=;``
_SEP_HINT = re.compile(r"^\ufeff?sep=([,;\t|])$")
#: the line breaks csv reads as the end of a record
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _header_delimiter(header: str) -> str:
    """The delimiter that cuts the header into the most names, quotes respected (a name may hold a comma:
    ``"Title, full";text``); the first of ``_DELIMITERS`` on a tie, a comma when there is none."""
    counts = [(len(next(csv.reader([header], delimiter=d), [])), -n, d) for n, d in enumerate(_DELIMITERS)]
    fields, _, delimiter = max(counts)
    return delimiter if fields > 1 else ","


def _integer(digits: str) -> int | str:
    return int(digits) if len(digits) <= _LONGEST_INTEGER else digits


def read_json(text: str, *, source: str, lines: bool = False) -> tuple[Any, bool]:
    """A JSON document, or the records of a JSON lines file; and whether it was JSON lines.

    JSON lines are recognised from the text (one value followed by more), also in a ``.json`` file.
    """
    if not lines:
        try:
            return json.loads(text, parse_int=_integer), False
        except RecursionError as err:
            raise ParseError(f"{source}: JSON nested too deeply to read; no comment export nests this deep") from err
        except json.JSONDecodeError as err:
            if err.msg != "Extra data":
                raise ParseError(
                    f"{source}: not valid JSON ({err.msg} at line {err.lineno}); check the export"
                ) from err
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line, parse_int=_integer))
            except RecursionError as err:
                raise ParseError(f"{source}: line {number} is JSON nested too deeply to read") from err
            except json.JSONDecodeError as err:
                raise ParseError(f"{source}: line {number} is not JSON ({err.msg}); give one object per line") from err
    return records, True


def json_records(data: Any, *, source: str) -> list[dict[str, Any]]:
    """The records of a JSON table: a list of objects, or the longest list in an object."""
    if isinstance(data, Mapping):
        lists = [v for v in data.values() if isinstance(v, list)]
        if not lists:
            raise ParseError(f"{source}: a JSON object without a list of comments; {KNOWN_FORMATS}")
        data = max(lists, key=len)
    if not isinstance(data, list):
        raise ParseError(f"{source}: JSON holds a {type(data).__name__}, not a list of comments; {KNOWN_FORMATS}")
    return _objects(data, source=source)


def _objects(rows: Iterable[Any], *, source: str) -> list[dict[str, Any]]:
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise ParseError(
                f"{source}: record {n} is a {type(row).__name__}, not an object with named fields; {KNOWN_FORMATS}"
            )
        out.append(_flattened(row))
    return out


def _flattened(row: Mapping[str, Any]) -> dict[str, Any]:
    """Nested objects' fields under dotted names (``{"user": {"name": …}}`` gives ``user.name``)."""
    if not any(isinstance(value, Mapping) for value in row.values()):
        return dict(row)
    out: dict[str, Any] = {}
    stack: list[tuple[str, Mapping[str, Any]]] = [("", row)]
    while stack:
        prefix, mapping = stack.pop()
        for key, value in mapping.items():
            name = f"{prefix}{key}"
            if isinstance(value, Mapping) and value:
                stack.append((f"{name}.", value))
            else:
                out[name] = value
    return out


def _resolve(header: Sequence[str], chosen: Columns, *, source: str, json: bool) -> dict[str, str | None]:
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(column_key(name), name)
    resolved: dict[str, str | None] = {}
    for field in fields(Columns):
        name = getattr(chosen, field.name)
        if name is not None:
            found = name if name in header else by_key.get(column_key(name))
            if found is None:
                raise ParseError(
                    f"{source}: no column {name!r} (columns: {_listed(header)}); "
                    f"pick one with --{field.name.replace('_', '-')}-col"
                )
            resolved[field.name] = found
        else:
            keys = (column_key(c) for c in DEFAULT_COLUMNS[field.name])
            resolved[field.name] = next((by_key[k] for k in keys if k in by_key), None)
    if resolved["text"] is None:
        # JSON records without a text column may be an export of a shape this tool does not know
        known = f", or give a known export: {KNOWN_FORMATS}" if json else ""
        raise ParseError(
            f"{source}: no comment text column (columns: {_listed(header)}); name it with --text-col{known}"
        )
    if resolved["title"] == resolved["article"]:
        resolved["title"] = None
    return resolved


def _listed(header: Sequence[str], limit: int = 15) -> str:
    shown = ", ".join(header[:limit])
    return shown + (f", … ({len(header)} in all)" if len(header) > limit else "")


def cell(row: Mapping[str, Any], column: str | None) -> str | None:
    """A cell as text, or None when empty: a list of texts (a body given as its paragraphs) as paragraphs,
    other nested values as JSON."""
    if column is None:
        return None
    value = row.get(column)
    if value is None:
        return None
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return "\n\n".join(item.strip() for item in value if item.strip()) or None
    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False)
        if isinstance(value, dict | list)
        else str(value)
    )
    return text.strip() or None


def parse_table(
    rows: Sequence[Mapping[str, Any]], *, source: str, columns: Columns | None = None, json: bool = False
) -> list[Page]:
    """Pages of a table, one per article, in the order their first comment appears (``json``: of JSON records)."""
    if not rows:
        raise ParseError(f"{source}: the table has no rows; nothing to parse")
    header = list(dict.fromkeys(key for row in rows for key in row if isinstance(key, str)))
    col = _resolve(header, columns or Columns(), source=source, json=json)
    missing = [name for name in _SAID_WHEN_MISSING if col[name] is None]
    notes = (
        (
            (
                "columns not found: "
                + ", ".join(f"{name} ({_SAID_WHEN_MISSING[name]})" for name in missing)
                + "; name them with "
                + ", ".join(f"--{name}-col" for name in missing)
            ),
        )
        if missing
        else ()
    )
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(cell(row, col["article"]) or "", []).append(row)
    return [_page(key, group, col, source=source, many=len(groups) > 1, notes=notes) for key, group in groups.items()]


def _page(
    key: str,
    rows: Sequence[Mapping[str, Any]],
    col: Mapping[str, str | None],
    *,
    source: str,
    many: bool,
    notes: tuple[str, ...],
) -> Page:
    # a row's own id, the first time it is given; a row without one (or repeating one) gets ``c<row>``,
    # or another free name when the table itself uses that one: ids stay unique, and a reply to a
    # given id always finds the row that carries it
    given_ids = [cell(row, col["id"]) for row in rows]
    taken = {given for given in given_ids if given}
    ids: list[str] = []
    seen: set[str] = set()
    for n, given in enumerate(given_ids, 1):
        if given and given not in seen:
            comment_id = given
        else:
            comment_id, extra = f"c{n}", 1
            while comment_id in taken:
                extra += 1
                comment_id = f"c{n}-{extra}"
            taken.add(comment_id)
        seen.add(comment_id)
        ids.append(comment_id)
    depth: dict[str, int] = {}
    #: the comment a reply to each id hangs under: itself, or for a row left out, what it hung under
    shown_as: dict[str, str | None] = {}
    comments = []
    orphans = empty = 0
    for comment_id, row in zip(ids, rows, strict=True):
        parent = cell(row, col["parent"])
        # a parent must come earlier in the table; anything else (missing, later, itself) makes a top-level comment
        if parent not in shown_as:
            orphans += parent is not None
            parent = None
        parent = None if parent is None else shown_as[parent]
        text = comment_text(cell(row, col["text"]) or "")
        if not text.strip():
            # no words (an empty cell, null, markup only): nothing to score, so not a comment, as an export's
            # deleted item is not one; its replies hang under the comment it answered
            empty += 1
            shown_as[comment_id] = parent
            continue
        shown_as[comment_id] = comment_id
        depth[comment_id] = 0 if parent is None else depth[parent] + 1
        comments.append(
            Comment(
                id=comment_id,
                author=cell(row, col["author"]),
                parent_id=parent,
                depth=depth[comment_id],
                text=text,
                posted_at=cell(row, col["time"]),
            )
        )
    if orphans:
        replies = "reply" if orphans == 1 else "replies"
        notes += (f"{orphans} {replies}: parent not earlier in the table; read as top level",)
    if empty:
        notes += (f"{empty} row{'s' * (empty != 1)} without text: left out, not comments",)
    first = rows[0]
    name = f"{source}#{key}" if many or key else source
    return Page(
        source=name,
        article=Article(
            title=cell(first, col["title"]),
            paragraphs=text_paragraphs(plain_text(cell(first, col["article_text"]) or "")),
        ),
        comments=tuple(comments),
        notes=notes,
    )


__all__ = ["DEFAULT_COLUMNS", "cell", "column_key", "json_records", "parse_table", "read_csv", "read_json"]
