"""A whole run: find the pages, parse and score each, write the report. One bad page never stops the others."""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from comments import pool, stopping
from comments.analyze import PageTables, analyze_pages, article_id_for, resolved_thresholds
from comments.analyze.languages import LanguageCounts
from comments.errors import CommentsError, CompanionFile
from comments.model import STATUSES, Page
from comments.parse import PageFile, find_inputs, parse_file
from comments.pool import CHUNK_FILES as CHUNK_FILES  # the most files of a task (tests size corpora by it)
from comments.report.files import claimed
from comments.report.manifest import library_versions, write_manifest
from comments.score import Cache, MemoryCache, ScoreCache, ScoreCounts, Scorer, default_scorers
from comments.settings import Settings
from comments.version import __version__

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
    settings: Settings
    """The run's settings, the toxicity threshold resolved to the one it used."""
    notes: tuple[str, ...] = ()
    """What the run could not do and why (charts its scorers' columns cannot draw)."""
    left_out: tuple[tuple[str, int], ...] = ()
    """(status, count) of the exports' items that are not comments (deleted, spam, …), over the run."""
    by_script: tuple[tuple[str, str], ...] = ()
    """(source, comment system) of the saved pages whose comments load by script."""
    held: int = 0
    """Comments a moderation queue would hold back (held.csv)."""
    languages: dict[str, dict[str, int]] = field(default_factory=dict)
    """Pages (``articles``), article sentences and comments per language."""
    not_scored: tuple[str, ...] = ()
    """Units left unscored for their language: ``312 comments in other languages (de 290, fr 22): not
    scored by vader, textblob, bilstm``."""

    @property
    def failed_files(self) -> tuple[Failure, ...]:
        """The input files that could not be reported (a chart that failed is not a failed file)."""
        return tuple(f for f in self.failures if f.stage != "chart")


def run_report(
    paths: Sequence[Path], out_dir: Path, settings: Settings | None = None, scorers: Sequence[Scorer] | None = None
) -> RunSummary:
    """Parse, score and report every page under ``paths`` into ``out_dir``.

    ``scorers`` None builds the scorers ``settings.score`` names (``default_scorers``).

    ``out_dir/run.json`` says what the run read and with what; it reads ``"status": "running"``
    until every report file is in place. Report files are written under temporary names and
    renamed, so an interrupted run leaves no partial file under a final name.

    ``settings.run.jobs`` worker processes (None: one per core) parse and score chunks of files;
    the output is the same for any number of jobs.

    Each distinct text is scored once: with ``settings.run.cache_dir``, scores go to a SQLite cache
    that every worker shares and later runs read (so a grown archive scores only its new texts);
    without it, each process keeps the texts it has met in memory (a text repeated in two workers'
    chunks may be scored by each; the output is the same).

    ``settings.run.engine == "dask"`` runs the same chunks as Dask tasks on the cluster at
    ``settings.run.scheduler`` (a ``dask.distributed`` LocalCluster of ``jobs`` workers when None);
    the output is the same. With a remote cluster, the cache folder must be one every worker can reach.
    """
    settings = settings or Settings()
    scorers = tuple(scorers) if scorers is not None else default_scorers(settings.score)
    settings = replace(settings, analyze=resolved_thresholds(settings.analyze, scorers))  # decided once for the run
    with claimed(out_dir):
        _remove_cache(out_dir / OLD_RUN_CACHE)
        return _run(paths, out_dir, settings, scorers)


def _run(paths: Sequence[Path], out_dir: Path, settings: Settings, scorers: tuple[Scorer, ...]) -> RunSummary:
    """The run, in an output folder this run holds."""
    run = settings.run
    started = _now()
    score_counts = ScoreCounts()
    cache: Cache
    if run.cache_dir is not None:
        cache = ScoreCache(run.cache_dir / CACHE_FILE)
        cache.check()  # the user asked for this cache: say what is wrong with it before the run starts
        score_counts.notes += cache.notes
    else:
        cache = MemoryCache()
    inputs = find_inputs(paths, settings.parse, exclude=[out_dir])
    files = inputs.files
    skipped = [str(s) for s in inputs.skipped]
    for line in skipped:
        log.warning("%s", line)
    failures: list[Failure] = []
    left_out: Counter[str] = Counter()
    by_script: list[tuple[str, str]] = []
    taken: set[str] = set()
    counts = {"files": len(files), "pages": 0, "comments": 0, "commenters": 0, "failed": 0}
    held = 0
    tasks = pool.chunks(files, pool.workers(run, len(files)))
    languages = LanguageCounts()
    # a pool's workers start on their first chunks here; the report's own start-up runs meanwhile
    with pool.started(_work, tasks, run, _Options(scorers, settings, cache)) as done:
        from comments.report import ReportWriter  # pandas and Jinja2: only in the process that writes the report

        manifest: dict[str, Any] = {
            "status": "running",
            "comments_version": __version__,
            "libraries": library_versions(),
            "scorers": [_describe(s) for s in scorers],
            "settings": settings.to_json(),
            "inputs": [{"file": str(f.path), "source": f.source, "sha256": _sha256(f.path)} for f in files],
            "skipped": [{"path": str(s.path), "reason": s.reason} for s in inputs.skipped],
            "started": started,
        }
        progress = tqdm(
            total=len(files), unit="page", file=sys.stderr, disable=not run.progress or len(files) < 2, leave=False
        )
        with (
            _running(out_dir, manifest),
            closing(progress) as bar,  # an interrupted run's last line is not written over its progress bar
            ReportWriter(out_dir, settings.report, scorers=scorers) as writer,
            _closing(cache),
        ):
            for chunk, result in zip(tasks, done, strict=True):
                stopping.check()
                score_counts.add(result.counts)
                pages = []
                for outcome in result.outcomes:
                    if isinstance(outcome, Failure):
                        failures.append(outcome)
                        log.warning("%s", outcome.message)
                    else:
                        # ids are given here, in page order, so that they are the same whatever ran where
                        pages.append(outcome.relabelled(article_id_for(outcome.article_id, taken)))
                writer.add(pages)  # rows go to disk now; only the article rows stay in memory
                for tables in pages:
                    left_out.update({s: tables.article.get(f"n_{s}", 0) for s in STATUSES})
                    if tables.article.get("comment_system"):
                        by_script.append((tables.article["source"], tables.article["comment_system"]))
                    languages.add(tables.article, tables.sentences, tables.comments)
                counts["pages"] += len(pages)
                counts["comments"] += sum(len(t.comments) for t in pages)
                counts["commenters"] += sum(len(t.commenters) for t in pages)
                held += sum(len(t.held) for t in pages)
                bar.update(len(chunk))
            bar.close()
            stopping.check()
            counts["failed"] = len(failures)
            written = writer.close([asdict(f) for f in failures])
            chart_failures = [Failure(**failure) for failure in writer.chart_failures]
            notes = (*skipped, *score_counts.notes, *writer.notes)
    manifest.update(
        status="complete",
        counts=counts,
        texts={"scored": dict(score_counts.scored), "from_cache": dict(score_counts.cached)},
        languages=languages.to_json(),
        not_scored=list(languages.lines(scorers)),
        failures=[asdict(f) for f in (*failures, *chart_failures)],
        notes=list(notes),
        left_out={s: left_out[s] for s in STATUSES if left_out[s]},
        comments_by_script=[{"source": source, "system": system} for source, system in by_script],
        outputs=[p.relative_to(out_dir).as_posix() for p in written],
        finished=_now(),
    )
    write_manifest(out_dir / "run.json", manifest)
    return RunSummary(
        pages=counts["pages"],
        comments=counts["comments"],
        commenters=counts["commenters"],
        failures=(*failures, *chart_failures),
        out_dir=out_dir,
        written=tuple(written),
        settings=settings,
        notes=notes,
        left_out=tuple((s, left_out[s]) for s in STATUSES if left_out[s]),
        by_script=tuple(by_script),
        held=held,
        languages=languages.to_json(),
        not_scored=languages.lines(scorers),
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


#: the SQLite file of scores in a --cache folder
CACHE_FILE = "scores.sqlite"
#: where earlier versions kept a run's own scores in the output folder: one an interrupted run left is removed
OLD_RUN_CACHE = ".scores.run.sqlite"


def _remove_cache(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _running(out_dir: Path, manifest: dict[str, Any]) -> Iterator[None]:
    """run.json says "running" (``manifest``) while the block runs, and "interrupted" if Ctrl-C or a signal
    stops it (its tables are gone; an earlier report's may still be in the folder)."""
    try:
        write_manifest(out_dir / "run.json", manifest)
        yield
    except (KeyboardInterrupt, stopping.Stopped):
        with suppress(OSError, CommentsError):
            write_manifest(out_dir / "run.json", {**manifest, "status": "interrupted", "finished": _now()})
        raise


@contextmanager
def _closing(cache: Cache) -> Iterator[None]:
    try:
        yield
    finally:
        cache.close()


@dataclass(frozen=True, slots=True)
class _Options:
    """What a worker needs for a chunk: plain values that pickle (the cache opens its own connection)."""

    scorers: tuple[Scorer, ...]
    settings: Settings
    cache: Cache | None = None


@dataclass(frozen=True, slots=True)
class _ChunkResult:
    outcomes: list[PageTables | Failure]
    counts: ScoreCounts


def _failure(page_file: PageFile, err: Exception, stage: str) -> Failure:
    """A file's failure: a CommentsError says what is wrong; anything else is a bug met on this file."""
    if isinstance(err, CommentsError):
        return Failure(file=str(page_file.path), stage=err.stage, error=type(err).__name__, message=str(err))
    what = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    message = f"{page_file.path}: could not be {stage}d ({what}); the other files are reported; please report this"
    return Failure(file=str(page_file.path), stage=stage, error=type(err).__name__, message=message)


def _work(files: Sequence[PageFile], options: _Options) -> _ChunkResult:
    """Parse a chunk of files, then score all their pages together (one call per scorer);
    pages carry their source as a provisional id. Whatever goes wrong with one file is that
    file's failure: a bug met on one page never costs the others their reports."""
    parsed: list[tuple[PageFile, list[Page] | Failure]] = []
    for page_file in files:
        try:
            parsed.append((page_file, parse_file(page_file.path, options.settings.parse, source=page_file.source)))
        except CompanionFile:
            parsed.append((page_file, []))  # joined to the export beside it: no page of its own
        except Exception as err:
            parsed.append((page_file, _failure(page_file, err, "parse")))
    counts = ScoreCounts()

    def analyze(pages: list[Page]) -> list[PageTables]:
        return analyze_pages(
            pages,
            options.settings.analyze,
            article_ids=[page.source for page in pages],
            scorers=options.scorers,
            cache=options.cache,
            counts=counts,
        )

    outcomes: list[PageTables | Failure] = []
    try:
        tables = iter(analyze([page for _, pages in parsed if not isinstance(pages, Failure) for page in pages]))
        for _, pages in parsed:
            outcomes += [pages] if isinstance(pages, Failure) else [next(tables) for _ in pages]
    except Exception:
        outcomes = []
        for page_file, pages in parsed:
            try:
                outcomes += [pages] if isinstance(pages, Failure) else analyze(pages)
            except Exception as err:
                outcomes.append(_failure(page_file, err, "score"))
    if options.cache is not None:
        counts.notes += [note for note in options.cache.notes if note not in counts.notes]
    return _ChunkResult(outcomes, counts)
