"""A whole run: find the pages, parse and score each, write the report. One bad page never stops the others."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from comments.analyze import PageTables, analyze_page, article_id_for
from comments.errors import CommentsError
from comments.parse import Columns, find_pages, parse_file
from comments.report import write_report
from comments.score import TOXICITY_THRESHOLD, Scorer, default_scorers

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    file: str
    stage: str
    error: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSummary:
    pages: int
    comments: int
    commenters: int
    failures: tuple[Failure, ...]
    out_dir: Path
    written: tuple[Path, ...]


def run_report(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    scorers: Sequence[Scorer] | None = None,
    progress: bool = False,
    draw_charts: bool = True,
    toxicity_threshold: float = TOXICITY_THRESHOLD,
    format: str | None = None,
    columns: Columns | None = None,
) -> RunSummary:
    """Parse, score and report every page under ``paths`` into ``out_dir``."""
    scorers = tuple(scorers) if scorers is not None else default_scorers()
    files = list(find_pages(paths))
    tables: list[PageTables] = []
    failures: list[Failure] = []
    taken: set[str] = set()
    bar = tqdm(files, unit="page", file=sys.stderr, disable=not progress or len(files) < 2, leave=False)
    for page_file in bar:
        try:
            pages = parse_file(page_file.path, source=page_file.source, format=format, columns=columns)
            for page in pages:
                article_id = article_id_for(page.source, taken)
                tables.append(
                    analyze_page(page, article_id=article_id, scorers=scorers, toxicity_threshold=toxicity_threshold)
                )
        except CommentsError as err:
            failures.append(
                Failure(file=str(page_file.path), stage=err.stage, error=type(err).__name__, message=str(err))
            )
            log.warning("%s", err)
    written = write_report(
        tables, out_dir, scorers=scorers, failures=[asdict(f) for f in failures], draw_charts=draw_charts
    )
    return RunSummary(
        pages=len(tables),
        comments=sum(len(t.comments) for t in tables),
        commenters=sum(len(t.commenters) for t in tables),
        failures=tuple(failures),
        out_dir=out_dir,
        written=tuple(written),
    )
