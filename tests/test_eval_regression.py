"""Parse quality on a fixed sample of the shared evaluation pages must not drop below the README's figures.

The sample is every 14th page (by id) of ../shared/eval/pages, 20 pages; the full-set figures come
from bench/eval_parse.py. The pages are read in place and never copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comments.evaluate import evaluate_pages
from tests.conftest import SHARED

PAGES = SHARED / "eval" / "pages"

#: comment-section F1 (macro) and article F1 (macro) on the sample, as the README states them
FLOORS = {
    "html": (0.945, 0.979),
    "lynx": (0.839, 0.712),
    "w3m": (0.840, 0.766),
    "html2text": (0.868, 0.736),
    "inscriptis": (0.783, 0.774),
}


def _sample(pages: Path) -> list[str]:
    ids = sorted(json.loads(line)["id"] for line in (pages / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    return ids[::14][:20]


@pytest.mark.skipif(not (PAGES / "manifest.jsonl").exists(), reason="../shared/eval/pages is not beside the checkout")
@pytest.mark.parametrize("rendering", sorted(FLOORS))
def test_parse_quality_holds_on_the_sample(rendering: str) -> None:
    summary = evaluate_pages(PAGES, rendering, _sample(PAGES)).summary()
    comment_floor, article_floor = FLOORS[rendering]
    assert summary["pages"] == 20
    assert summary["comment_f1_macro"] >= comment_floor
    assert summary["article_f1_macro"] >= article_floor
