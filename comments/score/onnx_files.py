"""What the two word-window toxicity models (``bilstm`` and ``news``) share: their files and their windows.

Each model is a folder inside the package holding ``model.onnx``, ``vocab.json`` (the word
list, ids from 1) and ``config.json`` (labels, the Keras tokenizer's filters and split).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from comments.errors import ScorerUnavailable


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFiles:
    """A model folder read and its ONNX graph opened on one thread."""

    config: dict[str, Any]
    labels: tuple[str, ...]
    index: dict[str, int]
    table: dict[int, str]
    session: Any  # an onnxruntime.InferenceSession
    sha256: str


def read_model(folder: Any, *, scorer: str, rebuild: str) -> ModelFiles:
    """Read a model folder (a Path or an importlib.resources Traversable); ``rebuild`` is the command that writes it."""
    try:
        import onnxruntime
    except ImportError as err:  # pragma: no cover - onnxruntime is a hard dependency
        raise ScorerUnavailable(
            f"the {scorer} scorer needs onnxruntime; install it with: pip install onnxruntime"
        ) from err
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        words = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        model = (folder / "model.onnx").read_bytes()
    except OSError as err:
        raise ScorerUnavailable(
            f"the {scorer} model files are missing from {folder} ({err.strerror}); rebuild them with: {rebuild}"
        ) from err
    options = onnxruntime.SessionOptions()
    # one thread: the pipeline runs one process per core, and one thread keeps results batch-independent
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ModelFiles(
        config=config,
        labels=tuple(config["labels"]),
        index={word: i for i, word in enumerate(words, start=1)},
        table=str.maketrans(dict.fromkeys(config["filters"], config["split"])),
        session=onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"]),
        sha256=hashlib.sha256(model).hexdigest(),
    )


def overlapping_windows(tokens: list[int], size: int, stride: int) -> Iterator[list[int]]:
    """One window for a text of at most ``size`` tokens; else windows of ``size`` that start ``stride`` apart.

    The last window ends at the text's end, so every token is read and no window is short.
    """
    if len(tokens) <= size:
        yield tokens
        return
    start = 0
    while True:
        end = min(start + size, len(tokens))
        yield tokens[end - size : end]
        if end == len(tokens):
            return
        start += stride
