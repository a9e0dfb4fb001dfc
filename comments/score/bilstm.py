"""Six-label BiLSTM toxicity models, run with onnxruntime from files shipped in the package.

The files come from ``tools/export_toxicity_model.py`` (see ``data/models/MODEL_CARD.md``).
Text is tokenised exactly as the Keras tokenizer the model was trained with: lowercased,
the tokenizer's filter characters replaced by spaces, split on spaces, words outside the
19,999 most frequent training words dropped. The model reads 100 tokens; a longer text is
read in windows of 100 tokens that overlap by half and each label takes its largest value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from comments.score.onnx_files import overlapping_windows, read_model

PathLike = Path | Any  # a Path or an importlib.resources Traversable

#: Where the exported models live inside the package, one folder each.
MODELS_DIR = resources.files("comments") / "data" / "models"
MODEL_FILES = ("model.onnx", "vocab.json", "config.json")
#: Windows go to onnxruntime in batches of this many: measured fastest on one thread (32: 6,900 rows/s and
#: 4,400 for the two models; 512: 5,400 and 3,700).
BATCH = 32
#: A text longer than this many known words is scored on its first ones only (about 200 windows).
MAX_TOKENS = 10_000


class BiLSTMModel:
    """Loads the ONNX graph and the word list; ``predict`` returns one row of six probabilities per text."""

    def __init__(self, folder: PathLike) -> None:
        files = read_model(folder, scorer="bilstm", rebuild="python tools/export_toxicity_model.py")
        config = files.config
        self.labels = files.labels
        self.window: int = int(config["maxlen"])
        self.stride = self.window // 2
        self._index = files.index
        self._table = files.table
        self._split: str = config["split"]
        self._lower: bool = config["lower"]
        rescale = config.get("rescale")
        # tox-block rescales each label's probability to the range it saw in training
        self._low = np.array([rescale[label][0] for label in self.labels], np.float32) if rescale else None
        self._high = np.array([rescale[label][1] for label in self.labels], np.float32) if rescale else None
        self._session = files.session
        self.sha256 = files.sha256
        self.source: dict[str, str] = config["source"]

    @property
    def splitting(self) -> tuple[object, ...]:
        """How text becomes words: models that agree on it can share the words of a text."""
        return (self._lower, self._table, self._split)

    def words(self, text: str) -> list[str]:
        """The words of a text as the Keras tokenizer splits them."""
        if self._lower:
            text = text.lower()
        return text.translate(self._table).split(self._split)

    def ids(self, words: list[str]) -> list[int]:
        """Token ids of the known words, the first ``MAX_TOKENS`` of them."""
        index = self._index
        return [i for w in words if (i := index.get(w))][:MAX_TOKENS]

    def tokens(self, text: str) -> list[int]:
        """Token ids as the Keras tokenizer makes them; unknown words are dropped."""
        return self.ids(self.words(text))

    def windows(self, tokens: list[int], overlap: bool = True) -> Iterator[list[int]]:
        """The 100-token windows of a text: one for a short text, overlapping halves for a long one.

        ``overlap=False`` keeps only the last 100 tokens, as the original package does.
        """
        if not overlap:
            yield tokens[-self.window :]
            return
        yield from overlapping_windows(tokens, self.window, self.stride)

    def predict(self, texts: Sequence[str], overlap: bool = True, clip: bool = True) -> np.ndarray:
        """An array of shape (len(texts), 6): each label's probability, the max over a text's windows.

        ``clip=False`` leaves rescaled values outside [0, 1] as the source package returns them.
        """
        return self.predict_words([self.words(text) for text in texts], overlap, clip)

    def predict_words(self, texts: Sequence[list[str]], overlap: bool = True, clip: bool = True) -> np.ndarray:
        """``predict`` for texts already split by ``words``."""
        owners: list[int] = []
        rows: list[list[int]] = []
        for n, words in enumerate(texts):
            for window in self.windows(self.ids(words), overlap):
                owners.append(n)
                rows.append(window)
        matrix = np.zeros((len(rows), self.window), dtype=np.int64)
        for r, window in enumerate(rows):
            if window:
                matrix[r, -len(window) :] = window  # padded at the front, as the model was trained
        scores = np.empty((len(rows), len(self.labels)), dtype=np.float32)
        for start in range(0, len(rows), BATCH):
            (scores[start : start + BATCH],) = self._session.run(None, {"tokens": matrix[start : start + BATCH]})
        if self._low is not None and self._high is not None:
            scores = np.abs((scores - self._low) / (self._high - self._low))
            if clip:
                np.clip(scores, 0.0, 1.0, out=scores)
        if not owners:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        # every text has at least one window and a text's windows are contiguous
        starts = np.flatnonzero(np.diff(np.asarray(owners), prepend=-1))
        return np.maximum.reduceat(scores, starts, axis=0)
