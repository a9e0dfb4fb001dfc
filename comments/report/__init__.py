"""Report stage: CSV tables and PNG charts of a run. The only stage that uses pandas and seaborn."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from comments.analyze import PageTables, table_columns
from comments.report import charts
from comments.report.tables import frames, write_csv, write_errors
from comments.score import Scorer

__all__ = ["write_report"]


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
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = frames(pages, table_columns(scorers))
    written = []
    for name, frame in tables.items():
        write_csv(frame, out_dir / name, raw=raw_csv)
        written.append(out_dir / name)
    write_errors(failures, out_dir / "errors.csv", raw=raw_csv)
    written.append(out_dir / "errors.csv")
    if not draw_charts:
        return written
    sentences = tables["sentences.csv"].groupby("article_id", sort=False)
    comments = tables["comments.csv"].groupby("article_id", sort=False)
    commenters = tables["commenters.csv"].groupby("article_id", sort=False)
    empty = {name: tables[name].iloc[0:0] for name in ("sentences.csv", "comments.csv", "commenters.csv")}
    for page in pages if page_charts is None else pages[:page_charts]:
        key = page.article_id
        written += charts.page_charts(
            page.article,
            sentences.get_group(key) if key in sentences.groups else empty["sentences.csv"],
            comments.get_group(key) if key in comments.groups else empty["comments.csv"],
            commenters.get_group(key) if key in commenters.groups else empty["commenters.csv"],
            out_dir / key,
        )
    if pages:
        charts.overview(tables["articles.csv"], out_dir / "overview.png")
        written.append(out_dir / "overview.png")
    return written
