"""Toxicity scorers. Every one runs offline from weights that ship inside an installed package."""

from __future__ import annotations

from collections.abc import Sequence

from comments.errors import ScorerUnavailable
from comments.score.base import Aggregate, Row


class ProfanityScorer:
    """alt-profanity-check: a linear model on word n-grams, probability of offensive language in [0, 1].

    Fast on batches and single-attribute; it scores the probability, not the 0/1 prediction.
    """

    name = "profanity"
    columns: tuple[str, ...] = ("toxicity",)
    aggregate: Aggregate = "max"

    def score(self, texts: Sequence[str]) -> list[Row]:
        if not texts:
            return []
        try:
            from profanity_check import predict_prob
        except ImportError as err:  # pragma: no cover - the package is a hard dependency
            raise ScorerUnavailable(
                "the profanity scorer needs alt-profanity-check; install it with: pip install alt-profanity-check"
            ) from err
        return [(float(p),) for p in predict_prob(list(texts))]
