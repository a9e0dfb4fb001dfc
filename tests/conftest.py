from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import pytest

matplotlib.use("Agg")

from comments.parse import bundled_pages_dir
from comments.score import Row
from comments.settings import ReportSettings, Settings

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
SHARED = TESTS.parent.parent / "shared"
SEED_WITH_COMMENTS = "004_2d0e51718fae0afb.txt"
SEED_WITHOUT_COMMENTS = "000_fd44dedc337e22ef.txt"
#: a run that writes the tables only
NO_CHARTS = Settings(report=ReportSettings(charts=False))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files from the current output (then review the diff with git)",
    )
    parser.addoption(
        "--all-eval",
        action="store_true",
        help="compare the fast segmenter with pysbd on every text of ../shared/eval, not every 8th"
        " (about two minutes of CPU time more)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def golden(update_goldens: bool) -> Callable[[str, Any], None]:
    """Compare a JSON-able value or a text with its golden file, or rewrite the file with --update-goldens."""

    def check(name: str, value: Any) -> None:
        path = GOLDEN / name
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2) + "\n"
        if update_goldens:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


@pytest.fixture(scope="session")
def pages_dir() -> Path:
    return bundled_pages_dir()


class FakeScorer:
    """A deterministic scorer for tests: the share of characters that are vowels, and a counter of calls."""

    def __init__(
        self,
        name: str = "fake",
        columns: Sequence[str] = ("fake_a", "fake_b"),
        aggregate: str = "mean",
        whole_texts: bool = False,
    ):
        self.name = name
        self.columns = tuple(columns)
        self.aggregate = aggregate
        self.whole_texts = whole_texts
        self.calls: list[list[str]] = []

    def score(self, texts: Sequence[str]) -> list[Row]:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            vowels = sum(ch in "aeiou" for ch in text.lower()) / max(1, len(text))
            rows.append(tuple(round(vowels * (i + 1) / len(self.columns), 6) for i in range(len(self.columns))))
        return rows


@pytest.fixture
def fake_scorers() -> tuple[FakeScorer, ...]:
    """Stand-ins with the real scorers' column names, so the report's tables and charts are complete."""
    return (
        FakeScorer("vader", ("vader_compound", "vader_pos", "vader_neu", "vader_neg")),
        FakeScorer("textblob", ("textblob_polarity", "textblob_subjectivity")),
        FakeScorer(
            "bilstm",
            ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"),
            aggregate="max",
            whole_texts=True,
        ),
    )


@pytest.fixture(scope="session")
def registry() -> None:
    """For tests marked ``registry``: skip, saying why, when PyPI cannot be reached from here."""
    try:
        with urllib.request.urlopen("https://pypi.org/simple/hatchling/", timeout=10):
            pass
    except OSError as err:
        pytest.skip(f"the package registry (PyPI) is not reachable from here: {err}")
