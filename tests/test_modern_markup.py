"""Today's comment markup, on pages written for the project after the public templates of WordPress, Drupal,
Discourse, phpBB, XenForo and SPIP and in the ways newspaper CMSs build theirs, in five languages: every gold
comment is found with its author and its place in the thread, none leaks into the article, and the article's
snippets are kept. The selector table names none of the forum, newspaper or Discourse markup: structure does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comments.evaluate import score_snippets
from comments.parse import parse_page

MODERN = Path(__file__).parent / "modern"
GOLD = json.loads((MODERN / "gold.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_modern_page_parses_to_its_golden_file(name: str, golden: Callable[[str, Any], None]) -> None:
    golden(f"parse/modern/{name}.json", parse_page(MODERN / name).to_json())


@pytest.mark.parametrize("name", sorted(GOLD))
def test_modern_page_holds_its_gold(name: str) -> None:
    page = parse_page(MODERN / name)
    score = score_snippets(name, page, GOLD[name])
    assert score.found == score.comments, [c.text[:60] for c in page.comments]
    assert score.leaked == 0
    assert score.authors == score.comments, [c.author for c in page.comments]
    assert score.parents == score.comments, [c.parent_id for c in page.comments]
    assert score.body_found == score.body, page.article.paragraphs
    assert len(page.comments) == score.comments  # no widget, teaser or form read as a comment


def test_every_modern_page_is_in_the_gold() -> None:
    assert sorted(p.name for p in MODERN.glob("*.html")) == sorted(GOLD)
