"""Where a run's chunks of files are worked: in this process, in a pool of forked worker processes, or on Dask.

The pool starts before the process that writes the report has imported pandas and Jinja2 or written
run.json: the workers fork as soon as the models are loaded, and the report's start-up runs while they
parse their first chunks (:func:`started`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from comments import stopping
from comments.parse import PageFile
from comments.score import Scorer
from comments.settings import RunSettings

#: files per task at most: enough to batch the scorers' work and amortise the hand-over
CHUNK_FILES = 8
#: with several workers, each task takes at most this share of what is left per worker, so that
#: tasks grow smaller towards the end and every worker is busy until the last one finishes
GUIDED_SHARE = 4

Chunk = Sequence[PageFile]
R = TypeVar("R")


class Options(Protocol):
    """What a worker needs for a chunk (the scorers and settings): the scorers are loaded before the fork."""

    @property
    def scorers(self) -> tuple[Scorer, ...]: ...


OptionsT = TypeVar("OptionsT", bound=Options)


def workers(run: RunSettings, files: int) -> int:
    return max(1, min(run.jobs or os.cpu_count() or 1, files))


def chunks(files: Sequence[PageFile], workers: int) -> list[Chunk]:
    """Consecutive files per task: ``CHUNK_FILES`` each for one worker; for several, by size,
    each at most 1/(``GUIDED_SHARE`` * workers) of the bytes left (and at least one file)."""
    if workers <= 1:
        return [files[i : i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)]
    sizes = [_size(f.path) for f in files]
    left = sum(sizes)
    tasks: list[Chunk] = []
    start = 0
    while start < len(files):
        target = left / (GUIDED_SHARE * workers)
        stop, taken = start + 1, sizes[start]
        while stop < len(files) and stop - start < CHUNK_FILES and taken + sizes[stop] <= target:
            taken += sizes[stop]
            stop += 1
        tasks.append(files[start:stop])
        left -= taken
        start = stop
    return tasks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def started(
    work: Callable[[Chunk, OptionsT], R], tasks: Sequence[Chunk], run: RunSettings, options: OptionsT
) -> Iterator[Iterator[R]]:
    """The results of ``work(task, options)`` for every task, in order: here (lazily, as they are asked
    for), in a pool of ``jobs`` processes, or on Dask. A pool is started on entering: its workers are
    busy with the first tasks while the caller goes on; leaving the block (Ctrl-C included) ends them."""
    jobs = run.jobs or os.cpu_count() or 1
    if run.engine == "dask":
        from comments.dask_engine import run_on_dask

        yield run_on_dask(work, tasks, options, workers=jobs, scheduler=run.scheduler)
        return
    if jobs <= 1 or len(tasks) <= 1:
        yield (work(task, options) for task in tasks)
        return
    for scorer in options.scorers:
        scorer.score(["load the model before the workers fork, so that they share it"])
    # what the workers inherit (modules, models, lexicons) lives as long as they do: frozen, the cyclic
    # garbage collector of each worker never walks it, nor copies its pages to write the objects' GC headers
    gc.freeze()
    # fork shares the loaded models and hands each worker the work and its options once, unpickled
    context = multiprocessing.get_context("fork")
    try:
        with stopping.held():  # a Ctrl-C inside os.fork's callbacks would be dropped: it waits for the pool
            pool = context.Pool(min(jobs, len(tasks)), initializer=_worker_init, initargs=((work, options),))
        with pool:
            yield pool.imap(_work_here, tasks)
    finally:
        gc.unfreeze()  # the parent's objects are collected again (a library caller may run many reports)


#: what a pool worker got from the parent when it started (fork: inherited, never pickled)
_worker_job: tuple[Callable[[Chunk, Any], Any], Any] | None = None


def _work_here(files: Chunk) -> Any:
    """A pool worker's task: only the chunk of files crosses to it; the scorers and settings are its own."""
    assert _worker_job is not None, "a pool worker starts with _worker_init"
    work, options = _worker_job
    return work(files, options)


def _worker_init(job: tuple[Callable[[Chunk, Any], Any], Any]) -> None:
    global _worker_job
    _worker_job = job
    stopping.forked_worker()  # the parent handles Ctrl-C and ends the pool
    try:  # on Linux, end with the parent even when it is killed
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
