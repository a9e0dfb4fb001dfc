"""The index's table of pages: one row per page, sortable by any column without JavaScript.

Each sort order is written whole, ``PAGE_ROWS`` rows a file (``_pages/<column>-<asc|desc>-<n>.html``),
and each column heading links to its order: a first click sorts the way a reader would look first
(the highest tone, the most comments; titles from A), a second reverses. Missing values (a page
without comments has no comment tone) come last either way; ties keep the page order. Each row is
written twice (once for the index, once for the listings beside it) and reused by every order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from comments.report.chart_columns import TONE_NAMES
from comments.report.html_text import href, is_number, text

#: rows of the page table per file
PAGE_ROWS = 100
#: the folder of the sorted listings; an article id never starts with "_" (comments.analyze.article_id_for)
LISTINGS = "_pages"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the page table, and how it sorts."""

    key: str
    label: str
    title: str
    first: str
    """The direction of a first click: ``asc`` or ``desc``."""
    field: str
    """The article row's field it shows ("" for the title, which sorts by its folded text)."""

    def value(self, row: Mapping[str, Any]) -> Any:
        if not self.field:
            return (text(row["title"]) or row["article_id"]).casefold()
        return row[self.field]


def table_columns(tone: str | None, toxicity: bool) -> list[Column]:
    """The columns a run's scores can fill: tone columns need a tone, share toxic needs toxicity."""
    columns = [
        Column("order", "#", "page order (as in articles.csv)", "asc", "order"),
        Column("title", "Page", "title (the page's id when it has none)", "asc", ""),
    ]
    if tone:
        name = TONE_NAMES[tone][0]
        columns += [
            Column(
                "article_tone", "Article tone", f"mean {name} of the article's sentences", "desc", f"article_{tone}"
            ),
            Column("comment_tone", "Comment tone", f"mean {name} of the comments", "desc", f"comments_mean_{tone}"),
            Column("tone_gap", "Tone gap", "comment tone minus article tone (+: readers warmer)", "desc", "gap"),
        ]
    columns += [
        Column("comments", "Comments", "number of comments", "desc", "n_comments"),
        Column("commenters", "Commenters", "distinct authors of the page's comments", "desc", "n_commenters"),
    ]
    if toxicity:
        columns.append(
            Column("share_toxic", "Share toxic", "share of the comments that are toxic", "desc", "share_toxic")
        )
    return columns


def sorted_rows(rows: Sequence[Mapping[str, Any]], column: Column, direction: str) -> list[Mapping[str, Any]]:
    """Rows by a column, ties kept in page order, missing values last either way."""
    keyed = [(column.value(row), row) for row in rows]
    present = [(value, row) for value, row in keyed if not column.field or is_number(value)]
    missing = [row for value, row in keyed if column.field and not is_number(value)]
    present.sort(key=lambda pair: pair[0], reverse=direction == "desc")  # stable: ties stay in page order
    return [row for _, row in present] + missing


def pager(page: int, pages: int) -> list[int]:
    """The page numbers to link: the first, the last and those near this one (0 stands for a gap)."""
    near = {1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)}
    out: list[int] = []
    for p in sorted(near):
        if out and p > out[-1] + 1:
            out.append(0)
        out.append(p)
    return out


def _order_words(column: Column, direction: str) -> str:
    if column.key == "order":
        return "page order" + (", last first" if direction == "desc" else "")
    if column.key == "title":
        return "title, " + ("Z to A" if direction == "desc" else "A to Z")
    return f"{column.label.lower()}, " + ("highest first" if direction == "desc" else "lowest first")


class PageTable:
    """The table of a run's pages: its first file for the index, and every file of every order."""

    def __init__(self, env: jinja2.Environment, rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> None:
        """``rows``: the article rows in page order, each with its ``order`` (1, 2, …) and its tone ``gap``."""
        self.rows = rows
        self.columns = columns
        self.pages = max(1, -(-len(rows) // PAGE_ROWS))
        template = env.get_template("page_row.html")
        self._html = {
            prefix: [
                Markup(template.render(row=row, columns=columns, href=prefix + href(row["article_id"], "index.html")))
                for row in rows
            ]
            for prefix in ("", "../")
        }

    def index(self) -> dict[str, Any]:
        """The first file in page order, as the index shows it."""
        return self._context(self.rows, self.columns[0], "asc", 1, prefix="")

    def listings(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(file name in LISTINGS, context) of every file of every order."""
        for column in self.columns:
            for direction in ("asc", "desc"):
                ordered = sorted_rows(self.rows, column, direction)
                for n in range(1, self.pages + 1):
                    yield (
                        f"{column.key}-{direction}-{n}.html",
                        self._context(ordered, column, direction, n, prefix="../"),
                    )

    def _context(
        self, ordered: Sequence[Mapping[str, Any]], column: Column, direction: str, n: int, *, prefix: str
    ) -> dict[str, Any]:
        """One file of the table; ``prefix`` leads from that file to the top folder."""
        here = "" if prefix else f"{LISTINGS}/"

        def listing(key: str, way: str, page: int) -> str:
            return f"{here}{key}-{way}-{page}.html"

        rows = ordered[(n - 1) * PAGE_ROWS : n * PAGE_ROWS]
        reverse = "desc" if direction == "asc" else "asc"
        return {
            "columns": [
                {
                    "column": c,
                    "sort": ("ascending" if direction == "asc" else "descending") if c is column else None,
                    "href": listing(c.key, reverse if c is column else c.first, 1),
                }
                for c in self.columns
            ],
            "rows": [self._html[prefix][row["order"] - 1] for row in rows],
            "sorted_by": column,
            "order_words": _order_words(column, direction),
            "direction": direction,
            "page": n,
            "pages": self.pages,
            "total": len(ordered),
            "first_row": (n - 1) * PAGE_ROWS + 1,
            "pager": [(p, listing(column.key, direction, p)) for p in pager(n, self.pages)],
        }
