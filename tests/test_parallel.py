"""Worker processes change how fast a run is, never what it writes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from comments.analyze import analyze_page, article_id_for
from comments.cli import main
from comments.errors import CommentsError
from comments.parse import find_pages, parse_file
from comments.report import write_report
from comments.run import CHUNK_FILES, run_report
from comments.score import default_scorers
from comments.settings import ReportSettings, RunSettings, Settings
from tests.hostile import hostile_corpus

FILES = (
    *("articles.csv", "paragraphs.csv", "sentences.csv", "comments.csv", "commenters.csv", "clutter.csv"),
    *("threads.csv", "targets.csv", "entities.csv", "held.csv", "authors.csv", "escalation.csv"),
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    hostile_corpus(folder, 60)  # 8 chunks: good pages of every format and files that fail
    return folder


def test_two_jobs_write_what_one_job_writes(corpus: Path, tmp_path: Path) -> None:
    one = run_report([corpus], tmp_path / "one", _settings(jobs=1))
    two = run_report([corpus], tmp_path / "two", _settings(jobs=2))
    assert (one.pages, one.comments, len(one.failures)) == (two.pages, two.comments, len(two.failures))
    assert one.pages == 30
    for name in (*FILES, "errors.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_dask_writes_what_the_local_engine_writes(corpus: Path, tmp_path: Path) -> None:
    """The same chunks as Dask tasks on a LocalCluster of two worker processes."""
    local = run_report([corpus], tmp_path / "local", _settings(jobs=1))
    dask = run_report([corpus], tmp_path / "dask", _settings(jobs=2, engine="dask"))
    assert (local.pages, local.comments, len(local.failures)) == (dask.pages, dask.comments, len(dask.failures))
    for name in (*FILES, "errors.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Dask scheduler and two workers, each its own process started by the ``dask`` command on
    localhost, as on a cluster: the address of the scheduler."""
    folder = tmp_path_factory.mktemp("cluster")
    dask = str(Path(sys.executable).with_name("dask"))
    address = folder / "scheduler.json"
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> None:
        with (folder / f"{len(started)}.log").open("wb") as log:  # the process keeps its own copy
            started.append(subprocess.Popen([dask, *args], stdout=log, stderr=subprocess.STDOUT, cwd=folder))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(address))
        deadline = time.monotonic() + 120
        while not address.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        scheduler = json.loads(address.read_text(encoding="utf-8"))["address"]
        assert scheduler.startswith("tcp://127.0.0.1:")
        for name in ("one", "two"):
            start("worker", scheduler, "--name", name, "--nthreads", "1", "--nworkers", "1", "--no-dashboard")
        from dask.distributed import Client

        with Client(scheduler, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield scheduler
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_dask_cluster_of_separate_processes_writes_what_the_local_engine_writes(
    corpus: Path, tmp_path: Path, dask_cluster: str
) -> None:
    """``--scheduler tcp://127.0.0.1:PORT``: a scheduler and two workers started as separate processes."""
    base = [str(corpus), "--no-charts", "--quiet"]
    failed = main(["report", *base, "--out", str(tmp_path / "local")])
    assert failed == 30  # the exit status counts the corpus's bad files
    remote = ["--out", str(tmp_path / "remote"), "--engine", "dask", "--scheduler", dask_cluster]
    assert main(["report", *base, *remote]) == failed
    manifest = json.loads((tmp_path / "remote" / "run.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["run"]["scheduler"] == dask_cluster
    for name in (*FILES, "errors.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "remote" / name).read_bytes(), name


@pytest.mark.parametrize("batch_rows", [None, 50], ids=["default batches", "a batch every 50 rows"])
def test_a_corpus_of_many_chunks_streams_into_complete_ordered_tables(
    corpus: Path, tmp_path: Path, batch_rows: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows written chunk by chunk are exactly the rows of all pages written at once, in page order,
    however many rows the writer holds before it appends them (by default this corpus is one batch, written
    when the run ends; at 50 rows, a batch per chunk)."""
    if batch_rows is not None:
        monkeypatch.setattr("comments.report.writer.BATCH_ROWS", batch_rows)
    streamed = run_report([corpus], tmp_path / "streamed", _settings(jobs=1))
    assert len(list(find_pages([corpus]))) > 5 * CHUNK_FILES
    scorers = default_scorers()
    pages, taken = [], set()
    for page_file in find_pages([corpus]):
        try:
            parsed = parse_file(page_file.path, source=page_file.source)
        except CommentsError:
            continue
        for page in parsed:
            pages.append(analyze_page(page, article_id=article_id_for(page.source, taken), scorers=scorers))
    write_report(pages, tmp_path / "whole", ReportSettings(charts=False), scorers=scorers)
    assert streamed.pages == len(pages)
    for name in FILES:
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    articles = pd.read_csv(tmp_path / "streamed" / "articles.csv")
    comments = pd.read_csv(tmp_path / "streamed" / "comments.csv")
    order = {article_id: n for n, article_id in enumerate(articles["article_id"])}
    assert comments["article_id"].map(order).is_monotonic_increasing
    assert not list((tmp_path / "streamed").glob(".*"))  # no part files or run cache left behind


def _settings(**run: Any) -> Settings:
    return Settings(report=ReportSettings(charts=False), run=RunSettings(**run))
