"""A whole run: find the pages, parse and score each, write the report. One bad page never stops the others."""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from comments import __version__
from comments.analyze import PageTables, analyze_page, article_id_for
from comments.errors import CommentsError
from comments.parse import MAX_BYTES, Columns, find_pages, parse_file
from comments.report import write_report
from comments.report.manifest import library_versions, write_manifest
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
    page_charts: int | None = None,
    toxicity_threshold: float = TOXICITY_THRESHOLD,
    format: str | None = None,
    columns: Columns | None = None,
    raw_csv: bool = False,
    max_bytes: int = MAX_BYTES,
) -> RunSummary:
    """Parse, score and report every page under ``paths`` into ``out_dir``.

    ``out_dir/run.json`` says what the run read and with what; it reads ``"status": "running"``
    until every report file is in place. Report files are written under temporary names and
    renamed, so an interrupted run leaves no partial file under a final name.
    """
    scorers = tuple(scorers) if scorers is not None else default_scorers()
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
    tables: list[PageTables] = []
    failures: list[Failure] = []
    taken: set[str] = set()
    bar = tqdm(files, unit="page", file=sys.stderr, disable=not progress or len(files) < 2, leave=False)
    for page_file in bar:
        try:
            pages = parse_file(
                page_file.path, source=page_file.source, format=format, columns=columns, max_bytes=max_bytes
            )
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
        tables,
        out_dir,
        scorers=scorers,
        failures=[asdict(f) for f in failures],
        draw_charts=draw_charts,
        page_charts=page_charts,
        raw_csv=raw_csv,
    )
    manifest.update(
        status="complete",
        counts={
            "files": len(files),
            "pages": len(tables),
            "comments": sum(len(t.comments) for t in tables),
            "commenters": sum(len(t.commenters) for t in tables),
            "failed": len(failures),
        },
        failures=[asdict(f) for f in failures],
        outputs=[p.relative_to(out_dir).as_posix() for p in written],
        finished=_now(),
    )
    write_manifest(out_dir / "run.json", manifest)
    return RunSummary(
        pages=len(tables),
        comments=sum(len(t.comments) for t in tables),
        commenters=sum(len(t.commenters) for t in tables),
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
