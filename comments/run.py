"""A whole run: find the pages, parse and score each, write the report. One bad page never stops the others."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from comments import __version__
from comments.analyze import PageTables, analyze_page, article_id_for
from comments.errors import CommentsError
from comments.parse import MAX_BYTES, Columns, PageFile, find_pages, parse_file
from comments.report import ReportWriter
from comments.report.manifest import library_versions, write_manifest
from comments.score import Scorer, default_scorers, default_threshold

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
    page_charts: int | None = None,
    toxicity_threshold: float | None = None,
    format: str | None = None,
    columns: Columns | None = None,
    raw_csv: bool = False,
    max_bytes: int = MAX_BYTES,
    jobs: int | None = 1,
) -> RunSummary:
    """Parse, score and report every page under ``paths`` into ``out_dir``.

    ``out_dir/run.json`` says what the run read and with what; it reads ``"status": "running"``
    until every report file is in place. Report files are written under temporary names and
    renamed, so an interrupted run leaves no partial file under a final name.

    ``jobs`` worker processes (None: one per core) parse and score chunks of files; the output
    is the same for any number of jobs. ``toxicity_threshold`` None takes the toxicity scorer's own.
    """
    scorers = tuple(scorers) if scorers is not None else default_scorers()
    if toxicity_threshold is None:
        toxicity_threshold = default_threshold(scorers)
    started = _now()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.rglob(".*.part"):
        stale.unlink(missing_ok=True)  # left by an interrupted run
    files = list(find_pages(paths))
    settings = {
        "toxicity_threshold": toxicity_threshold,
        "raw_csv": raw_csv,
        "format": format,
        "charts": draw_charts,
        "page_charts": page_charts,
    }
    manifest: dict[str, Any] = {
        "status": "running",
        "comments_version": __version__,
        "libraries": library_versions(),
        "scorers": [_describe(s) for s in scorers],
        "settings": settings,
        "inputs": [{"file": str(f.path), "source": f.source, "sha256": _sha256(f.path)} for f in files],
        "started": started,
    }
    write_manifest(out_dir / "run.json", manifest)
    failures: list[Failure] = []
    taken: set[str] = set()
    counts = {"files": len(files), "pages": 0, "comments": 0, "commenters": 0, "failed": 0}
    options = _Options(scorers, format, columns, max_bytes, toxicity_threshold)
    tasks = [(files[i : i + CHUNK_FILES], options) for i in range(0, len(files), CHUNK_FILES)]
    bar = tqdm(total=len(files), unit="page", file=sys.stderr, disable=not progress or len(files) < 2, leave=False)
    with ReportWriter(
        out_dir, scorers=scorers, draw_charts=draw_charts, page_charts=page_charts, raw_csv=raw_csv
    ) as writer:
        for (chunk, _), outcomes in zip(
            tasks, _run_tasks(tasks, jobs=jobs or os.cpu_count() or 1, scorers=scorers), strict=True
        ):
            pages = []
            for outcome in outcomes:
                if isinstance(outcome, Failure):
                    failures.append(outcome)
                    log.warning("%s", outcome.message)
                else:
                    # ids are given here, in page order, so that they are the same whatever ran where
                    pages.append(_relabel(outcome, article_id_for(outcome.article_id, taken)))
            writer.add(pages)  # rows go to disk now; only the article rows stay in memory
            counts["pages"] += len(pages)
            counts["comments"] += sum(len(t.comments) for t in pages)
            counts["commenters"] += sum(len(t.commenters) for t in pages)
            bar.update(len(chunk))
        bar.close()
        counts["failed"] = len(failures)
        written = writer.close([asdict(f) for f in failures])
    manifest.update(
        status="complete",
        counts=counts,
        failures=[asdict(f) for f in failures],
        outputs=[p.relative_to(out_dir).as_posix() for p in written],
        finished=_now(),
    )
    write_manifest(out_dir / "run.json", manifest)
    return RunSummary(
        pages=counts["pages"],
        comments=counts["comments"],
        commenters=counts["commenters"],
        failures=tuple(failures),
        out_dir=out_dir,
        written=tuple(written),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _describe(scorer: Scorer) -> dict[str, Any]:
    describe = getattr(scorer, "describe", None)
    return describe() if callable(describe) else {"name": scorer.name}


#: files per task handed to a worker: large enough to amortise the hand-over, small enough to share out
CHUNK_FILES = 8


@dataclass(frozen=True, slots=True)
class _Options:
    scorers: tuple[Scorer, ...]
    format: str | None
    columns: Columns | None
    max_bytes: int
    toxicity_threshold: float


def _work(task: tuple[Sequence[PageFile], _Options]) -> list[PageTables | Failure]:
    """Parse and score a chunk of files; pages carry their source as a provisional id."""
    files, options = task
    outcomes: list[PageTables | Failure] = []
    for page_file in files:
        try:
            pages = parse_file(
                page_file.path,
                source=page_file.source,
                format=options.format,
                columns=options.columns,
                max_bytes=options.max_bytes,
            )
            outcomes += [
                analyze_page(
                    page, article_id=page.source, scorers=options.scorers, toxicity_threshold=options.toxicity_threshold
                )
                for page in pages
            ]
        except CommentsError as err:
            outcomes.append(
                Failure(file=str(page_file.path), stage=err.stage, error=type(err).__name__, message=str(err))
            )
    return outcomes


def _run_tasks(
    tasks: Sequence[tuple[Sequence[PageFile], _Options]], *, jobs: int, scorers: Sequence[Scorer]
) -> Iterator[list[PageTables | Failure]]:
    """The outcomes of every task in order: here, or in a pool of ``jobs`` processes started once."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_work, tasks)
        return
    for scorer in scorers:
        scorer.score(["load the model before the workers fork, so that they share it"])
    # fork shares the loaded models; leaving the block (Ctrl-C included) terminates the workers
    with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), initializer=_worker_init) as pool:
        yield from pool.imap(_work, tasks)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    try:  # on Linux, end with the parent even when it is killed
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _relabel(tables: PageTables, article_id: str) -> PageTables:
    def rows(table: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
        return tuple({**row, "article_id": article_id} for row in table)

    return replace(
        tables,
        article_id=article_id,
        article={**tables.article, "article_id": article_id},
        paragraphs=rows(tables.paragraphs),
        sentences=rows(tables.sentences),
        comments=rows(tables.comments),
        commenters=rows(tables.commenters),
        clutter=rows(tables.clutter),
    )
