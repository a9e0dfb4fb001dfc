"""Choose the default --hold-threshold of each shipped toxicity scorer, on training data only.

A moderation queue holds a comment when its toxicity is at or above the threshold. The threshold chosen
is the lowest (on a 0.05 grid) at which at least TARGET_PRECISION of the held comments are labelled toxic
(and at least MIN_HELD are held). It is chosen on four folds and measured on the fifth, five times over
(stratified folds, fixed seed), then chosen once on all the rows; the evaluation sets in shared/eval are
never read.

The tuning rows are the ordinary Civil Comments of civil_comments_autolabel.csv (the rows drawn from the
Jigsaw test file and seed file: the natural share of toxic comments of a news comment section, 8.8%),
because precision depends on that share. The other training sets are reported at the chosen threshold for
comparison (their shares of toxic comments are 19% to 72%, so their precision is higher).

``news`` was trained on these rows, so its own scores of them would flatter it: it is measured on its
out-of-fold predictions instead (every row scored by a model trained on the other folds, with the shipped
recipe), which ``tools/select_toxicity_model.py --cv 5 --save build/oof`` writes to ``build/oof/news.csv``.

    .venv/bin/python bench/hold_threshold.py            # about 1 minute
    .venv/bin/python bench/hold_threshold.py --news-oof build/oof/news.csv
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from comments.analyze.moderation import HOLD_THRESHOLDS, TARGET_PRECISION
from comments.score import BiLSTMScorer, ProfanityScorer

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "train" / "toxicity"
NEWS_OOF = Path(__file__).resolve().parents[1] / "build" / "oof" / "news.csv"
MIN_HELD = 10
FOLDS = 5
GRID = np.round(np.arange(0.05, 1.0, 0.05), 2)  # coarse: the folds' choices differ by a few hundredths


def _rows(name: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with (TRAIN / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sets() -> dict[str, tuple[list[str], np.ndarray]]:
    autolabel = _rows("civil_comments_autolabel.csv")
    news = _rows("news_comments_train.csv")
    chosen = {
        "autolabel ordinary (tuning)": [r for r in autolabel if "civil_comments/" in r["upstream_file"]],
        "autolabel all": autolabel,
        "fox news (hateful)": [r for r in news if r["source"] == "fox_news_comments"],
        "civil toxic spans (pre-selected)": [r for r in news if r["source"] == "civil_comments_toxic_spans"],
    }
    return {
        name: ([r["text"] for r in rows], np.array([int(r["label"]) for r in rows])) for name, rows in chosen.items()
    }


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float, int]:
    held = scores >= threshold
    n = int(held.sum())
    hits = int((held & (labels == 1)).sum())
    positives = int((labels == 1).sum())
    return (hits / n if n else float("nan")), (hits / positives if positives else float("nan")), n


def choose(scores: np.ndarray, labels: np.ndarray) -> float | None:
    for threshold in GRID:
        precision, _, n = precision_recall(scores, labels, float(threshold))
        if n >= MIN_HELD and precision >= TARGET_PRECISION:
            return float(threshold)
    return None


def folds(labels: np.ndarray, seed: int = 0) -> list[np.ndarray]:
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in range(FOLDS)]
    for label in (0, 1):
        index = [i for i in range(len(labels)) if labels[i] == label]
        rng.shuffle(index)
        for n, i in enumerate(index):
            parts[n % FOLDS].append(i)
    return [np.array(sorted(part)) for part in parts]


def out_of_fold(path: Path) -> Callable[[Sequence[str]], list[float]]:
    """The toxicity of each text from an out-of-fold predictions file (tools/select_toxicity_model.py)."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = {row["text_sha256"]: float(row["toxicity"]) for row in csv.DictReader(handle)}

    def score(texts: Sequence[str]) -> list[float]:
        try:
            return [table[hashlib.sha256(text.encode("utf-8")).hexdigest()] for text in texts]
        except KeyError:
            raise SystemExit(f"{path}: a training text is missing; rerun tools/select_toxicity_model.py") from None

    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news-oof", type=Path, default=NEWS_OOF, help="news's out-of-fold predictions (CSV)")
    args = parser.parse_args()
    if not TRAIN.exists():
        print(f"no training data at {TRAIN}", file=sys.stderr)
        return 1
    data = sets()
    print(f"target precision {TARGET_PRECISION}, at least {MIN_HELD} held; {FOLDS} stratified folds")
    scorers: list[tuple[str, Callable[[Sequence[str]], list[float]]]] = [
        (s.name, lambda texts, s=s: [row[0] for row in s.score(list(texts))])
        for s in (BiLSTMScorer(), ProfanityScorer())
    ]
    if args.news_oof.is_file():
        scorers.insert(0, ("news", out_of_fold(args.news_oof)))
    else:
        print(f"news left out: no out-of-fold predictions at {args.news_oof} (tools/select_toxicity_model.py --save)")
    for scorer_name, score in scorers:
        scored = {name: (np.array(score(texts)), labels) for name, (texts, labels) in data.items()}
        scores, labels = scored["autolabel ordinary (tuning)"]
        print(f"\n{scorer_name}: tuning rows {len(labels)}, toxic {int(labels.sum())} ({labels.mean():.1%})")
        print("fold  chosen  held-out precision  recall  held")
        results = []
        for k, test in enumerate(folds(labels)):
            train = np.setdiff1d(np.arange(len(labels)), test)
            threshold = choose(scores[train], labels[train])
            if threshold is None:
                print(f"{k:>4}  none reaches the target")
                continue
            precision, recall, n = precision_recall(scores[test], labels[test], threshold)
            results.append((threshold, precision, recall))
            print(f"{k:>4}  {threshold:6.2f}  {precision:18.3f}  {recall:6.3f}  {n:4d}")
        if results:
            array = np.array(results)
            mean, low, high = array.mean(axis=0), array.min(axis=0), array.max(axis=0)
            print(
                f"mean  {mean[0]:6.2f}  {mean[1]:18.3f}  {mean[2]:6.3f}   (precision {low[1]:.3f}–{high[1]:.3f}, "
                f"recall {low[2]:.3f}–{high[2]:.3f})"
            )
        chosen = choose(scores, labels)
        shipped = HOLD_THRESHOLDS.get(scorer_name)
        print(f"chosen on all tuning rows: {chosen}; shipped default: {shipped}")
        for threshold in sorted({t for t in (chosen, shipped, 0.5, 0.8) if t is not None}):
            print(f"  at {threshold:.2f}:")
            for name, (s, y) in scored.items():
                precision, recall, n = precision_recall(s, y, threshold)
                print(
                    f"    {name:34s} n {len(y):6d} toxic {y.mean():5.1%}  held {n:5d}"
                    f"  precision {precision:.3f}  recall {recall:.3f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
