"""Scorers give what the libraries give when called directly, in the shape the interface promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from profanity_check import predict_prob
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from comments import parse_page
from comments.score import (
    ProfanityScorer,
    Scorer,
    TextBlobScorer,
    VaderScorer,
    default_scorers,
    score_texts,
    split_sentences,
)
from tests.conftest import SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS, FakeScorer

EXTRA = [
    "",
    "I love this!!! :)",
    "This is NOT good at all.",
    "You are a complete idiot and a liar.",
    "The meeting is at 5 pm on Tuesday.",
    "Wow 😀 great",
]


@pytest.fixture(scope="module")
def texts(pages_dir: Path) -> list[str]:
    out = list(EXTRA)
    for name in (SEED_WITH_COMMENTS, SEED_WITHOUT_COMMENTS):
        page = parse_page(pages_dir / name)
        out += [s for p in page.article.paragraphs for s in split_sentences(p)]
        out += [c.text for c in page.comments]
    return out


@pytest.fixture(scope="module")
def pages_dir() -> Path:
    from comments.parse import bundled_pages_dir

    return bundled_pages_dir()


def test_scorers_follow_the_interface() -> None:
    for scorer in default_scorers():
        assert isinstance(scorer, Scorer)
        assert scorer.aggregate in ("mean", "max")
        assert len(scorer.score(["one text", "another"])[0]) == len(scorer.columns)
        assert scorer.score([]) == []


def test_vader_is_vader(texts: list[str]) -> None:
    direct = SentimentIntensityAnalyzer()
    expected = [tuple(direct.polarity_scores(t)[k] for k in ("compound", "pos", "neu", "neg")) for t in texts]
    assert VaderScorer().score(texts) == expected


def test_textblob_is_textblob(texts: list[str]) -> None:
    expected = [tuple(TextBlob(t).sentiment) for t in texts]
    assert TextBlobScorer().score(texts) == expected


def test_profanity_is_alt_profanity_checks_probability(texts: list[str]) -> None:
    expected = [(float(p),) for p in predict_prob(texts)]
    assert ProfanityScorer().score(texts) == expected


def test_scores_are_deterministic_and_in_range(texts: list[str]) -> None:
    first = score_texts(texts, default_scorers())
    assert score_texts(texts, default_scorers()) == first
    for row in first:
        assert -1 <= row["vader_compound"] <= 1
        assert -1 <= row["textblob_polarity"] <= 1
        assert 0 <= row["textblob_subjectivity"] <= 1
        assert 0 <= row["toxicity"] <= 1


def test_abuse_scores_above_plain_statements() -> None:
    abusive = ["You are a stupid worthless idiot.", "Shut up, you moron.", "What a f***ing disgrace you are, scum."]
    benign = ["The council meets on Tuesday.", "Thanks for the clear explanation.", "I disagree with the author."]
    scores = [row[0] for row in ProfanityScorer().score(abusive + benign)]
    assert min(scores[: len(abusive)]) > max(scores[len(abusive) :])


def test_each_distinct_text_is_scored_once() -> None:
    scorer = FakeScorer()
    rows = score_texts(["a", "b", "a", "c", "b"], [scorer])
    assert scorer.calls == [["a", "b", "c"]]
    assert rows[0] == rows[2] and rows[1] == rows[4]
    assert set(rows[0]) == {"fake_a", "fake_b"}


def test_sentences_are_split_offline() -> None:
    text = "Mr. Smith went to Washington. He said “hi.” Then he left! Did he?"
    assert split_sentences(text) == ("Mr. Smith went to Washington.", "He said “hi.”", "Then he left!", "Did he?")
    assert split_sentences("   ") == ()


SHARED_TEXTS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "toxicity"


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="the shared evaluation data is not beside the checkout")
def test_sentiment_equals_the_libraries_on_two_thousand_real_comments() -> None:
    import csv

    texts: list[str] = []
    for name in ("socc_ctc.csv", "wiki_toxicity_test.csv"):
        with (SHARED_TEXTS / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)][:1000]
    direct = SentimentIntensityAnalyzer()
    vader = [tuple(direct.polarity_scores(t)[k] for k in ("compound", "pos", "neu", "neg")) for t in texts]
    assert VaderScorer().score(texts) == vader
    assert TextBlobScorer().score(texts) == [tuple(TextBlob(t).sentiment) for t in texts]
