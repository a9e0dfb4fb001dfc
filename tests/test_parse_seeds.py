"""The two example pages parse exactly: golden files, and the issue's statements checked one by one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comments import parse_page
from tests.conftest import SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS, SHARED


@pytest.mark.parametrize("name", [SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS])
def test_seed_parses_to_its_golden_file(pages_dir: Path, golden: Callable[[str, Any], None], name: str) -> None:
    golden(f"parse/{Path(name).stem}.json", parse_page(pages_dir / name).to_json())


def test_page_with_comments(pages_dir: Path) -> None:
    page = parse_page(pages_dir / SEED_WITH_COMMENTS)
    article = page.article
    assert (
        article.title == "Putin aide: Few in Kremlin expected US-Russian relations to deteriorate after Trump election"
    )
    assert len(article.paragraphs) == 10
    assert article.paragraphs[0].startswith("Yury Ushakov, an assistant to Vladimir Putin")
    assert article.paragraphs[-1].startswith("As a result, many Trump supporters are turning against Putin")
    kinds = [c.kind for c in article.clutter]
    assert kinds == ["caption", "caption", "category", "credit", "appeal", "tags"]
    texts = [c.text for c in article.clutter]
    assert texts[2:4] == ["International, More", "Edited by: A. N."]
    assert texts[4].startswith("Since you’re here – we have a favor to ask")
    assert texts[5] == "Tags: , , , , , , , ,"

    authors = [(c.author, c.depth, c.parent_id) for c in page.comments]
    assert authors == [
        ("Tony", 0, None),
        ("Eolone", 1, "c1"),
        ("Mick Servian", 1, "c1"),
        ("Gary Hylton", 0, None),
        ("zorbatheturk", 0, None),
    ]
    tony, _, mick = page.comments[:3]
    assert len(tony.text.splitlines()) == 6
    assert tony.text.startswith("Kremlin still wins by having Trump weaken America")
    assert tony.text.endswith("a obsessive liar, etc.")
    assert len(mick.text.splitlines()) == 4
    assert mick.text.endswith("Nice try though")
    assert all(not line.startswith(" ") for c in page.comments for line in c.text.splitlines())


def test_page_without_comments(pages_dir: Path) -> None:
    page = parse_page(pages_dir / SEED_WITHOUT_COMMENTS)
    assert page.article.title is None
    assert page.article.paragraphs[0].startswith("After National Security Advisor Michael Flynn")
    assert len(page.article.paragraphs) == 18
    assert page.comments == ()
    clutter = [(c.kind, c.text) for c in page.article.clutter]
    assert [kind for kind, _ in clutter] == ["caption", "related", "related", "related", "disclaimer"]
    assert clutter[0][1].endswith("Photo: U.S. Department of Defense")
    assert clutter[1][1].startswith("Also read:")
    assert clutter[2][1].startswith("Also read:")
    assert clutter[3][1].startswith("Recommended:")
    assert clutter[4][1].startswith("The opinion of the author may not necessarily reflect")


@pytest.mark.parametrize("name", [SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS])
def test_clutter_never_reaches_article_or_comments(pages_dir: Path, name: str) -> None:
    page = parse_page(pages_dir / name)
    assert page.article.clutter
    for clutter in page.article.clutter:
        assert all(clutter.text not in p and p not in clutter.text for p in page.article.paragraphs)
        assert all(clutter.text not in c.text for c in page.comments)


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the checkout")
@pytest.mark.parametrize("name", [SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS])
def test_bundled_pages_are_the_users_seeds(pages_dir: Path, name: str) -> None:
    assert (pages_dir / name).read_bytes() == (SHARED / "seeds" / name).read_bytes()
