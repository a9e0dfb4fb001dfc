"""Throughput of the whole pipeline on a synthetic corpus of real comment texts.

    .venv/bin/python bench/bench_pipeline.py --pages 1000 [--repeat 3] [--toxicity news|bilstm|profanity]
    .venv/bin/python bench/bench_pipeline.py --pages 200 --cpu 5   # the bare loop, --jobs 1 and --jobs 2, 5 times each
    .venv/bin/python bench/bench_pipeline.py --corpus DIR --cpu 3  # the same on a corpus built before

Builds N pages in the example pages' format (title, article paragraphs, a threaded
"NAME says:" comment section) from the labelled comments of ../shared/eval/toxicity
(generated sentences, with a note, when that folder is absent). Every text is made unique
(a page and position number appended), so the run-wide de-duplication cannot flatter the
figures. A "text" is a comment or an article sentence: the units the pipeline scores.

The machine is shared, so speeds are CPU time (user + system of the process and its children,
``resource.getrusage``), the median of ``--repeat`` runs; wall time is given beside them and
is what the ``--jobs 2`` speed-up is measured in: the runs of the four ways take turns, and the
speed-up is the median over rounds of ``--jobs 1``'s wall time over ``--jobs 2``'s in the same
round. It prints:

- the bare loop: ``SentimentIntensityAnalyzer().polarity_scores(t)`` and ``TextBlob(t).sentiment``
  on every text the pipeline scores, nothing else;
- each default scorer alone on the same texts, in batches of 1,000, and back to back (the bound);
- ``comments report`` with ``--jobs 1``, ``--jobs 2``, ``--engine dask`` (a LocalCluster of 2
  workers) and ``--engine dask --scheduler`` (a scheduler and two workers started as separate
  processes by the ``dask`` command), charts off; peak RSS of the run at N and at 4N pages;
- the ratios: ``--jobs 1`` against the bare loop, and the same without the toxicity model's own
  time (what the model takes alone on these texts); ``--jobs 2`` against ``--jobs 1``;
- a naive pandas pipeline on the same pages (the same parser, one DataFrame per page, VADER and
  TextBlob applied per row, the toxicity model per row or on the page's column, to_csv).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from comments.parse import parse_file
from comments.score import Scorer, TextBlobScorer, VaderScorer, split_sentences, toxicity_scorer
from comments.settings import DEFAULT_TOXICITY, AnalyzeSettings

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "toxicity"
COMMENTS_PER_PAGE = 50
NAMES = ("Ann", "Bob", "Cleo", "Dan", "Eve", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea")


def real_texts() -> list[str]:
    texts: list[str] = []
    for name in ("socc_ctc.csv", "wiki_toxicity_test.csv", "jigsaw_robtest_balanced.csv", "davidson_tweets.csv"):
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                texts += [" ".join(row["text"].split()) for row in csv.DictReader(handle)]
    return [t for t in texts if 3 <= len(t.split()) <= 200]


def generated_texts(n: int, rng: random.Random) -> list[str]:
    words = ["the", "council", "vote", "road", "school", "good", "bad", "terrible", "great", "plan", "tax", "city"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(8, 40))).capitalize() + "." for _ in range(n)]


def build_corpus(folder: Path, pages: int, texts: list[str], rng: random.Random) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        article = "\n\n".join(
            " ".join(f"{rng.choice(texts)} (page {n}, part {p}.{s})." for s in range(3)) for p in range(6)
        )
        lines = [f"Synthetic article {n}", "", article, "", "Tags: bench", "", ""]
        for c in range(COMMENTS_PER_PAGE):
            reply = c > 0 and rng.random() < 0.3  # a reply sits deeper than the comment before it
            indent = "    " if reply else "  "
            lines += [
                f"{indent}{c + 1}. Avatar {rng.choice(NAMES)}{n % 97} says:",
                "",
                f"{indent}  {rng.choice(texts)} (page {n}, comment {c})",
                "",
            ]
        (folder / f"page_{n:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def scored_texts(folder: Path) -> tuple[list[str], list[str]]:
    """(the texts the sentiment scorers read, those the toxicity model reads): article sentences,
    and comments (whole for the toxicity model; a long one sentence by sentence for sentiment)."""
    long_chars = AnalyzeSettings().long_comment_chars
    sentiment: list[str] = []
    whole: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for page in parse_file(path):
            sentences = [s for p in page.article.paragraphs for s in split_sentences(p)]
            sentiment += sentences
            whole += sentences
            for comment in page.comments:
                whole.append(comment.text)
                long = len(comment.text) > long_chars
                sentiment += (split_sentences(comment.text) or [comment.text[:long_chars]]) if long else [comment.text]
    return sentiment, whole


def _cpu(function: Callable[[], object]) -> float:
    start = resource.getrusage(resource.RUSAGE_SELF)
    function()
    end = resource.getrusage(resource.RUSAGE_SELF)
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)


def bare_loop(texts: Sequence[str]) -> None:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    for text in texts:
        vader.polarity_scores(text)
        TextBlob(text).sentiment  # noqa: B018


def run_report(corpus: Path, jobs: int, extra: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the run and its children, texts scored, peak RSS in MB) of one
    ``comments report`` run."""
    out = Path(tempfile.mkdtemp())
    probe = (
        "import json, resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True); wall = time.perf_counter() - start; "
        "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(json.dumps([wall, r.ru_utime + r.ru_stime, r.ru_maxrss]))"
    )
    command = [sys.executable, "-m", "comments", "report", str(corpus), "--out", str(out), "--no-charts", "--quiet"]
    result = subprocess.run(
        [sys.executable, "-c", probe, *command, "--jobs", str(jobs), *extra], capture_output=True, text=True, check=True
    )
    wall, cpu, rss_kb = json.loads(result.stdout.strip().splitlines()[-1])
    texts = len(pd.read_csv(out / "comments.csv", usecols=["comment_id"])) + len(
        pd.read_csv(out / "sentences.csv", usecols=["sentence"])
    )
    return wall, cpu, texts, rss_kb // 1024


@contextmanager
def dask_cluster(workers: int) -> Iterator[str]:
    """A scheduler and ``workers`` workers, each started as its own process by the ``dask`` command."""
    folder = Path(tempfile.mkdtemp())
    dask = str(Path(sys.executable).with_name("dask"))
    started: list[subprocess.Popen[bytes]] = []
    try:
        address = folder / "scheduler.json"
        scheduler_command = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
        started.append(
            subprocess.Popen(
                [*scheduler_command, "--scheduler-file", address], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        while not address.exists():
            time.sleep(0.2)
        scheduler = json.loads(address.read_text(encoding="utf-8"))["address"]
        for n in range(workers):
            worker = [dask, "worker", scheduler, "--name", f"w{n}", "--nthreads", "1", "--no-dashboard"]
            started.append(subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from dask.distributed import Client

        with Client(scheduler, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield scheduler
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)


def naive_pandas(files: list[Path], toxicity: object, per_row: bool) -> tuple[float, int]:
    """(CPU seconds, texts) of the plain way: per page a DataFrame, scorers applied row by row
    (the toxicity model too when ``per_row``, else on the page's whole column)."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    out = Path(tempfile.mkdtemp())
    texts = 0

    def run() -> None:
        nonlocal texts
        for n, path in enumerate(files):
            (page,) = parse_file(path)
            rows = [{"unit": "sentence", "text": s} for p in page.article.paragraphs for s in split_sentences(p)]
            rows += [{"unit": "comment", "text": c.text, "author": c.author} for c in page.comments]
            frame = pd.DataFrame(rows)
            frame["vader"] = frame["text"].apply(lambda t: vader.polarity_scores(t)["compound"])
            frame["polarity"] = frame["text"].apply(lambda t: TextBlob(t).sentiment.polarity)
            if per_row:
                frame["toxicity"] = frame["text"].apply(lambda t: toxicity.score([t])[0][0])  # type: ignore[attr-defined]
            else:
                frame["toxicity"] = [row[0] for row in toxicity.score(frame["text"].tolist())]  # type: ignore[attr-defined]
            frame.to_csv(out / f"{n}.csv", index=False)
            texts += len(frame)

    return _cpu(run), texts


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _spread(values: Sequence[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def cpu_only(corpus: Path, repeat: int, toxicity: str) -> int:
    """The bare loop, ``--jobs 1`` and ``--jobs 2``, ``repeat`` times each (the two runs of a round back to
    back): median CPU seconds, the bare loop's ratio to ``--jobs 1``, and ``--jobs 2``'s speed-up in wall
    time within each round."""
    _, whole = scored_texts(corpus)
    bare = [_cpu(lambda: bare_loop(whole)) for _ in range(repeat)]
    rounds = [(run_report(corpus, 1, ["--toxicity", toxicity]), run_report(corpus, 2, ["--toxicity", toxicity]))
              for _ in range(repeat)]  # fmt: skip
    print(f"texts: {len(whole):,} in the bare loop, {rounds[0][0][2]:,} in the report (comments and article sentences)")
    print(f"bare loop: median CPU {_median(bare):.2f} s of {repeat} runs ({_spread(bare)})")
    for n, label in enumerate(("--jobs 1", "--jobs 2")):
        cpus, walls = [r[n][1] for r in rounds], [r[n][0] for r in rounds]
        print(
            f"pipeline {label} (--toxicity {toxicity}): median CPU {_median(cpus):.2f} s of {repeat} runs"
            f" ({_spread(cpus)}), {rounds[0][n][2] / _median(cpus):,.0f} texts per CPU second;"
            f" median wall {_median(walls):.2f} s ({_spread(walls)})"
        )
    one_cpu = _median([r[0][1] for r in rounds])
    speedups = [one[0] / two[0] for one, two in rounds]
    print(f"jobs 1 / bare loop: {_median(bare) / one_cpu:.2f}x (CPU)")
    print(f"jobs 2 / jobs 1 (wall, within each round): {_median(speedups):.2f}x (each round: {_spread(speedups)})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the median is printed")
    parser.add_argument(
        "--toxicity",
        default=DEFAULT_TOXICITY,
        help=f"the toxicity scorer of every run (default: the run's own, {DEFAULT_TOXICITY})",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="measure on this corpus (one built before, e.g. by this script) instead of building --pages pages;"
        " the 4N memory run is left out",
    )
    parser.add_argument("--skip-4n", action="store_true", help="leave out the 4N memory run")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive pandas pipeline")
    parser.add_argument(
        "--cpu",
        type=int,
        metavar="R",
        help="only the bare loop and the --jobs 1 run, R times each: their median CPU seconds and ratio "
        "(CPU time compares two versions of the code on a shared machine)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp())
    if args.corpus is not None:
        if not any(args.corpus.glob("*.txt")):
            parser.error(f"--corpus {args.corpus}: no .txt pages in it; give a folder this script built")
        corpus = args.corpus
        args.skip_4n = True
    else:
        texts = real_texts()
        if not texts:
            print(f"note: no labelled comments at {DATA}; using generated sentences", file=sys.stderr)
            texts = generated_texts(20_000, rng)
        corpus = root / "n"
        build_corpus(corpus, args.pages, texts, rng)
    if args.cpu:
        return cpu_only(corpus, args.cpu, args.toxicity)
    if not args.skip_4n:
        build_corpus(root / "4n", 4 * args.pages, texts, rng)
    sentiment, whole = scored_texts(corpus)
    if args.corpus is not None:
        print(f"corpus: {len(list(corpus.glob('*.txt')))} pages in {corpus}")
    else:
        print(
            f"corpus: {args.pages} pages x {COMMENTS_PER_PAGE} comments from {len(texts):,} real texts,"
            " each made unique"
        )
    print(f"texts the pipeline scores: {len(whole):,} (comments and article sentences)")
    print(f"speeds in CPU time, the median of {args.repeat} runs")

    bare = _median([_cpu(lambda: bare_loop(whole)) for _ in range(args.repeat)])
    print(f"bare loop: polarity_scores + TextBlob(t).sentiment {len(whole) / bare:>8,.0f} texts/s ({bare:.1f} s)")
    toxicity = toxicity_scorer(args.toxicity)
    seconds = {}
    for scorer, its_texts in ((VaderScorer(), sentiment), (TextBlobScorer(), sentiment), (toxicity, whole)):
        scorer.score(["warm up"])
        batches = [its_texts[i : i + 1000] for i in range(0, len(its_texts), 1000)]

        def score_all(scorer: Scorer = scorer, batches: list[list[str]] = batches) -> None:
            for batch in batches:
                scorer.score(batch)

        seconds[scorer.name] = _median([_cpu(score_all) for _ in range(args.repeat)])
        print(f"scorer {scorer.name:<10} {len(its_texts) / seconds[scorer.name]:>9,.0f} texts/s (in batches of 1,000)")
    bound = len(whole) / sum(seconds.values())
    print(f"scorers back to back {bound:>6,.0f} texts/s (the bound)")

    extra = ["--toxicity", args.toxicity]
    runs: dict[str, list[tuple[float, float, int, int]]] = {}
    # the runs of the four ways take turns, round after round, so that a change in the machine's load
    # falls on all of them alike; the --jobs 2 speed-up is taken within each round
    with dask_cluster(2) as scheduler:
        ways = {
            "--jobs 1": (1, []),
            "--jobs 2": (2, []),
            "--engine dask": (2, ["--engine", "dask"]),
            "--scheduler": (2, ["--engine", "dask", "--scheduler", scheduler]),
        }
        for _ in range(args.repeat):
            for label, (jobs, more) in ways.items():
                runs.setdefault(label, []).append(run_report(corpus, jobs, extra + more))
    for label, measured in runs.items():
        walls, cpus = [r[0] for r in measured], [r[1] for r in measured]
        scored, rss = measured[0][2], max(r[3] for r in measured)
        # the --scheduler workers are not the run's children: their CPU is not counted, only the client's
        cpu = "the client's CPU" if label == "--scheduler" else "CPU"
        print(
            f"pipeline {label:<16} {scored / _median(cpus):>6,.0f} texts/s of {cpu},"
            f" {scored / _median(walls):>6,.0f}"
            f" texts/s of wall ({scored:,} texts; wall s: {_spread(walls)}; CPU s: {_spread(cpus)};"
            f" peak RSS of one process {rss} MB)"
        )
    if not args.skip_4n:
        _, _, scored_4n, rss_4n = run_report(root / "4n", 1, extra)
        print(f"peak RSS at 4N (--jobs 1, {scored_4n:,} texts): {rss_4n} MB")

    one_cpu = _median([r[1] for r in runs["--jobs 1"]])
    speedups = [one[0] / two[0] for one, two in zip(runs["--jobs 1"], runs["--jobs 2"], strict=True)]
    print(
        f"jobs 1 / bare loop: {bare / one_cpu:.2f}x; without the toxicity model's own"
        f" {seconds[toxicity.name]:.1f} s: {bare / (one_cpu - seconds[toxicity.name]):.2f}x"
    )
    print(
        f"jobs 2 / jobs 1 (wall, within each round): {_median(speedups):.2f}x"
        f" (each round: {_spread(speedups)});"
        f" jobs 1 / bound: {len(whole) / one_cpu / bound:.2f}"
    )
    if args.skip_naive:
        return 0
    files = sorted(corpus.glob("*.txt"))[: max(1, len(list(corpus.glob("*.txt"))) // 10)]
    for per_row, how in ((True, "all three scorers per row"), (False, "VADER, TextBlob per row, toxicity per page")):
        cpu, scored = naive_pandas(files, toxicity, per_row)
        naive = scored / cpu
        print(f"naive pandas pipeline {naive:>5,.0f} texts/s of CPU ({len(files)} pages: parse, {how}, to_csv)")
        print(f"  pipeline --jobs 1 / naive: {len(whole) / one_cpu / naive:.2f}x (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
