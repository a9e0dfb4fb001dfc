"""Measure toxicity scorers on ../shared/eval/toxicity: ROC-AUC, F1 at the report's threshold, comments/second.

    .venv/bin/python bench/eval_toxicity.py [--detoxify-dir DIR] [--sample N] [--repeat R]
    .venv/bin/python bench/eval_toxicity.py --failure-modes

One row per (scorer, labelled set). ROC-AUC is of the scorer's "toxicity" probability
against the set's binary label; F1 is of the flag the report uses (probability >= the scorer's
threshold, printed); speed is comments/second on one core (onnxruntime is held to one
thread), the whole set scored in one call, the median of ``--repeat`` calls. Scorers: the
default ``news``, ``bilstm`` (mean of two models), each of bilstm's two models alone,
``profanity``, and ``detoxify`` when ``--detoxify-dir`` names checkpoint files. Then the
attributes other than toxicity, where a set labels something like them. ``--sample N``
scores a fixed sample of N rows per set (what the regression test uses).

``--speed`` times ``news`` and ``bilstm`` alternately, ``--repeat`` rounds (default 7), on the
20,389 news comments of ``../shared/train/toxicity`` (timing only), and prints each one's median
comments/s and their ratio, with the load average: the ratio holds up better on a busy machine.

``--failure-modes`` measures ``news`` against ``bilstm`` where toxicity models are known to
fail (MODEL_CARD.md of the news model): the false-positive rate at the threshold on the
non-toxic comments that name an identity group and on those that do not, the same by
comment length, and hand-written pairs of quoted or sarcastic sentences.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from comments.score import ATTRIBUTES, BiLSTMScorer, DetoxifyScorer, NewsScorer, ProfanityScorer, Scorer
from comments.score.bilstm import BiLSTMModel
from comments.score.toxicity import BILSTM_MODELS, _bilstm

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "toxicity"
TRAIN_DATA = Path(__file__).resolve().parents[2] / "shared" / "train" / "toxicity"
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


def evaluate(scorer: Scorer, texts: list[str], labels: list[int], repeat: int = 1) -> tuple[float, float, float]:
    """ROC-AUC, F1 at the threshold, and texts/second (the median of ``repeat`` calls)."""
    from sklearn.metrics import f1_score, roc_auc_score

    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        probabilities = [row[0] for row in scorer.score(texts)]
        seconds.append(time.perf_counter() - start)
    flags = [p >= getattr(scorer, "threshold", 0.5) for p in probabilities]
    speed = len(texts) / statistics.median(seconds)
    return float(roc_auc_score(labels, probabilities)), float(f1_score(labels, flags)), speed


#: (set, label column, attribute): labels that stand for an attribute other than toxicity
OTHER_ATTRIBUTES = (
    ("davidson_tweets.csv", "label_hate", "identity_attack", "Davidson tweets, hate speech"),
    ("davidson_tweets.csv", "label", "insult", "Davidson tweets, hate or offensive"),
    ("davidson_tweets.csv", "label", "obscene", "Davidson tweets, hate or offensive"),
)


def other_attributes(scorers: Sequence[Scorer], data: Path, sample: int | None) -> None:
    """ROC-AUC of attributes other than toxicity against the labels nearest to them."""
    from sklearn.metrics import roc_auc_score

    print(f"{'scorer':<25} {'attribute':<16} {'against':<42} {'ROC-AUC':>7}")
    for name, label, attribute, title in OTHER_ATTRIBUTES:
        texts, labels = load(data / name, label, sample)
        for scorer in scorers:
            column = scorer.columns.index(attribute)
            auc = roc_auc_score(labels, [row[column] for row in scorer.score(texts)])
            print(f"{scorer.name:<25} {attribute:<16} {title:<42} {auc:>7.3f}")


#: Words that name a religion, nationality or ethnicity, gender or sexuality (whole words, any case).
IDENTITY = {
    "religion": "muslims? islam(ic)? christians? christianity catholics? jews? jewish judaism hindus? buddhists? "
    "atheists? sikhs? mormons? evangelicals? protestants?",
    "nationality or ethnicity": "americans? canadians? mexicans? chinese russians? africans? arabs? asians? "
    "europeans? indians? immigrants? refugees? black whites? latinos? hispanics? palestinians? israelis?",
    "gender": "wom[ae]n girls? females? males? feminists? ladies",
    "sexuality": "gays? lesbians? homosexuals? homosexuality transgender trans queer bisexual lgbtq?",
}
PATTERNS = {group: re.compile(rf"\b({'|'.join(words.split())})\b", re.IGNORECASE) for group, words in IDENTITY.items()}

#: Hand-written pairs: (the sentence as the model sees it, what a reader means)
QUOTED = (
    'He called me "a stupid idiot" and I reported him.',
    'Calling people "morons" is not an argument.',
    'The sign said "go back where you came from", which is disgraceful.',
    'My neighbour was told "shut up, you pathetic loser" and she cried.',
    'Stop writing "kill yourself" to strangers online.',
    'Quoting him: "you are all scum". Nobody should talk like that.',
)
INSULTS = (
    "You are a stupid idiot.",
    "You are all morons.",
    "Go back where you came from.",
    "Shut up, you pathetic loser.",
    "Kill yourself.",
    "You are all scum.",
)
SARCASM = (
    "Oh great, another brilliant plan from our genius leaders.",
    "Wow, what a shock, the politicians lied again.",
    "Sure, because cutting taxes always pays for itself.",
    "Yeah, I'm sure the oil companies have our best interests at heart.",
    "Brilliant journalism, as always. Really top notch.",
    "Thanks for nothing, council. Great job as usual.",
)
SHORT_BENIGN = ("ok", "Agreed.", "So true", "Thanks!", "No.", "Why?", "Well said", "lol", "Wrong.", "Yes!!")
SHORT_TOXIC = ("Idiot.", "Moron", "Shut up", "Loser!", "Scum.", "Pathetic", "Go to hell", "Stupid", "Liar!", "Trash")


def speed(rounds: int) -> None:
    """Median comments/s of news and bilstm, timed alternately on the training comments."""
    import os

    texts = []
    for name in ("news_comments_train.csv", "civil_comments_autolabel.csv"):
        with (TRAIN_DATA / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    scorers: list[Scorer] = [NewsScorer(), BiLSTMScorer()]
    times: dict[str, list[float]] = {s.name: [] for s in scorers}
    cpu: dict[str, list[float]] = {s.name: [] for s in scorers}
    for scorer in scorers:
        scorer.score(["warm up"])
    for _ in range(rounds):
        for scorer in scorers:
            start, start_cpu = time.perf_counter(), time.process_time()
            scorer.score(texts)
            times[scorer.name].append(time.perf_counter() - start)
            cpu[scorer.name].append(time.process_time() - start_cpu)
    rates = {name: len(texts) / statistics.median(seconds) for name, seconds in times.items()}
    # CPU seconds of this one-threaded process: what one core does, less the time other work takes it away
    cpu_rates = {name: len(texts) / statistics.median(seconds) for name, seconds in cpu.items()}
    for name, rate in rates.items():
        spread = ", ".join(f"{len(texts) / t:.0f}" for t in times[name])
        print(
            f"{name:<7} {len(texts)} comments, median {rate:.0f} comments/s of wall time over {rounds} rounds "
            f"({spread}); {cpu_rates[name]:.0f} per CPU second"
        )
    print(
        f"news / bilstm: {rates['news'] / rates['bilstm']:.2f}x wall, "
        f"{cpu_rates['news'] / cpu_rates['bilstm']:.2f}x CPU; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def failure_modes(scorers: Sequence[Scorer], data: Path) -> None:
    """False-positive rates on non-toxic comments by identity mention and by length; hand-written cases."""
    import numpy as np

    sets = [(n, lbl) for n, lbl, _ in SETS if lbl == "label"]
    print("false-positive rate at the threshold on non-toxic comments (label 0): naming a group / naming none")
    for scorer in scorers:
        threshold = getattr(scorer, "threshold", 0.5)
        for name, label in sets:
            texts, labels = load(data / name, label)
            calm = [t for t, y in zip(texts, labels, strict=True) if y == 0]
            flagged = np.array([row[0] >= threshold for row in scorer.score(calm)])
            groups = {g: np.array([bool(p.search(t)) for t in calm]) for g, p in PATTERNS.items()}
            any_group = np.logical_or.reduce(list(groups.values()))
            parts = [f"{g} {flagged[m].mean():.3f} (n={m.sum()})" for g, m in groups.items() if m.sum()]
            print(
                f"  {scorer.name:<7} {name:<28} any group {flagged[any_group].mean():.3f} (n={any_group.sum()}), "
                f"none {flagged[~any_group].mean():.3f} (n={(~any_group).sum()}); " + "; ".join(parts)
            )
    print("by length (words) on the same non-toxic comments: false-positive rate; and ROC-AUC on all comments")
    from sklearn.metrics import roc_auc_score

    bands = ((1, 3), (4, 10), (11, 40), (41, 10**9))
    for scorer in scorers:
        threshold = getattr(scorer, "threshold", 0.5)
        for name, label in sets:
            texts, labels_list = load(data / name, label)
            labels = np.array(labels_list)
            scores = np.array([row[0] for row in scorer.score(texts)])
            words = np.array([len(t.split()) for t in texts])
            parts = []
            for low, high in bands:
                band = (words >= low) & (words <= high)
                calm = band & (labels == 0)
                auc = roc_auc_score(labels[band], scores[band]) if 0 < labels[band].sum() < band.sum() else float("nan")
                top = f"{high}" if high < 10**9 else "+"
                parts.append(
                    f"{low}-{top}: fpr {(scores[calm] >= threshold).mean():.3f} auc {auc:.3f} (n={band.sum()})"
                )
            print(f"  {scorer.name:<7} {name:<28} " + "; ".join(parts))
    print("hand-written cases: mean toxicity, and how many are flagged")
    for title, texts in (
        ("insults alone", INSULTS),
        ("the same insults quoted to condemn them", QUOTED),
        ("sarcasm without insults", SARCASM),
        ("very short, benign", SHORT_BENIGN),
        ("very short, insults", SHORT_TOXIC),
    ):
        for scorer in scorers:
            threshold = getattr(scorer, "threshold", 0.5)
            values = [row[0] for row in scorer.score(list(texts))]
            flagged = sum(v >= threshold for v in values)
            print(f"  {scorer.name:<7} {title:<42} mean {np.mean(values):.3f}, flagged {flagged}/{len(texts)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--detoxify-dir", type=Path, help="Detoxify checkpoint folder (see DetoxifyScorer)")
    parser.add_argument("--sample", type=int, help="score a fixed sample of this many rows per set")
    parser.add_argument("--repeat", type=int, help="time each set this many times, report the median")
    parser.add_argument("--speed", action="store_true", help="time news against bilstm on the training comments")
    parser.add_argument("--failure-modes", action="store_true", help="measure the known failure modes instead")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"error: no labelled comments at {args.data}; pass --data", file=sys.stderr)
        return 2
    if args.speed:
        speed(args.repeat or 7)
        return 0
    if args.failure_modes:
        failure_modes([NewsScorer(), BiLSTMScorer()], args.data)
        return 0
    start = time.perf_counter()
    default = NewsScorer()
    default.score(["warm up: load the model once"])
    print(f"news: model loaded in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    bilstm = BiLSTMScorer()
    bilstm.score(["warm up: load the models once"])
    print(f"bilstm: both models loaded in {time.perf_counter() - start:.2f} s")
    print(runtime_size())
    scorers: list[Scorer] = [default, bilstm, *(OneModel(name) for name in BILSTM_MODELS), ProfanityScorer()]
    if args.detoxify_dir:
        scorers.append(DetoxifyScorer(args.detoxify_dir))
    for scorer in scorers[1:]:
        scorer.score(["warm up: load the model once"])
    print("thresholds: " + ", ".join(f"{s.name} {getattr(s, 'threshold', 0.5)}" for s in scorers))
    print(f"{'scorer':<25} {'set':<42} {'n':>6} {'pos':>6} {'ROC-AUC':>7} {'F1@thr':>6} {'texts/s':>8}")
    for name, label, title in SETS:
        texts, labels = load(args.data / name, label, args.sample)
        for scorer in scorers:
            auc, f1, rate = evaluate(scorer, texts, labels, args.repeat or 1)
            print(
                f"{scorer.name:<25} {title:<42} {len(texts):>6} {sum(labels):>6} {auc:>7.3f} {f1:>6.3f} {rate:>8.0f}",
                flush=True,
            )
    other_attributes([s for s in scorers if set(ATTRIBUTES) <= set(s.columns)], args.data, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
