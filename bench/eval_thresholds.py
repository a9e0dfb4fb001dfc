"""What a Perspective threshold means with this server's model: precision and recall of `toxicity >= t`.

A moderation system tuned on Perspective flags a comment when TOXICITY exceeds a threshold
(Coral Talk's default: 0.8). Our model is another model, so the same number flags other
comments. This measures the flag at 0.5, 0.8 and 0.9 (and the scorer's own threshold) on
the labelled news comments of ../shared/train/toxicity, read in place, in five folds cut by
a hash of each text. ``bilstm`` and ``profanity`` were not trained or tuned on these files and
score them directly. ``news`` was trained on them, so it is measured on its out-of-fold
predictions (each row scored by a model of the shipped recipe trained on the other folds of
``tools/select_toxicity_model.py``, which writes ``build/oof/news.csv``); the folds here only
give the spread. Printed per source file and label, as the mean over folds with the spread (min-max).

``--eval`` measures the same flags on the labelled evaluation sets of ../shared/eval/toxicity instead
(the sets of bench/eval_toxicity.py, each scored whole, with F1 beside precision and recall): reported
only, since no threshold may be chosen on them.

    .venv/bin/python tools/select_toxicity_model.py --cv 5 --save build/oof   # news's out-of-fold predictions
    .venv/bin/python bench/eval_thresholds.py                   # news, from build/oof/news.csv
    .venv/bin/python bench/eval_thresholds.py --toxicity bilstm # about 1 minute
    .venv/bin/python bench/eval_thresholds.py --eval            # news on ../shared/eval/toxicity, about 1 minute
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from comments.score import Scorer, default_threshold, toxicity_scorer
from comments.settings import DEFAULT_TOXICITY, TOXICITY_SCORERS

TRAIN = Path(__file__).resolve().parent.parent.parent / "shared" / "train" / "toxicity"
NEWS_OOF = Path(__file__).resolve().parent.parent / "build" / "oof" / "news.csv"
THRESHOLDS = (0.5, 0.8, 0.9)


def fold_of(text: str, folds: int) -> int:
    """A text's fold: stable across runs, machines and Python versions."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") % folds


def rows() -> list[tuple[str, str, int]]:
    """(set, text, label) for every labelled row of the training files."""
    out: list[tuple[str, str, int]] = []
    for name in ("news_comments_train.csv", "civil_comments_autolabel.csv"):
        with (TRAIN / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["text"].strip() and row["label"] in ("0", "1"):
                    out.append((row["source"], row["text"], int(row["label"])))
    return out


def out_of_fold(path: Path, texts: Sequence[str]) -> list[float]:
    """Each text's toxicity from an out-of-fold predictions file (tools/select_toxicity_model.py --save)."""
    if not path.is_file():
        raise SystemExit(
            f"{path}: not found; news was trained on these comments, so it is measured out of fold: "
            "run .venv/bin/python tools/select_toxicity_model.py --cv 5 --save build/oof"
        )
    with path.open(encoding="utf-8", newline="") as handle:
        table = {row["text_sha256"]: float(row["toxicity"]) for row in csv.DictReader(handle)}
    try:
        return [table[hashlib.sha256(text.encode("utf-8")).hexdigest()] for text in texts]
    except KeyError:
        raise SystemExit(f"{path}: a training text is missing; rerun tools/select_toxicity_model.py") from None


def precision_recall(scores: Sequence[float], labels: Sequence[int], threshold: float) -> tuple[float, float]:
    flagged = [label for score, label in zip(scores, labels, strict=True) if score >= threshold]
    positives = sum(labels)
    precision = sum(flagged) / len(flagged) if flagged else float("nan")
    recall = sum(flagged) / positives if positives else float("nan")
    return precision, recall


def spread(values: list[float]) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "   -            "
    return f"{statistics.fmean(values):.3f} ({min(values):.2f}-{max(values):.2f})"


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else float("nan")


def evaluation_sets(scorer: Scorer, threshold_set: Sequence[float]) -> None:
    """Precision, recall and F1 of ``toxicity >= t`` on each labelled set of ../shared/eval/toxicity."""
    from eval_toxicity import DEFAULT_DATA, SETS, load

    if not DEFAULT_DATA.is_dir():
        raise SystemExit(f"{DEFAULT_DATA}: not found; --eval reads the shared evaluation comments in place")
    column = scorer.columns.index("toxicity")
    print(f"{scorer.name} on {DEFAULT_DATA} (measured only: nothing here chose a threshold)")
    print(
        f"{'set':42} {'n':>6} {'pos':>6}  {'threshold':>9}  {'precision':>9}  {'recall':>6}  {'F1':>5}  {'flagged':>7}"
    )
    scored: dict[str, list[float]] = {}
    for file, label, title in SETS:
        texts, labels = load(DEFAULT_DATA / file, label)
        if file not in scored:
            scored[file] = [row[column] for row in scorer.score(texts)]
        for threshold in threshold_set:
            precision, recall = precision_recall(scored[file], labels, threshold)
            flagged = sum(score >= threshold for score in scored[file])
            shown = [f"{v:.3f}" if v == v else "-" for v in (precision, recall, f1(precision, recall))]
            print(
                f"{title:42} {len(labels):6,} {sum(labels):6,}  {threshold:9.2f}  {shown[0]:>9}  {shown[1]:>6}"
                f"  {shown[2]:>5}  {flagged:7,}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--toxicity", choices=TOXICITY_SCORERS, default=DEFAULT_TOXICITY)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", type=int, action="append", help="report only these folds (the held-out ones)")
    parser.add_argument("--news-oof", type=Path, default=NEWS_OOF, help="news's out-of-fold predictions (CSV)")
    parser.add_argument("--eval", action="store_true", help="measure on ../shared/eval/toxicity instead (report only)")
    args = parser.parse_args()
    if args.eval:
        scorer = toxicity_scorer(args.toxicity)
        evaluation_sets(scorer, sorted({*THRESHOLDS, default_threshold([scorer])}))
        return
    if not TRAIN.is_dir():
        raise SystemExit(f"{TRAIN}: not found; this bench reads the shared training comments in place")
    data = rows()
    scorer = toxicity_scorer(args.toxicity)
    column = scorer.columns.index("toxicity")
    start = time.perf_counter()
    texts = [text for _, text, _ in data]
    if args.toxicity == "news":
        scores = out_of_fold(args.news_oof, texts)
        print(f"news: out-of-fold predictions of {len(data):,} labelled comments from {args.news_oof}")
    else:
        scores = [row[column] for row in scorer.score(texts)]
        print(f"{args.toxicity}: {len(data):,} labelled comments scored in {time.perf_counter() - start:.1f} s")
    thresholds = sorted({*THRESHOLDS, default_threshold([scorer])})
    folds = args.only or list(range(args.folds))
    sets = [*sorted({name for name, _, _ in data}), "all"]
    fold = [fold_of(text, args.folds) for _, text, _ in data]
    print(f"folds {folds} of {args.folds} (by SHA-256 of the text); mean over folds (min-max)")
    print(f"{'set':28} {'n':>6} {'pos':>6}  {'threshold':>9}  {'precision':>18}  {'recall':>18}  {'flagged':>7}")
    for name in sets:
        members = [i for i, row in enumerate(data) if name in ("all", row[0]) and fold[i] in folds]
        for threshold in thresholds:
            precisions, recalls, flagged = [], [], 0
            for k in folds:
                part = [i for i in members if fold[i] == k]
                precision, recall = precision_recall([scores[i] for i in part], [data[i][2] for i in part], threshold)
                precisions.append(precision)
                recalls.append(recall)
                flagged += sum(scores[i] >= threshold for i in part)
            positives = sum(data[i][2] for i in members)
            print(
                f"{name:28} {len(members):6,} {positives:6,}  {threshold:9.2f}  {spread(precisions):>18}  "
                f"{spread(recalls):>18}  {flagged:7,}"
            )


if __name__ == "__main__":
    main()
