"""What an article page shows of each comment, built once in Python so that the template only reads it.

Views are slotted objects rather than dicts: Jinja2 reads ``c.author`` by trying the attribute first
and the key only after an AttributeError, so a dict costs an exception per field per comment. The
places of the separators between a comment's scores are decided here too, which spares the template
a ``loop`` object (and its look-ahead) per comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from comments.analyze import ANONYMOUS, TOXICITY
from comments.report.chart_columns import TONE_NAMES
from comments.report.html_text import MAX_INDENT, cut, is_number, text


@dataclass(frozen=True, slots=True, kw_only=True)
class ParentView:
    """The comment a reply answers: its number, author and link (within the file or to another part)."""

    n: int
    author: str
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentView:
    """One comment as its page shows it."""

    n: int
    author: str
    posted_at: str
    depth: int
    indent: int
    """The depth drawn: at most ``MAX_INDENT``."""
    text: str
    full_length: int | None
    """The comment's length when ``text`` is cut, else None."""
    parent: ParentView | None
    tones: tuple[tuple[str, Any, bool], ...]
    """(scorer, tone, whether another score follows it)."""
    toxicity: Any
    toxic: bool
    flags: tuple[tuple[str, Any], ...]
    """The attributes at or above the threshold, (name, probability), of a toxic comment (the page shows
    them beside its badge)."""
    other: tuple[tuple[bool, str, Any], ...]
    """(whether another score precedes it, column, score) of scorers that give neither a tone nor toxicity."""


def comment_views(
    comments: Sequence[Mapping[str, Any]],
    *,
    part_of: Mapping[int, int],
    part_files: Sequence[str],
    threshold: float | None,
    tones: Sequence[str],
    attributes: Sequence[str],
    other_scores: Sequence[str],
    max_chars: int,
) -> list[CommentView]:
    """The views of a page's comments, in page order; a reply links to the first comment with its parent id
    that comes before it."""
    first: dict[Any, int] = {}
    for i, row in enumerate(comments):
        first.setdefault(row["comment_id"], i)
    views = []
    for i, row in enumerate(comments):
        body, full_length = cut(row["text"], max_chars)
        parent = first.get(row["parent_id"]) if row["parent_id"] is not None else None
        parent = parent if parent is not None and parent < i else None
        toxicity = row.get(TOXICITY)
        scored = toxicity is not None
        toxic = bool(row.get("toxic"))
        last = len(tones) - 1
        views.append(
            CommentView(
                n=i + 1,
                author=text(row["author"]) or ANONYMOUS,
                posted_at=text(row["posted_at"]),
                depth=row["depth"],
                indent=min(row["depth"], MAX_INDENT),
                text=body,
                full_length=full_length,
                parent=None
                if parent is None
                else ParentView(
                    n=parent + 1,
                    author=text(comments[parent]["author"]) or ANONYMOUS,
                    href=("" if part_of[parent] == part_of[i] else part_files[part_of[parent]]) + f"#c{parent + 1}",
                ),
                tones=tuple((TONE_NAMES[col][0], row[col], n < last or scored) for n, col in enumerate(tones)),
                toxicity=toxicity,
                toxic=toxic,
                flags=tuple(
                    (col.replace("_", " "), row[col])
                    for col in attributes
                    if threshold is not None and is_number(row[col]) and row[col] >= threshold
                )
                if toxic
                else (),
                other=tuple((bool(n or tones or scored), col, row[col]) for n, col in enumerate(other_scores)),
            )
        )
    return views
