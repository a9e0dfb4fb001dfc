"""Toxicity scorers. Each runs offline, from weights inside an installed package or a folder the user names.

- ``news`` (the default): six Perspective-style attributes from one BiLSTM, the two ``bilstm``
  models distilled into one and corrected on labelled news comments, shipped as an ONNX file
  (``comments/data/models/news/MODEL_CARD.md``);
- ``bilstm``: the same six attributes, the mean of two BiLSTMs trained on Jigsaw comments,
  shipped as ONNX files (``comments/data/models/MODEL_CARD.md``);
- ``profanity``: alt-profanity-check, one attribute, fast;
- ``detoxify``: Detoxify checkpoints the user already has on disk (optional extra).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from comments.errors import ScorerUnavailable
from comments.score.base import Aggregate, Row, Scorer
from comments.score.bilstm import MODELS_DIR, BiLSTMModel
from comments.score.news import NewsModel
from comments.settings import DEFAULT_TOXICITY, TOXICITY_SCORERS

#: Perspective's attribute names, in the order of the models' six outputs.
ATTRIBUTES = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
#: The languages of Detoxify's model types, as its README lists them (every other type: English).
DETOXIFY_LANGUAGES = {"multilingual": ("en", "fr", "es", "it", "pt", "tr", "ru")}
#: The exported models the default scorer averages.
BILSTM_MODELS = ("toxic-comment-classifier", "tox-block")


@cache
def _bilstm(name: str) -> BiLSTMModel:
    return BiLSTMModel(MODELS_DIR / name)


@cache
def _news() -> NewsModel:
    return NewsModel()


class NewsScorer:
    """The default: six attributes in [0, 1] from one BiLSTM trained for news comments.

    Its teachers are the two models of ``bilstm``: it learnt all six attributes from their mean
    on the training comments, and ``toxicity`` also from news comments labelled by people. Long
    comments are read in overlapping windows of 100 words, each attribute taking its largest value.
    """

    name = "news"
    columns: tuple[str, ...] = ATTRIBUTES
    aggregate: Aggregate = "max"
    whole_texts = True
    languages: tuple[str, ...] = ("en",)  # distilled and corrected on English comments
    #: The best F1 out of fold on the ordinary Civil Comments of the training data (news/MODEL_CARD.md).
    threshold = 0.3

    def describe(self) -> dict[str, Any]:
        """The model file's hash and how it was trained, for run.json."""
        model = _news()
        return {
            "name": self.name,
            "onnx_sha256": model.sha256,
            "training": model.config["training"],
            "onnxruntime": metadata.version("onnxruntime"),
        }

    def score(self, texts: Sequence[str]) -> list[Row]:
        if not texts:
            return []
        # six decimals: the last float32 bits may depend on how onnxruntime batched the texts
        return [tuple(row) for row in np.round(_news().predict(texts).astype(np.float64), 6).tolist()]


class BiLSTMScorer:
    """Six attributes, each the mean of two Jigsaw-trained BiLSTMs' probabilities in [0, 1].

    A text longer than the models' 100-token window is read in overlapping windows and
    each attribute takes its largest value, so long comments are scored whole.
    """

    name = "bilstm"
    columns: tuple[str, ...] = ATTRIBUTES
    aggregate: Aggregate = "max"
    whole_texts = True
    languages: tuple[str, ...] = ("en",)  # trained on English comments
    #: Chosen for the best F1 on the Jigsaw and Wikipedia sets (bench/eval_toxicity.py, README).
    threshold = 0.3

    def describe(self) -> dict[str, Any]:
        """The source packages and the hashes of the shipped model files, for run.json."""
        models = []
        for name in BILSTM_MODELS:
            model = _bilstm(name)
            models.append({"name": name, "source": model.source, "onnx_sha256": model.sha256})
        return {"name": self.name, "models": models, "onnxruntime": metadata.version("onnxruntime")}

    def score(self, texts: Sequence[str]) -> list[Row]:
        if not texts:
            return []
        models = [_bilstm(name) for name in BILSTM_MODELS]
        if all(model.splitting == models[0].splitting for model in models):  # split each text once
            words = [models[0].words(text) for text in texts]
            predictions = [model.predict_words(words) for model in models]
        else:
            predictions = [model.predict(texts) for model in models]
        total = sum(p.astype(np.float64) for p in predictions) / len(models)
        # six decimals: the last float32 bits may depend on how onnxruntime batched the texts
        return [tuple(row) for row in np.round(total, 6).tolist()]


class ProfanityScorer:
    """alt-profanity-check: a linear model on word n-grams, probability of offensive language in [0, 1].

    Fast on batches and single-attribute; it scores the probability, not the 0/1 prediction.
    """

    name = "profanity"
    columns: tuple[str, ...] = ("toxicity",)
    aggregate: Aggregate = "max"
    whole_texts = True
    languages: tuple[str, ...] = ("en",)  # trained on English comments
    threshold = 0.5  # the package's own predict() cut-off

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


class DetoxifyScorer:
    """Detoxify (unitary) from checkpoint files the user has: never downloads anything.

    ``model_dir`` holds one ``*.ckpt`` checkpoint (for example ``toxic_original-c1212f89.ckpt``)
    and a ``config`` folder with the Hugging Face model config and tokenizer files it was
    trained from (for example ``bert-base-uncased``), as saved by ``save_pretrained``.
    """

    name = "detoxify"
    columns: tuple[str, ...] = ATTRIBUTES
    aggregate: Aggregate = "max"
    whole_texts = True
    languages: tuple[str, ...] = ("en",)  # the original and unbiased models: English
    threshold = 0.5  # Detoxify's README cut-off

    def __init__(self, model_dir: Path | None = None, model_type: str = "original") -> None:
        self.model_dir = model_dir
        self.model_type = model_type
        self.languages = DETOXIFY_LANGUAGES.get(model_type, ("en",))
        self._model: Any = None

    def _files(self) -> tuple[Path, Path]:
        if self.model_dir is None:
            raise ScorerUnavailable(
                "the detoxify scorer needs local checkpoint files: pass --toxicity-model-dir DIR "
                "(a folder with one *.ckpt file and a config/ folder of Hugging Face tokenizer files)"
            )
        if not self.model_dir.is_dir():
            raise ScorerUnavailable(f"--toxicity-model-dir {self.model_dir}: no such folder")
        checkpoints = sorted(self.model_dir.glob("*.ckpt"))
        config = self.model_dir / "config"
        if len(checkpoints) != 1 or not config.is_dir():
            raise ScorerUnavailable(
                f"--toxicity-model-dir {self.model_dir}: expected exactly one *.ckpt file and a config/ folder "
                f"(found {len(checkpoints)} checkpoint(s), config/ {'present' if config.is_dir() else 'missing'})"
            )
        return checkpoints[0], config

    def load(self) -> Any:
        if self._model is None:
            checkpoint, config = self._files()
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub, even by mistake
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from detoxify import Detoxify
            except ImportError as err:
                raise ScorerUnavailable(
                    "the detoxify scorer needs the optional extra: pip install 'comments[detoxify]'"
                ) from err
            try:
                self._model = Detoxify(
                    self.model_type, checkpoint=str(checkpoint), device="cpu", huggingface_config_path=str(config)
                )
            except Exception as err:  # a broken or mismatched checkpoint: say which file
                raise ScorerUnavailable(f"could not load Detoxify checkpoint {checkpoint}: {err}") from err
        return self._model

    def describe(self) -> dict[str, Any]:
        checkpoint, _ = self._files()
        return {"name": self.name, "model_type": self.model_type, "checkpoint": str(checkpoint)}

    def score(self, texts: Sequence[str]) -> list[Row]:
        if not texts:
            return []
        results = self.load().predict(list(texts))
        columns = [results.get(key) for key in ATTRIBUTES]
        if any(column is None for column in columns):
            missing = [key for key, column in zip(ATTRIBUTES, columns, strict=True) if column is None]
            raise ScorerUnavailable(f"the Detoxify model gives no {', '.join(missing)}; use the original model type")
        return [tuple(float(v) for v in row) for row in zip(*columns, strict=True)]


def toxicity_scorer(name: str = DEFAULT_TOXICITY, model_dir: Path | None = None) -> Scorer:
    """The toxicity scorer called ``name``; ``model_dir`` only for detoxify."""
    if name == "news":
        return NewsScorer()
    if name == "bilstm":
        return BiLSTMScorer()
    if name == "profanity":
        return ProfanityScorer()
    if name == "detoxify":
        return DetoxifyScorer(model_dir)
    raise ScorerUnavailable(f"no toxicity scorer called {name!r}; choose one of {', '.join(TOXICITY_SCORERS)}")
