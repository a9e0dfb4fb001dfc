"""Sentiment in languages other than English, where a package brings a lexicon that works offline.

- ``textblob_fr``: textblob-fr's pattern lexicon for French (5,116 entries, the pattern project's
  ``fr-sentiment.xml``, inside the package), TextBlob's measure for French text: polarity in
  [-1, 1] and subjectivity in [0, 1]. On the French comments of ``bench/data/language_samples.tsv``
  it gets the sign of 71% of the polar ones right, as TextBlob's English lexicon does on their
  English versions (76%), where VADER and TextBlob's English lexicon get 29% and 12% of the French
  ones right (``bench/bench_sentiment_languages.py``).

Measured and not kept: textblob-de 0.4.3 (2019, the last release) no longer imports with the
TextBlob this project needs (it imports ``textblob.translate`` and ``textblob.compat``, removed in
TextBlob 0.18), so German text has no sentiment scorer. ``vader-multi`` translates through an
online service and is never used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from typing import Any

from comments.score.base import Aggregate, Row
from comments.score.submodules import import_submodules

#: the textblob-fr release whose ``PatternAnalyzer.analyze(text)`` is ``textblob_fr.fr.sentiment(text)``
CHECKED_FR_VERSION = "0.2.0"


@cache
def _french_sentiment() -> Callable[[str], tuple[float, float]]:
    """textblob-fr's ``PatternAnalyzer().analyze``; for the checked release, the function it calls
    (``textblob_fr.fr.sentiment``), imported without ``textblob_fr/__init__``, which imports NLTK."""
    # the lexicon ships in the package and loads on the first call; no corpus is downloaded
    if metadata.version("textblob-fr") == CHECKED_FR_VERSION:
        sentiment: Callable[[str], tuple[float, float]] = import_submodules("textblob_fr", "fr")["fr"].sentiment
        return sentiment
    from textblob_fr import PatternAnalyzer

    analyze: Callable[[str], tuple[float, float]] = PatternAnalyzer().analyze
    return analyze


class TextBlobFrScorer:
    """textblob-fr's pattern-lexicon polarity in [-1, 1] and subjectivity in [0, 1], for French text."""

    name = "textblob_fr"
    columns: tuple[str, ...] = ("textblob_fr_polarity", "textblob_fr_subjectivity")
    aggregate: Aggregate = "mean"
    whole_texts = False
    languages: tuple[str, ...] = ("fr",)
    complements = "textblob"

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "package": "textblob-fr", "version": metadata.version("textblob-fr")}

    def score(self, texts: Sequence[str]) -> list[Row]:
        analyze = _french_sentiment()
        return [tuple(float(v) for v in analyze(text)) for text in texts]
