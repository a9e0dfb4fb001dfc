"""Writing a run's report as its pages come: the CSV tables, the charts and the HTML report.

Rows stream: each batch of scored pages is appended to the CSV files (under temporary names,
renamed into place when the run completes), its per-page charts are drawn and its article pages
written at once, so a run keeps only one row per article (for ``articles.csv``, the corpus charts
and ``index.html``) and the running sums of
the corpus analyses (``CorpusTally``: a few numbers per author, per reply depth and per target, and
the most toxic threads) however large the corpus.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pandas as pd

from comments.analyze import PageTables, table_columns
from comments.analyze.corpus import CorpusTally
from comments.report.chart_columns import ChartColumns
from comments.report.files import TEXT_ERRORS, atomic_path
from comments.report.html import HtmlReport
from comments.report.leaders import TOP
from comments.report.tables import (
    CORPUS_TABLES,
    TABLES,
    corpus_frames,
    csv_ready,
    frames,
    page_rows,
    table_frame,
    write_csv,
    write_errors,
)
from comments.score import Scorer
from comments.settings import ReportSettings

__all__ = ["ReportWriter", "tables_as_frames", "write_report"]

log = logging.getLogger(__name__)

#: rows held before they are appended to the CSV files: each table costs a DataFrame and a to_csv call per
#: batch, whatever the size of the chunks the pages come in
BATCH_ROWS = 20_000


class ReportWriter:
    """Appends pages to the report as they come; ``close`` puts every file in place.

    Use as a context manager: leaving it with an exception removes the partial files,
    so no half-written table ever stands under its final name. A chart that fails is a
    failure of that chart alone (stage ``chart`` in errors.csv); a chart the run's
    columns cannot draw is skipped with a note (``notes``).
    """

    #: the tables a page's charts are drawn from
    _charted_tables = ("sentences.csv", "comments.csv", "commenters.csv", "entities.csv")

    def __init__(self, out_dir: Path, settings: ReportSettings | None = None, *, scorers: Sequence[Scorer]) -> None:
        self.out_dir = out_dir
        self.settings = settings or ReportSettings()
        self.columns = table_columns(scorers)
        self.chart_columns = ChartColumns.of([col for scorer in scorers for col in scorer.columns])
        self.corpus = CorpusTally([col for scorer in scorers for col in scorer.columns])
        """The corpus analyses summed so far (authors, escalation, targets, most toxic threads)."""
        self.articles: list[dict[str, Any]] = []
        self.charted = 0
        self.written: list[Path] = []
        self.chart_failures: list[dict[str, str]] = []
        self._skipped: dict[str, str] = {}
        self._skipped_pages: Counter[str] = Counter()
        self.html = (
            HtmlReport(out_dir, scorers=scorers, chart_columns=self.chart_columns) if self.settings.html else None
        )
        # each table is an atomic_path: renamed into place when the stack closes, removed if it unwinds
        self._stack = ExitStack()
        self._handles: dict[str, IO[str]] = {}
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            for name in TABLES:
                if name == "articles.csv":
                    continue  # written whole at the end: one row per page is all the run keeps
                tmp = self._stack.enter_context(atomic_path(out_dir / name))
                self._handles[name] = self._stack.enter_context(
                    tmp.open("w", encoding="utf-8", errors=TEXT_ERRORS, newline="")
                )
                self._append(name, pd.DataFrame(columns=list(self.columns[name])), header=True)
        except BaseException:  # no `with` is around the writer yet: the tables opened so far are removed here
            self._stack.__exit__(*sys.exc_info())
            raise
        self._pending: dict[str, list[dict[str, Any]]] = {name: [] for name in self._handles}
        self._pending_rows = 0

    @property
    def notes(self) -> list[str]:
        """One line per chart that was skipped, saying why and for how many pages."""
        return [
            f"{chart} not drawn for {self._skipped_pages[chart]} page{'s' * (self._skipped_pages[chart] != 1)}: {why}"
            if self._skipped_pages[chart]
            else f"{chart} not drawn: {why}"
            for chart, why in self._skipped.items()
        ]

    def _append(self, name: str, frame: pd.DataFrame, *, header: bool = False) -> None:
        frame = csv_ready(frame, formulas=not self.settings.raw_csv)
        frame.to_csv(self._handles[name], index=False, header=header)

    def _flush(self) -> None:
        """Append the rows held so far to their CSV files."""
        for name, rows in self._pending.items():
            if rows:
                self._append(name, table_frame(rows, self.columns[name]))
                rows.clear()
        self._pending_rows = 0

    def _draw(self, path: Path, draw: Callable[[], None], *, source: str, page: bool) -> str | None:
        """Draw one chart; a failure costs this chart only. None when it was drawn, else why not ("" when
        the data hold nothing for it to show)."""
        from comments.report import charts, discourse_charts  # matplotlib and seaborn: only when drawing

        try:
            with charts.drawing():
                draw()
        except discourse_charts.NothingToDraw:
            return ""
        except charts.ChartSkipped as why:
            self._skipped.setdefault(path.name, str(why))
            self._skipped_pages[path.name] += page
            return str(why)
        except Exception as err:  # a chart never costs a table: any error is this chart's failure
            message = f"{source}: {path.name} not drawn ({type(err).__name__}: {err})"
            log.warning("%s", message)
            self.chart_failures.append(
                {"file": source, "stage": "chart", "error": type(err).__name__, "message": " ".join(message.split())}
            )
            return f"it failed ({type(err).__name__}; see errors.csv)"
        self.written.append(path)
        return None

    def add(self, pages: Sequence[PageTables]) -> None:
        """Append these pages' rows, draw their charts (up to the page-chart limit) and write their HTML pages."""
        if not pages:
            return
        for name, rows in self._pending.items():
            added = page_rows(pages, name)
            rows += added
            self._pending_rows += len(added)
        if self._pending_rows >= BATCH_ROWS:
            self._flush()
        self.articles.extend(page.article for page in pages)
        self.corpus.add(pages)
        limit = self.settings.page_charts if self.settings.charts else 0
        limit = len(pages) if limit is None else max(0, limit - self.charted)
        charted = pages[:limit]
        tables = (
            {}
            if not limit
            else {name: table_frame(page_rows(charted, name), self.columns[name]) for name in self._charted_tables}
        )
        groups = {name: frame.groupby("article_id", sort=False) for name, frame in tables.items()}
        for n, page in enumerate(pages):
            drawn = self._page_charts(page, tables, groups) if n < limit else {}
            if self.html is not None:
                self.html.add_page(page, drawn, None if n < limit else self._no_charts_note())
        self.charted += min(limit, len(pages))

    def _page_charts(
        self, page: PageTables, tables: dict[str, pd.DataFrame], groups: dict[str, Any]
    ) -> dict[str, str | None]:
        """Draw one page's charts; each file and None (drawn) or why not."""
        from comments.report import charts, discourse_charts

        sentences, comments, commenters, entities = (
            groups[name].get_group(page.article_id)
            if page.article_id in groups[name].groups
            else tables[name].iloc[0:0]
            for name in self._charted_tables
        )
        folder = self.out_dir / page.article_id
        drawn: dict[str, str | None] = {}
        for path, draw in charts.page_charts(page.article, sentences, comments, commenters, folder, self.chart_columns):
            drawn[path.name] = self._draw(path, draw, source=page.article["source"], page=True)
        if not comments.empty:
            path = folder / "entities.png"
            drawn[path.name] = self._draw(
                path,
                lambda: discourse_charts.entities(page.article, entities, path, self.chart_columns),
                source=page.article["source"],
                page=True,
            )
        return drawn

    def _no_charts_note(self) -> str:
        if not self.settings.charts:
            return "Charts are off for this run (--no-charts)."
        if not self.settings.page_charts:
            return "Per-page charts are off for this run (--charts none)."
        first = "page" if self.settings.page_charts == 1 else f"{self.settings.page_charts} pages"
        return f"Charts were drawn for the first {first} of the run only (--charts)."

    def close(self, failures: Sequence[dict[str, str]] = ()) -> list[Path]:
        """Put every table in place, write errors.csv, the corpus charts and the HTML index; return the paths
        written."""
        self._flush()
        self._stack.close()  # closes the handles, then renames the tables into place
        articles = pd.DataFrame.from_records(self.articles, columns=list(self.columns["articles.csv"]))
        write_csv(articles, self.out_dir / "articles.csv", raw=self.settings.raw_csv)
        corpus = corpus_frames(self.corpus, self.columns, min_author_comments=self.settings.min_author_comments)
        for name, frame in corpus.items():
            write_csv(frame, self.out_dir / name, raw=self.settings.raw_csv)
        drawn: dict[str, str | None] = {}
        if self.settings.charts and self.articles:
            from comments.report import charts

            drawn["overview.png"] = self._draw(
                self.out_dir / "overview.png",
                lambda: charts.overview(articles, self.out_dir / "overview.png", self.chart_columns),
                source="(corpus)",
                page=False,
            )
            drawn |= self._corpus_charts(corpus)
        all_failures = [*failures, *self.chart_failures]
        write_errors(all_failures, self.out_dir / "errors.csv", raw=self.settings.raw_csv)
        tables = [*TABLES, *CORPUS_TABLES, "errors.csv"]
        pages: list[Path] = []
        if self.html is not None:
            authors = corpus["authors.csv"]
            active = authors.sort_values(["n_comments", "n_replies_received"], ascending=False, kind="stable")
            pages = self.html.close(
                self.articles,
                failures=all_failures,
                corpus_charts=drawn,
                tables=tables,
                notes=self.notes,
                commenters=[{str(k): v for k, v in row.items()} for row in active.head(TOP).to_dict("records")],
            )
        return [self.out_dir / name for name in tables] + [*self.written, *pages]

    def _corpus_charts(self, corpus: dict[str, pd.DataFrame]) -> dict[str, str | None]:
        """authors.png, escalation.png, targets.png and moderation.png, from the corpus tallies; each file and
        None (drawn) or why not."""
        from comments.report import discourse_charts

        tally, columns, out = self.corpus, self.chart_columns, self.out_dir
        drawings: list[tuple[str, Callable[[], None]]] = [
            (
                "authors.png",
                lambda: discourse_charts.authors(
                    corpus["authors.csv"], out / "authors.png", columns,
                    min_comments=self.settings.min_author_comments, anonymous=tally.authors.anonymous,
                    corpus_share_toxic=tally.share_toxic, threshold=tally.toxicity_threshold,
                ),
            ),
            (
                "escalation.png",
                lambda: discourse_charts.escalation(corpus["escalation.csv"], out / "escalation.png", columns,
                                                    pages=tally.escalation.pages),
            ),
            (
                "targets.png",
                lambda: discourse_charts.targets(tally.target_rows(), out / "targets.png", columns,
                                                 corpus_share_toxic=tally.share_toxic),
            ),
            (
                "moderation.png",
                lambda: discourse_charts.moderation(tally.top_threads.rows(), out / "moderation.png", columns,
                                                    hold_threshold=tally.hold_threshold),
            ),
        ]  # fmt: skip
        return {name: self._draw(out / name, draw, source="(corpus)", page=False) for name, draw in drawings}

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self._stack.__exit__(exc_type, error, trace)  # removes the partial tables


def write_report(
    pages: Sequence[PageTables],
    out_dir: Path,
    settings: ReportSettings | None = None,
    *,
    scorers: Sequence[Scorer],
    failures: Sequence[dict[str, str]] = (),
) -> list[Path]:
    """Write the CSV tables, errors.csv and (unless ``settings.charts`` is off) the charts; return the paths
    written. Text cells that a spreadsheet would run as formulas are neutralised unless ``settings.raw_csv``."""
    with ReportWriter(out_dir, settings, scorers=scorers) as writer:
        writer.add(pages)
        return writer.close(failures)


def tables_as_frames(
    pages: Sequence[PageTables], scorers: Sequence[Scorer], settings: ReportSettings | None = None
) -> dict[str, pd.DataFrame]:
    """The report's tables as pandas DataFrames, keyed by table name (``articles``, ``comments``, …,
    and the corpus tables ``authors`` and ``escalation``), with the columns the CSV files have;
    nothing is written or read back."""
    columns = table_columns(scorers)
    tally = CorpusTally([col for scorer in scorers for col in scorer.columns])
    tally.add(pages)
    min_comments = (settings or ReportSettings()).min_author_comments
    tables = {**frames(pages, columns), **corpus_frames(tally, columns, min_author_comments=min_comments)}
    return {name.removesuffix(".csv"): frame for name, frame in tables.items()}
