"""The ``news`` toxicity model: one BiLSTM, distilled from the two ``bilstm`` models and corrected on news comments.

The files come from ``tools/train_toxicity_model.py`` (see ``data/models/news/MODEL_CARD.md``).
Text is split into words as the teachers' Keras tokenizer did (lowercased, its filter
characters replaced by spaces, split on spaces), words outside the word list are dropped.
Unlike the teachers, the model reads only a window's own tokens, with no front padding, so
its cost follows the text's length: windows are sorted by length and each batch is padded
(at the end, masked inside the graph) to its longest. A text of more than 100 known words is
read in windows of 100 that overlap by half, and each attribute takes its largest value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from comments.score.bilstm import MODELS_DIR, PathLike
from comments.score.onnx_files import overlapping_windows, read_model

MODEL_DIR = MODELS_DIR / "news"
MODEL_FILES = ("model.onnx", "vocab.json", "config.json", "MODEL_CARD.md")
#: Windows go to onnxruntime in batches of this many, sorted by length (measured on one thread, MODEL_CARD.md).
BATCH = 64
#: A text longer than this many known words is scored on its first ones only (about 200 windows).
MAX_TOKENS = 10_000


class NewsModel:
    """Loads the ONNX graph and the word list; ``predict`` returns one row of six probabilities per text."""

    def __init__(self, folder: PathLike = MODEL_DIR) -> None:
        files = read_model(folder, scorer="news", rebuild="python tools/train_toxicity_model.py")
        config = files.config
        self.labels = files.labels
        self.window: int = int(config["window"])
        self.stride: int = int(config["stride"])
        self.config: dict[str, Any] = config
        self._index = files.index
        self._table = files.table
        self._split: str = config["split"]
        self._lower: bool = config["lower"]
        filters: str = config["filters"]
        self._filters = re.compile(f"[{re.escape(filters)}]") if filters else None
        self._split_repl = self._split.replace("\\", "\\\\")  # a literal replacement for re.sub
        self._session = files.session
        self.sha256 = files.sha256

    def tokens(self, text: str) -> list[int]:
        """Ids of the text's known words, the first ``MAX_TOKENS`` of them."""
        if self._lower:
            text = text.lower()
        # the Keras tokenizer's str.translate of each filter character to the split character, by one
        # regular expression (str.translate looks every character up in a dict); ids are never 0
        text = self._filters.sub(self._split_repl, text) if self._filters is not None else text
        return list(filter(None, map(self._index.get, text.split(self._split))))[:MAX_TOKENS]

    def windows(self, tokens: list[int]) -> list[list[int]]:
        """One window for a short text; for a long one, windows of ``window`` tokens overlapping by half."""
        return list(overlapping_windows(tokens, self.window, self.stride))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """An array of shape (len(texts), 6): each label's probability, the max over a text's windows."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        owners: list[int] = []
        rows: list[list[int]] = []
        for n, text in enumerate(texts):
            for window in self.windows(self.tokens(text)):
                owners.append(n)
                rows.append(window or [0])  # no known word: the padding token alone, as in training
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int32, count=len(rows))
        order = np.argsort(lengths, kind="stable")
        scores = np.empty((len(rows), len(self.labels)), dtype=np.float32)
        for start in range(0, len(rows), BATCH):
            batch = order[start : start + BATCH]
            steps = int(lengths[batch].max())
            matrix = np.zeros((len(batch), steps), dtype=np.int64)
            for r, row in enumerate(batch):
                matrix[r, : lengths[row]] = rows[row]
            (scores[batch],) = self._session.run(None, {"tokens": matrix, "lengths": lengths[batch]})
        # every text has at least one window and a text's windows are contiguous
        starts = np.flatnonzero(np.diff(np.asarray(owners), prepend=-1))
        return np.maximum.reduceat(scores, starts, axis=0)
