"""Measure toxicity scorers on ../shared/eval/toxicity: ROC-AUC, F1 at the report's threshold, comments/second.

    .venv/bin/python bench/eval_toxicity.py

One row per (scorer, labelled set). ROC-AUC is of the scorer's probability against the
set's binary label; F1 is of the flag the report uses (probability >= TOXICITY_THRESHOLD);
speed is comments/second on one core, the whole set scored in one batch.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from sklearn.metrics import f1_score, roc_auc_score

from comments.score import TOXICITY_THRESHOLD, ProfanityScorer, Scorer

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "toxicity"
#: (file, label column, what the positive label means)
SETS = (
    ("jigsaw_robtest_balanced.csv", "label", "Jigsaw 2018 test sample, toxic"),
    ("socc_ctc.csv", "label", "SOCC news comments, toxicity level >= 2"),
    ("socc_ctc.csv", "label_toxic3", "SOCC news comments, toxicity level >= 3"),
    ("wiki_toxicity_test.csv", "label", "Wikipedia talk, toxic"),
    ("davidson_tweets.csv", "label", "Davidson tweets, hate or offensive"),
)


def load(path: Path, label: str) -> tuple[list[str], list[int]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [row["text"] for row in rows], [int(row[label]) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"error: no labelled comments at {args.data}; pass --data", file=sys.stderr)
        return 2
    scorers: list[Scorer] = [ProfanityScorer()]
    scorers[0].score(["warm up: load the model once"])
    print(f"{'scorer':<10} {'set':<42} {'n':>6} {'pos':>6} {'ROC-AUC':>7} {'F1@thr':>6} {'texts/s':>8}")
    for scorer in scorers:
        for name, label, title in SETS:
            texts, labels = load(args.data / name, label)
            start = time.perf_counter()
            probabilities = [row[0] for row in scorer.score(texts)]
            seconds = time.perf_counter() - start
            flags = [p >= TOXICITY_THRESHOLD for p in probabilities]
            print(
                f"{scorer.name:<10} {title:<42} {len(texts):>6} {sum(labels):>6} "
                f"{roc_auc_score(labels, probabilities):>7.3f} {f1_score(labels, flags):>6.3f} "
                f"{len(texts) / seconds:>8.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
