"""Held-out parse quality on a fixed sample of the shared evaluation pages must not drop below the README's figures.

The sample is every 14th page (by id) of ../shared/eval/pages, 20 pages. Each is parsed as the held-out
evaluation parses it: with the components and thresholds chosen on the four folds it is not in, as
``bench/eval_parse.py --write-folds tests/eval_folds.json`` recorded them. The pages are read in place and
never copied.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from comments.evaluate import RenderingResult, page_ids, score_page
from comments.folds import definitions, fold_of, known_components, load_choices, score_with_choices
from comments.parse import tuning
from comments.parse.tuning import Tuning
from tests.conftest import SHARED

PAGES = SHARED / "eval" / "pages"
CHOICES = Path(__file__).parent / "eval_folds.json"

#: held-out comment-section F1 (macro), article F1 (macro) and author accuracy on the sample
FLOORS = {  # measured with the recorded choices: html 0.954 / 0.979 / 0.898, lynx 0.840 / 0.698 / 0.707,
    # w3m 0.794 / 0.745 / 0.701, html2text 0.821 / 0.722 / 0.680, inscriptis 0.737 / 0.752 / 0.701 (the dumps
    # lose R690's comment section to fold 1's bare_section_min_words of 20, 0.048 of a 20-page macro mean)
    "html": (0.94, 0.97, 0.88),
    "lynx": (0.83, 0.69, 0.70),
    "w3m": (0.78, 0.73, 0.69),
    "html2text": (0.81, 0.71, 0.67),
    "inscriptis": (0.72, 0.74, 0.69),
}


def _sample(pages: Path) -> list[str]:
    return page_ids(pages)[::14][:20]


@pytest.mark.skipif(not (PAGES / "manifest.jsonl").exists(), reason="../shared/eval/pages is not beside the checkout")
@pytest.mark.parametrize("rendering", sorted(FLOORS))
def test_held_out_parse_quality_holds_on_the_sample(rendering: str) -> None:
    choices = load_choices(CHOICES)
    scores = []
    for page_id in _sample(PAGES):
        with tuning.tuned(choices[fold_of(page_id)]):
            scores.append(score_page(PAGES, rendering, page_id))
    summary = RenderingResult(rendering, scores).summary()
    comment_floor, article_floor, author_floor = FLOORS[rendering]
    assert summary["pages"] == 20
    assert summary["comment_f1_macro"] >= comment_floor
    assert summary["article_f1_macro"] >= article_floor
    assert summary["author_accuracy"] >= author_floor


def test_the_recorded_choices_describe_this_parser() -> None:
    choices = load_choices(CHOICES)
    assert len(choices) == 5


@pytest.mark.skipif(not (PAGES / "manifest.jsonl").exists(), reason="../shared/eval/pages is not beside the checkout")
def test_recorded_choices_give_each_page_its_folds_parse() -> None:
    """``eval_parse.py --choices``: a page is parsed with its own fold's choices, never another fold's."""
    ids = _sample(PAGES)[:5]
    everything = frozenset(known_components()) - definitions()  # a parse that finds no comment
    choices = [Tuning(off=everything if fold == fold_of(ids[0]) else frozenset()) for fold in range(5)]
    report = score_with_choices(PAGES, ["lynx"], ids, choices)
    untimed = {"seconds": 0.0}
    for page_id in ids:
        with tuning.tuned(choices[fold_of(page_id)]):
            held_out = replace(score_page(PAGES, "lynx", page_id), **untimed)
        assert replace(report.held_out[("lynx", page_id)], **untimed) == held_out
        assert replace(report.base[("lynx", page_id)], **untimed) == replace(
            score_page(PAGES, "lynx", page_id), **untimed
        )
    assert report.held_out[("lynx", ids[0])].comment != report.base[("lynx", ids[0])].comment  # its fold's choice
