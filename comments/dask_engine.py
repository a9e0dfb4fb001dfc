"""Run the pipeline's chunks as Dask tasks: on the cluster at a scheduler address, or on a LocalCluster.

An optional engine (``pip install 'comments[dask]'``); the default engine needs no Dask. The
tasks are the very functions the local engine runs, so the output is the same.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from comments.errors import CommentsError

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")

#: tasks in flight per worker: enough to keep workers busy, few enough that results do not pile up
IN_FLIGHT_PER_WORKER = 2


def run_on_dask(
    work: Callable[[T, S], R], tasks: Sequence[T], options: S, *, workers: int, scheduler: str | None = None
) -> Iterator[R]:
    """``work(task, options)`` for every task on Dask, results in task order, at most a few tasks in
    flight per worker. ``options`` (the scorers and settings) go to each worker once, not with every task."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        raise CommentsError("--engine dask needs the optional extra: pip install 'comments[dask]'") from err
    cluster: Any = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            # no dashboard; the scheduler's own HTTP server (health, metrics) on a free port, not on 8787,
            # which another cluster on the machine may hold (distributed warns, and then moves)
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": ":0"},
            )
            client = Client(cluster)
    except OSError as err:  # no scheduler at that address, or it did not answer in time
        raise CommentsError(f"cannot reach the Dask scheduler {scheduler}: {err}") from err
    try:
        slots = max(1, len(client.scheduler_info().get("workers", {})) or workers) * IN_FLIGHT_PER_WORKER
        shared = client.scatter(options, broadcast=True, hash=False)
        pending: deque[Any] = deque(client.submit(work, task, shared, pure=False) for task in tasks[:slots])
        for task in tasks[slots:]:
            result = pending.popleft().result()
            pending.append(client.submit(work, task, shared, pure=False))
            yield result
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
