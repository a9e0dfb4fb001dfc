"""Sentiment scorers: vaderSentiment and TextBlob, both offline (their lexicons ship inside the packages)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import metadata
from typing import Any

from comments.score.base import Aggregate, Row


@cache
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _pattern_analyzer() -> Any:
    # TextBlob(text).sentiment builds a blob per text and then calls this very
    # analyzer; calling it directly gives the same numbers without the blob.
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


class VaderScorer:
    """VADER's compound score in [-1, 1] and its positive, neutral and negative shares."""

    name = "vader"
    columns: tuple[str, ...] = ("vader_compound", "vader_pos", "vader_neu", "vader_neg")
    aggregate: Aggregate = "mean"
    whole_texts = False
    languages: tuple[str, ...] = ("en",)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "package": "vaderSentiment", "version": metadata.version("vaderSentiment")}

    def score(self, texts: Sequence[str]) -> list[Row]:
        scores = _vader().polarity_scores
        rows: list[Row] = []
        for text in texts:
            s = scores(text)
            rows.append((s["compound"], s["pos"], s["neu"], s["neg"]))
        return rows


class TextBlobScorer:
    """TextBlob's pattern-lexicon polarity in [-1, 1] and subjectivity in [0, 1]."""

    name = "textblob"
    columns: tuple[str, ...] = ("textblob_polarity", "textblob_subjectivity")
    aggregate: Aggregate = "mean"
    whole_texts = False
    languages: tuple[str, ...] = ("en",)

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "package": "textblob", "version": metadata.version("textblob")}

    def score(self, texts: Sequence[str]) -> list[Row]:
        analyze = _pattern_analyzer().analyze
        return [tuple(analyze(text)) for text in texts]
