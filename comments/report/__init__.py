"""Report stage: CSV tables and PNG charts of a run. The only stage that uses pandas and seaborn.

Rows stream: each batch of scored pages is appended to the CSV files (under temporary names,
renamed into place when the run completes) and its per-page charts are drawn at once, so a run
keeps only one row per article (for ``articles.csv`` and the corpus chart) however large the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pandas as pd

from comments.analyze import PageTables, table_columns
from comments.report import charts
from comments.report.files import atomic_path
from comments.report.tables import FLOAT_FORMAT, TABLES, frames, neutralized, write_csv, write_errors
from comments.score import Scorer

__all__ = ["ReportWriter", "write_report"]


class ReportWriter:
    """Appends pages to the report as they come; ``close`` puts every file in place.

    Use as a context manager: leaving it with an exception removes the partial files,
    so no half-written table ever stands under its final name.
    """

    #: the tables a page's charts are drawn from
    _charted_tables = ("sentences.csv", "comments.csv", "commenters.csv")

    def __init__(
        self,
        out_dir: Path,
        *,
        scorers: Sequence[Scorer],
        draw_charts: bool = True,
        page_charts: int | None = None,
        raw_csv: bool = False,
    ) -> None:
        self.out_dir = out_dir
        self.columns = table_columns(scorers)
        self.draw_charts = draw_charts
        self.page_charts = page_charts
        self.raw_csv = raw_csv
        self.articles: list[dict[str, Any]] = []
        self.charted = 0
        self.written: list[Path] = []
        # each table is an atomic_path: renamed into place when the stack closes, removed if it unwinds
        self._stack = ExitStack()
        self._handles: dict[str, IO[str]] = {}
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            if name == "articles.csv":
                continue  # written whole at the end: one row per page is all the run keeps
            tmp = self._stack.enter_context(atomic_path(out_dir / name))
            self._handles[name] = self._stack.enter_context(tmp.open("w", encoding="utf-8", newline=""))
            self._append(name, pd.DataFrame(columns=list(self.columns[name])), header=True)

    def _append(self, name: str, frame: pd.DataFrame, *, header: bool = False) -> None:
        frame = frame if self.raw_csv else neutralized(frame)
        frame.to_csv(self._handles[name], index=False, header=header, float_format=FLOAT_FORMAT)

    def add(self, pages: Sequence[PageTables]) -> None:
        """Append these pages' rows and draw their charts (up to the page-chart limit)."""
        if not pages:
            return
        tables = frames(pages, self.columns, exclude=("articles.csv",))
        for name, frame in tables.items():
            self._append(name, frame)
        self.articles.extend(page.article for page in pages)
        if not self.draw_charts:
            return
        limit = len(pages) if self.page_charts is None else max(0, self.page_charts - self.charted)
        groups = {name: tables[name].groupby("article_id", sort=False) for name in self._charted_tables}
        for page in pages[:limit]:
            sentences, comments, commenters = (
                groups[name].get_group(page.article_id)
                if page.article_id in groups[name].groups
                else tables[name].iloc[0:0]
                for name in self._charted_tables
            )
            self.written += charts.page_charts(
                page.article, sentences, comments, commenters, self.out_dir / page.article_id
            )
        self.charted += min(limit, len(pages))

    def close(self, failures: Sequence[dict[str, str]] = ()) -> list[Path]:
        """Put every table in place, write errors.csv and the corpus chart; return the paths written."""
        self._stack.close()  # closes the handles, then renames the tables into place
        articles = pd.DataFrame.from_records(self.articles, columns=list(self.columns["articles.csv"]))
        write_csv(articles, self.out_dir / "articles.csv", raw=self.raw_csv)
        write_errors(failures, self.out_dir / "errors.csv", raw=self.raw_csv)
        files = [self.out_dir / name for name in TABLES] + [self.out_dir / "errors.csv", *self.written]
        if self.draw_charts and self.articles:
            charts.overview(articles, self.out_dir / "overview.png")
            files.append(self.out_dir / "overview.png")
        return files

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None:
            self._stack.__exit__(kind, error, trace)  # removes the partial tables


def write_report(
    pages: Sequence[PageTables],
    out_dir: Path,
    *,
    scorers: Sequence[Scorer],
    failures: Sequence[dict[str, str]] = (),
    draw_charts: bool = True,
    page_charts: int | None = None,
    raw_csv: bool = False,
) -> list[Path]:
    """Write the CSV tables, errors.csv and (unless ``draw_charts`` is off) the charts; return the paths written.

    ``page_charts`` limits the per-page charts to the first that many pages (None: every page);
    the corpus chart is drawn whenever charts are.

    Text cells that a spreadsheet would run as formulas are neutralised unless ``raw_csv``.
    """
    with ReportWriter(
        out_dir, scorers=scorers, draw_charts=draw_charts, page_charts=page_charts, raw_csv=raw_csv
    ) as writer:
        writer.add(pages)
        return writer.close(failures)
