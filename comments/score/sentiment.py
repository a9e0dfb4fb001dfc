"""Sentiment scorers: vaderSentiment and TextBlob, both offline (their lexicons ship inside the packages)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import metadata
from typing import Any

from comments.score.base import Aggregate, Row


@cache
def _vader() -> Any:
    from comments.score.vader import Vader

    return Vader()


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
        # the library's polarity_scores, the same floats, faster (comments/score/vader.py)
        scores = _vader().scores
        return [scores(text) for text in texts]


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
        # TextBlob(text).sentiment, the same floats, faster (comments/score/pattern.py)
        from comments.score.pattern import sentiment

        return [sentiment(text) for text in texts]
