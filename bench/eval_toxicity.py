"""Measure toxicity scorers on ../shared/eval/toxicity: ROC-AUC, F1 at the report's threshold, comments/second.

    .venv/bin/python bench/eval_toxicity.py [--detoxify-dir DIR] [--sample N]

One row per (scorer, labelled set). ROC-AUC is of the scorer's "toxicity" probability
against the set's binary label; F1 is of the flag the report uses (probability >= the scorer's
threshold, printed); speed is comments/second on one core (onnxruntime is held to one
thread), the whole set scored in one call. Scorers: the default ``bilstm`` (mean of two
models), each of its two models alone, ``profanity``, and ``detoxify`` when
``--detoxify-dir`` names checkpoint files. ``--sample N`` scores a fixed sample of N rows
per set (what the regression test uses).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from comments.score import BiLSTMScorer, DetoxifyScorer, ProfanityScorer, Scorer
from comments.score.bilstm import BiLSTMModel
from comments.score.toxicity import BILSTM_MODELS, _bilstm

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "toxicity"
#: (file, label column, what the positive label means)
SETS = (
    ("jigsaw_robtest_balanced.csv", "label", "Jigsaw 2018 test sample, toxic"),
    ("socc_ctc.csv", "label", "SOCC news comments, toxicity level >= 2"),
    ("socc_ctc.csv", "label_toxic3", "SOCC news comments, toxicity level >= 3"),
    ("wiki_toxicity_test.csv", "label", "Wikipedia talk, toxic"),
    ("davidson_tweets.csv", "label", "Davidson tweets, hate or offensive"),
)


def load(path: Path, label: str, sample: int | None = None) -> tuple[list[str], list[int]]:
    """The texts and binary labels of one set; ``sample`` keeps a fixed, evenly spaced subset."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if sample and sample < len(rows):
        step = len(rows) / sample
        rows = [rows[int(i * step)] for i in range(sample)]
    return [row["text"] for row in rows], [int(row[label]) for row in rows]


class OneModel:
    """One of the default scorer's two models on its own, for comparison."""

    aggregate = "max"
    columns = ("toxicity",)
    whole_texts = True
    threshold = BiLSTMScorer.threshold

    def __init__(self, name: str) -> None:
        self.name = name
        self.model: BiLSTMModel = _bilstm(name)

    def score(self, texts: list[str]) -> list[tuple[float, ...]]:
        return [(float(v),) for v in self.model.predict(texts)[:, 0]]


def installed_mb(distribution: str) -> float:
    """Megabytes of the files pip installed for one distribution."""
    from importlib import metadata

    files = metadata.distribution(distribution).files or []
    return sum(f.locate().stat().st_size for f in files if Path(f.locate()).is_file()) / 1e6


def runtime_size() -> str:
    """What the default scorer needs installed: onnxruntime and its own dependencies, plus the model files."""
    from comments.score.bilstm import MODELS_DIR

    models = sum(p.stat().st_size for p in Path(str(MODELS_DIR)).rglob("*") if p.is_file()) / 1e6
    own = {name: installed_mb(name) for name in ("onnxruntime", "protobuf", "flatbuffers", "packaging")}
    numpy = installed_mb("numpy")
    parts = ", ".join(f"{name} {mb:.1f}" for name, mb in own.items())
    total = sum(own.values()) + models
    return (
        f"runtime size: {total:.1f} MB ({parts}, model files {models:.1f}); "
        f"with numpy {numpy:.1f} MB (also needed by pandas): {total + numpy:.1f} MB"
    )


def evaluate(scorer: Scorer, texts: list[str], labels: list[int]) -> tuple[float, float, float]:
    """ROC-AUC, F1 at the threshold, and texts/second."""
    from sklearn.metrics import f1_score, roc_auc_score

    start = time.perf_counter()
    probabilities = [row[0] for row in scorer.score(texts)]
    seconds = time.perf_counter() - start
    flags = [p >= getattr(scorer, "threshold", 0.5) for p in probabilities]
    return float(roc_auc_score(labels, probabilities)), float(f1_score(labels, flags)), len(texts) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--detoxify-dir", type=Path, help="Detoxify checkpoint folder (see DetoxifyScorer)")
    parser.add_argument("--sample", type=int, help="score a fixed sample of this many rows per set")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"error: no labelled comments at {args.data}; pass --data", file=sys.stderr)
        return 2
    start = time.perf_counter()
    default = BiLSTMScorer()
    default.score(["warm up: load the models once"])
    print(f"bilstm: both models loaded in {time.perf_counter() - start:.2f} s")
    print(runtime_size())
    scorers: list[Scorer] = [default, *(OneModel(name) for name in BILSTM_MODELS), ProfanityScorer()]
    if args.detoxify_dir:
        scorers.append(DetoxifyScorer(args.detoxify_dir))
    for scorer in scorers[1:]:
        scorer.score(["warm up: load the model once"])
    print("thresholds: " + ", ".join(f"{s.name} {getattr(s, 'threshold', 0.5)}" for s in scorers))
    print(f"{'scorer':<25} {'set':<42} {'n':>6} {'pos':>6} {'ROC-AUC':>7} {'F1@thr':>6} {'texts/s':>8}")
    for name, label, title in SETS:
        texts, labels = load(args.data / name, label, args.sample)
        for scorer in scorers:
            auc, f1, speed = evaluate(scorer, texts, labels)
            print(
                f"{scorer.name:<25} {title:<42} {len(texts):>6} {sum(labels):>6} {auc:>7.3f} {f1:>6.3f} {speed:>8.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
