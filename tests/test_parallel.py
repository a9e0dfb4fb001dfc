"""Worker processes change how fast a run is, never what it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from comments.run import run_report
from tests.hostile import hostile_corpus

FILES = ("articles.csv", "paragraphs.csv", "sentences.csv", "comments.csv", "commenters.csv", "clutter.csv")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    hostile_corpus(folder, 60)  # 8 chunks: good pages of every format and files that fail
    return folder


def test_two_jobs_write_what_one_job_writes(corpus: Path, tmp_path: Path) -> None:
    one = run_report([corpus], tmp_path / "one", draw_charts=False, jobs=1)
    two = run_report([corpus], tmp_path / "two", draw_charts=False, jobs=2)
    assert (one.pages, one.comments, len(one.failures)) == (two.pages, two.comments, len(two.failures))
    assert one.pages == 30
    for name in (*FILES, "errors.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
