"""Toxicity scorers. Every one runs offline from weights that ship inside an installed package."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import metadata, resources
from typing import Any

from comments.errors import ScorerUnavailable
from comments.score.base import Aggregate, Row


class ProfanityScorer:
    """alt-profanity-check: a linear model on word n-grams, probability of offensive language in [0, 1].

    Fast on batches and single-attribute; it scores the probability, not the 0/1 prediction.
    """

    name = "profanity"
    columns: tuple[str, ...] = ("toxicity",)
    aggregate: Aggregate = "max"

    def describe(self) -> dict[str, Any]:
        """The package, its version and a hash of its model files, for run.json."""
        data = resources.files("profanity_check") / "data"
        digest = hashlib.sha256()
        for name in ("vectorizer.joblib", "model.joblib"):
            digest.update((data / name).read_bytes())
        return {
            "name": self.name,
            "package": "alt-profanity-check",
            "version": metadata.version("alt-profanity-check"),
            "model_files": ["profanity_check/data/vectorizer.joblib", "profanity_check/data/model.joblib"],
            "sha256": digest.hexdigest(),
        }

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
