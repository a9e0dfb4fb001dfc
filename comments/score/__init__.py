"""Score stage: scorers behind one interface, and the unit each score belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from comments.score.base import Aggregate, Row, Scorer
from comments.score.sentences import split_sentences
from comments.score.sentiment import TextBlobScorer, VaderScorer
from comments.score.toxicity import (
    ATTRIBUTES,
    TOXICITY_SCORERS,
    BiLSTMScorer,
    DetoxifyScorer,
    ProfanityScorer,
    toxicity_scorer,
)

__all__ = [
    "ATTRIBUTES",
    "TOXICITY_SCORERS",
    "TOXICITY_THRESHOLD",
    "Aggregate",
    "BiLSTMScorer",
    "DetoxifyScorer",
    "ProfanityScorer",
    "Row",
    "Scorer",
    "TextBlobScorer",
    "VaderScorer",
    "default_scorers",
    "default_threshold",
    "score_texts",
    "split_sentences",
    "toxicity_scorer",
]

#: A comment whose toxicity probability is at or above this is flagged toxic, unless the
#: toxicity scorer states its own threshold (README: "Toxicity").
TOXICITY_THRESHOLD = 0.5


def default_scorers(toxicity: str = "bilstm", model_dir: Path | None = None) -> tuple[Scorer, ...]:
    """VADER and TextBlob sentiment, and the toxicity scorer called ``toxicity``."""
    return (VaderScorer(), TextBlobScorer(), toxicity_scorer(toxicity, model_dir))


def default_threshold(scorers: Sequence[Scorer]) -> float:
    """The threshold of the scorer that gives the ``toxicity`` column, or ``TOXICITY_THRESHOLD``."""
    for scorer in scorers:
        if "toxicity" in scorer.columns:
            return float(getattr(scorer, "threshold", TOXICITY_THRESHOLD))
    return TOXICITY_THRESHOLD


def score_texts(texts: Sequence[str], scorers: Sequence[Scorer]) -> list[dict[str, float]]:
    """Score every text with every scorer, each distinct text once; one dict of columns per text."""
    distinct = list(dict.fromkeys(texts))
    by_text: dict[str, dict[str, float]] = {text: {} for text in distinct}
    for scorer in scorers:
        rows = scorer.score(distinct)
        for text, row in zip(distinct, rows, strict=True):
            by_text[text].update(zip(scorer.columns, row, strict=True))
    return [by_text[text] for text in texts]
