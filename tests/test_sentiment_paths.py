"""The fast VADER and TextBlob paths give the libraries' own floats: on every text of ../shared/eval
(not a sample), on generated texts that stack the rules' special words, and on hostile ones."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob

from comments.score import pattern
from comments.score.vader import Vader
from tests import eval_texts

needs_eval = pytest.mark.skipif(not eval_texts.present(), reason=eval_texts.ABSENT)
_VADER = Vader()


@pytest.fixture
def vader() -> Vader:
    return _VADER


def _fast_and_library(kind: str) -> tuple[Callable[[str], object], Callable[[str], object]]:
    if kind == "vader":
        return _VADER.scores, _VADER.library_scores
    return pattern.sentiment, pattern.library_sentiment


def _differences_in(part: tuple[str, int, int]) -> list[tuple[str, object, object]]:
    kind, start, stop = part
    fast, library = _fast_and_library(kind)
    out = []
    for text in eval_texts.all_texts()[start:stop]:
        a, b = fast(text), library(text)
        if a != b:
            out.append((text, a, b))
    return out


def _differences(kind: str) -> list[tuple[str, object, object]]:
    """Texts of ../shared/eval on which the fast path and the library differ, compared on every core."""
    texts = eval_texts.all_texts()
    step = len(texts) // 16 + 1
    parts = [(kind, start, start + step) for start in range(0, len(texts), step)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        return [d for found in pool.map(_differences_in, parts) for d in found]


@needs_eval
def test_vader_is_polarity_scores_on_every_eval_text() -> None:
    texts = eval_texts.all_texts()
    assert len(texts) > 200_000
    differences = _differences("vader")
    assert not differences, f"{len(differences)} of {len(texts)} texts differ, first: {differences[:3]}"


@needs_eval
def test_pattern_is_textblob_on_every_eval_text() -> None:
    texts = eval_texts.all_texts()
    # TextBlob(text).sentiment is PatternAnalyzer().analyze(text) (checked on a part; it is slower still)
    assert all(tuple(TextBlob(t).sentiment) == pattern.library_sentiment(t) for t in texts[::100])
    differences = _differences("pattern")
    assert not differences, f"{len(differences)} of {len(texts)} texts differ, first: {differences[:3]}"


#: words the two libraries' rules treat specially, with a few ordinary and lexicon words around them
RULE_WORDS = (
    *("no", "not", "never", "without", "doubt", "least", "at", "very", "so", "this", "but", "BUT", "kind", "of"),
    *("sort", "kinda", "isn't", "don't", "n't", "nor", "or", "the", "shit", "bomb", "bad", "ass", "badass", "yeah"),
    *("right", "to", "die", "for", "cut", "mustard", "good", "GOOD", "great", "Terrible", "really", "extremely"),
    *("slightly", "barely", "fucking", "VERY", "love", "hate", "!", "!!", "?", "???", "(!)", "( ! )", ":)", ": )"),
    *(":-(", ":'(", "<3", "♥", "xD", ":D", "8-D", "...", ".", "U.S.", "Mr.", "e.g.", "'s", "I'm", "we'd", '"'),
    *("“", "”", "’", "(", ")", "-", "—", "\n", "\n\n", "\r\n", "\t", "😀", "💘", "☺", "İ", "ß", "ΣΑΣ", "$5", "%"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RULE_WORDS), max_size=40), st.sampled_from([" ", "", "  "]))
def test_the_paths_follow_the_rules_on_stacked_rule_words(words: list[str], gap: str) -> None:
    text = gap.join(words)
    assert _VADER.scores(text) == _VADER.library_scores(text)
    assert pattern.sentiment(text) == pattern.library_sentiment(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_the_paths_follow_the_libraries_on_any_text(text: str) -> None:
    assert _VADER.scores(text) == _VADER.library_scores(text)
    assert pattern.sentiment(text) == pattern.library_sentiment(text)


def test_the_paths_follow_the_libraries_on_hostile_texts(vader: Vader) -> None:
    texts = [
        *("", " ", "\x00", "!!!", "???!!!", "$", "{}", "%s %d {0}", "<b>good</b> &amp; <i>BAD</i>", "\ud800 good"),
        *("x" * 5000, "good " * 800, "NOT BAD. " * 300, "no " * 50 + "good", "but " * 30, "kind of " * 20),
        # sarcasm marks and emoticons across the sentences TextBlob's tokenizer groups the words into
        *("good. :) great", "bad : ) . ok", "nice ( ! ) day. ( !) fine", "great! x D", "fine. :\n\n) sad"),
        *("END-OF-SENTENCE good", "good END-OF-SENTENCE", "'Good,' he said. \"Bad.\" ... :-( !", "<3 <3 . <3"),
    ]
    assert [vader.scores(t) for t in texts] == [vader.library_scores(t) for t in texts]
    assert [pattern.sentiment(t) for t in texts] == [tuple(TextBlob(t).sentiment) for t in texts]


def test_a_text_with_an_emoji_goes_to_the_library(vader: Vader, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    library = vader.library_scores
    monkeypatch.setattr(vader, "library_scores", lambda t: seen.append(t) or library(t))
    assert vader.scores("great 😀 day") == library("great 😀 day")
    assert vader.scores("great day") == library("great day")
    assert seen == ["great 😀 day"]


def test_an_unchecked_library_version_goes_to_the_library(vader: Vader, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(vader, "_checked", False)
    monkeypatch.setattr(vader, "library_scores", lambda t: seen.append(t) or (0.0, 0.0, 0.0, 0.0))
    assert vader.scores("a good day") == (0.0, 0.0, 0.0, 0.0)
    monkeypatch.setattr(pattern._pattern(), "checked", False)
    monkeypatch.setattr(pattern, "library_sentiment", lambda t: seen.append(t) or (0.5, 0.5))
    assert pattern.sentiment("a good day") == (0.5, 0.5)
    assert seen == ["a good day", "a good day"]
