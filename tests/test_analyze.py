"""Scores reach sentences, paragraphs, articles, comments and commenters as the README says."""

from __future__ import annotations

import math
import statistics

import pytest

from comments import parse_text
from comments.analyze import PageTables, analyze_page, article_id_for, table_columns
from comments.settings import AnalyzeSettings
from tests.conftest import FakeScorer

PAGE = """\
A title

First paragraph. It has two sentences.

Second paragraph has one.

  1. Ann says:

    Hello there.

    1. Bob says:

      Reply to Ann.

  2. Ann says:

    Again me.
"""


@pytest.fixture
def tables(fake_scorers: tuple[FakeScorer, ...]) -> PageTables:
    return analyze_page(
        parse_text(PAGE, source="p.txt"), AnalyzeSettings(toxicity_threshold=0.2), article_id="p", scorers=fake_scorers
    )


def test_rows_fill_every_table_column(tables: PageTables, fake_scorers: tuple[FakeScorer, ...]) -> None:
    columns = table_columns(fake_scorers)
    assert tuple(tables.article) == columns["articles.csv"]
    for name, rows in [
        ("paragraphs.csv", tables.paragraphs),
        ("sentences.csv", tables.sentences),
        ("comments.csv", tables.comments),
        ("commenters.csv", tables.commenters),
    ]:
        assert rows
        assert all(tuple(row) == columns[name] for row in rows), name


def test_paragraph_and_article_scores_aggregate_their_sentences(tables: PageTables) -> None:
    assert [s["text"] for s in tables.sentences] == [
        "First paragraph.",
        "It has two sentences.",
        "Second paragraph has one.",
    ]
    first = tables.paragraphs[0]
    assert first["n_sentences"] == 2
    assert first["vader_compound"] == pytest.approx(statistics.fmean(s["vader_compound"] for s in tables.sentences[:2]))
    assert first["toxicity"] == max(s["toxicity"] for s in tables.sentences[:2])
    tone = statistics.fmean(s["vader_compound"] for s in tables.sentences)
    assert tables.article["article_vader_compound"] == pytest.approx(tone)
    assert tables.article["article_toxicity"] == max(s["toxicity"] for s in tables.sentences)


def test_comments_carry_tone_gap_and_toxic_flag(tables: PageTables) -> None:
    tone = tables.article["article_vader_compound"]
    for row in tables.comments:
        assert row["tone_gap"] == pytest.approx(row["vader_compound"] - tone)
        assert row["toxic"] == (row["toxicity"] >= 0.2)
    assert tables.article["tone_gap"] == pytest.approx(statistics.fmean(r["tone_gap"] for r in tables.comments))
    assert tables.article["share_toxic"] == pytest.approx(statistics.fmean(r["toxic"] for r in tables.comments))


def test_commenters_aggregate_their_comments(tables: PageTables) -> None:
    by_author = {row["author"]: row for row in tables.commenters}
    assert set(by_author) == {"Ann", "Bob"}
    ann = by_author["Ann"]
    assert ann["n_comments"] == 2
    assert ann["n_replies_received"] == 1
    assert by_author["Bob"]["n_replies_received"] == 0
    values = [r["vader_compound"] for r in tables.comments if r["author"] == "Ann"]
    assert ann["mean_vader_compound"] == pytest.approx(statistics.fmean(values))
    assert (ann["min_vader_compound"], ann["max_vader_compound"]) == (min(values), max(values))
    assert tables.article["n_commenters"] == 2


def test_page_without_comments_still_has_its_tone(fake_scorers: tuple[FakeScorer, ...]) -> None:
    tables = analyze_page(parse_text("Just text. More text.\n", source="x.txt"), article_id="x", scorers=fake_scorers)
    assert tables.comments == () and tables.commenters == ()
    assert not math.isnan(tables.article["article_vader_compound"])
    assert math.isnan(tables.article["tone_gap"])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("004_page.txt", "004_page"),
        ("sub/dir/page.txt", "sub__dir__page"),
        ("../../etc/passwd", "etc__passwd"),
        ("a page: with *odd* chars?.txt", "a_page_with_odd_chars"),
        ("....txt", "page"),
        ("export.csv#a1", "export__a1"),
        ("export.json#https://x.org/a?b=1", "export__https_____x.org__a_b_1"),
    ],
)
def test_article_ids_are_folder_safe(source: str, expected: str) -> None:
    assert article_id_for(source, set()) == expected


def test_article_ids_are_unique() -> None:
    taken: set[str] = set()
    assert [article_id_for(s, taken) for s in ("a.txt", "a.txt", "A.txt", "a/b.txt")] == ["a", "a-2", "A-3", "a__b"]
