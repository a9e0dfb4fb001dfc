"""Score stage: scorers behind one interface, and the unit each score belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from comments.score.base import Aggregate, Row, Scorer
from comments.score.sentences import split_sentences
from comments.score.sentiment import TextBlobScorer, VaderScorer
from comments.score.toxicity import ProfanityScorer

__all__ = [
    "TOXICITY_THRESHOLD",
    "Aggregate",
    "ProfanityScorer",
    "Row",
    "Scorer",
    "TextBlobScorer",
    "VaderScorer",
    "default_scorers",
    "score_texts",
    "split_sentences",
]

#: The share of comments whose toxicity probability is at or above this is reported as toxic.
TOXICITY_THRESHOLD = 0.5


def default_scorers() -> tuple[Scorer, ...]:
    """VADER and TextBlob sentiment, and alt-profanity-check toxicity."""
    return (VaderScorer(), TextBlobScorer(), ProfanityScorer())


def score_texts(texts: Sequence[str], scorers: Sequence[Scorer]) -> list[dict[str, float]]:
    """Score every text with every scorer, each distinct text once; one dict of columns per text."""
    distinct = list(dict.fromkeys(texts))
    by_text: dict[str, dict[str, float]] = {text: {} for text in distinct}
    for scorer in scorers:
        rows = scorer.score(distinct)
        for text, row in zip(distinct, rows, strict=True):
            by_text[text].update(zip(scorer.columns, row, strict=True))
    return [by_text[text] for text in texts]
