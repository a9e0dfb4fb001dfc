"""The report on the bundled pages: the files, their columns and rows, the charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from comments.analyze import table_columns
from comments.cli import main
from comments.parse import bundled_pages_dir
from comments.report import tables
from comments.run import run_report
from comments.score import default_scorers
from tests.conftest import NO_CHARTS, FakeScorer

CSV_FILES = (
    *("articles.csv", "paragraphs.csv", "sentences.csv", "comments.csv", "commenters.csv", "clutter.csv"),
    *("threads.csv", "targets.csv", "entities.csv", "held.csv", "authors.csv", "escalation.csv"),
)
PAGE_WITH_COMMENTS = "004_2d0e51718fae0afb"
PAGE_WITHOUT_COMMENTS = "000_fd44dedc337e22ef"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    assert main(["report", "--out", str(out), "--quiet"]) == 0
    return out


def test_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--out", str(tmp_path), "--quiet", "--no-charts"]) == 0
    assert capsys.readouterr().out == (
        f"2 pages, 5 comments, 5 commenters, 0 failed; reports in {tmp_path}/\n"
        "toxic: news toxicity probability >= 0.3\n"
    )


def test_tables_have_their_columns_and_rows(report: Path) -> None:
    columns = table_columns(default_scorers())
    counts = {"articles.csv": 2, "comments.csv": 5, "commenters.csv": 5, "paragraphs.csv": 28, "clutter.csv": 11}
    counts |= {"threads.csv": 3, "targets.csv": 4, "authors.csv": 5}
    for name in CSV_FILES:
        frame = pd.read_csv(report / name)
        assert tuple(frame.columns) == columns[name], name
        if name in counts:
            assert len(frame) == counts[name], name
    errors = pd.read_csv(report / "errors.csv")
    assert list(errors.columns) == ["file", "stage", "error", "message"]
    assert errors.empty


def test_comment_rows_in_page_order_with_their_tree(report: Path) -> None:
    comments = pd.read_csv(report / "comments.csv", keep_default_na=False)
    assert list(comments["author"]) == ["Tony", "Eolone", "Mick Servian", "Gary Hylton", "zorbatheturk"]
    assert list(comments["parent_id"]) == ["", "c1", "c1", "", ""]
    assert list(comments["depth"]) == [0, 1, 1, 0, 0]
    assert set(comments["unit"]) == {"comment"}
    articles = pd.read_csv(report / "articles.csv").set_index("article_id")
    tone = articles.loc[PAGE_WITH_COMMENTS, "article_vader_compound"]
    assert np.allclose(comments["tone_gap"], comments["vader_compound"] - tone, atol=2e-4)
    assert articles.loc[PAGE_WITHOUT_COMMENTS, "n_comments"] == 0


def test_clutter_never_reaches_paragraphs_or_comments(report: Path) -> None:
    clutter = pd.read_csv(report / "clutter.csv")
    assert set(clutter["kind"]) == {"caption", "related", "category", "credit", "appeal", "tags", "disclaimer"}
    texts = list(pd.read_csv(report / "paragraphs.csv")["text"]) + list(pd.read_csv(report / "comments.csv")["text"])
    texts += list(pd.read_csv(report / "sentences.csv")["text"])
    for blurb in clutter["text"]:
        assert all(blurb not in text for text in texts), blurb


@pytest.mark.parametrize(
    "name",
    [
        f"{PAGE_WITH_COMMENTS}/tone_contrast.png",
        f"{PAGE_WITH_COMMENTS}/commenters.png",
        f"{PAGE_WITH_COMMENTS}/thread.png",
        f"{PAGE_WITH_COMMENTS}/entities.png",
        f"{PAGE_WITHOUT_COMMENTS}/article_tone.png",
        "overview.png",
        "escalation.png",
        "targets.png",
    ],
)
def test_every_chart_opens_and_is_not_blank(report: Path, name: str) -> None:
    image = matplotlib.image.imread(report / name)
    height, width = image.shape[:2]
    assert width >= 600 and height >= 300
    assert image[..., :3].std() > 0.05  # a blank canvas has no spread
    assert (image[..., :3] < 0.5).mean() > 0.005  # and something dark is drawn on it


def test_only_expected_files_are_written(report: Path) -> None:
    files = sorted(p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file())
    sort_keys = ("order", "title", "article_tone", "comment_tone", "tone_gap", "comments", "commenters", "share_toxic")
    assert files == sorted(
        [*CSV_FILES, "errors.csv", "overview.png", "escalation.png", "targets.png", "run.json", "index.html"]
        + [
            f"{PAGE_WITH_COMMENTS}/{n}"
            for n in ("commenters.png", "entities.png", "thread.png", "tone_contrast.png", "index.html")
        ]
        + [f"{PAGE_WITHOUT_COMMENTS}/{n}" for n in ("article_tone.png", "index.html")]
        + [f"_pages/{key}-{way}-1.html" for key in sort_keys for way in ("asc", "desc")]
    )


@pytest.mark.parametrize("name", [*CSV_FILES, "errors.csv"])
def test_csv_output_is_exactly_the_golden_file(
    tmp_path: Path, fake_scorers: tuple[FakeScorer, ...], golden: Callable[[str, Any], None], name: str
) -> None:
    run_report([bundled_pages_dir()], tmp_path, NO_CHARTS, scorers=fake_scorers)
    golden(f"report/{name}", (tmp_path / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("value", "folders"), [("none", 0), ("1", 1), ("all", 2)])
def test_chart_limit(tmp_path: Path, value: str, folders: int) -> None:
    assert main(["report", "--out", str(tmp_path), "--quiet", "--charts", value]) == 0
    assert len([p for p in tmp_path.iterdir() if p.is_dir() and any(p.glob("*.png"))]) == folders
    assert (tmp_path / "overview.png").exists()


def test_chart_limit_must_be_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--charts", "some"])
    assert "'some': give all, none or a number of pages" in capsys.readouterr().err


def test_csv_cells_are_those_pandas_float_format_writes() -> None:
    """The report formats float columns itself (one pass per column); the file is the one
    ``to_csv(float_format=FLOAT_FORMAT)`` writes of the same frame, its text neutralised, whatever the cells."""
    frame = pd.DataFrame(
        {
            "score": [0.123456, -0.00004, -0.0, float("nan"), float("inf"), 1e17, 2.0],
            "count": [1, 2, 3, 4, 5, 6, 7],
            "whole": pd.array([1, None, 3, None, 5, 6, 7], dtype="Int64"),
            "flag": [True, False, True, True, False, False, True],
            "text": ["=SUM(A1)", "a\rb", "-1", None, 'plain, with "quotes"', "\tx", "+x\r\n"],
            "mixed": [1, "two", None, 3.5, "@x", True, float("nan")],
            "empty": [None] * 7,
        }
    )
    for raw in (False, True):
        reference = frame.copy()
        for column in ("text", "mixed", "empty"):
            reference[column] = reference[column].map(tables._line_breaks if raw else tables._safe)
        expected = reference.to_csv(index=False, float_format=tables.FLOAT_FORMAT)
        assert tables.csv_ready(frame, formulas=not raw).to_csv(index=False) == expected
    assert "'=SUM(A1)" in tables.csv_ready(frame).to_csv(index=False)
