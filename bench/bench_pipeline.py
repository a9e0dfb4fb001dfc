"""Throughput of the whole pipeline on a synthetic corpus of real comment texts.

    .venv/bin/python bench/bench_pipeline.py --pages 1000 [--toxicity bilstm|profanity]
    .venv/bin/python bench/bench_pipeline.py --pages 200 --cpu 5    # CPU time only, to compare two versions

Builds N pages in the example pages' format (title, article paragraphs, a threaded
"NAME says:" comment section) from the labelled comments of ../shared/eval/toxicity
(generated sentences, with a note, when that folder is absent). Every text is made unique
(a page and position number appended), so the run-wide de-duplication cannot flatter the
figures. Then prints: texts/s of each default scorer alone and back to back (the bound);
texts/s of `comments report` with --jobs 1, --jobs 2 and --engine dask (2 workers), charts
off; peak RSS of the run at N and at 4N pages; and texts/s of a naive pandas pipeline on
the same pages (the same parser, one DataFrame per page, VADER and TextBlob applied per
row, the toxicity model on the whole column, to_csv). A "text" is a comment or an article
sentence: the units the pipeline scores.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from comments.parse import parse_file
from comments.score import TextBlobScorer, VaderScorer, split_sentences, toxicity_scorer

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


def run_report(corpus: Path, jobs: int, extra: list[str]) -> tuple[float, int, int, float]:
    """(seconds, texts scored, peak RSS in MB, CPU seconds of all its processes) of one `comments report` run."""
    out = Path(tempfile.mkdtemp())
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(usage.ru_utime + usage.ru_stime); print(usage.ru_maxrss)"
    )
    command = [sys.executable, "-m", "comments", "report", str(corpus), "--out", str(out), "--no-charts", "--quiet"]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", probe, *command, "--jobs", str(jobs), *extra], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    *_, cpu, rss = result.stdout.strip().splitlines()
    rss_mb = int(rss) // 1024
    texts = len(pd.read_csv(out / "comments.csv", usecols=["comment_id"])) + len(
        pd.read_csv(out / "sentences.csv", usecols=["sentence"])
    )
    return seconds, texts, rss_mb, float(cpu)


def naive_pandas(files: list[Path], toxicity: object, per_row: bool) -> tuple[float, int]:
    """(seconds, texts) of the plain way: per page a DataFrame, scorers applied row by row
    (the toxicity model too when ``per_row``, else on the page's whole column)."""
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    texts = 0
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
    return time.perf_counter() - start, texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--toxicity", default="bilstm", help="the toxicity scorer of every run (default: bilstm)")
    parser.add_argument("--skip-4n", action="store_true", help="leave out the 4N memory run")
    parser.add_argument(
        "--cpu",
        type=int,
        metavar="R",
        help="only the --jobs 1 run, R times: the median CPU seconds and CPU texts/s (wall time is noisy on a "
        "shared machine; CPU time compares two versions of the code)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = real_texts()
    if not texts:
        print(f"note: no labelled comments at {DATA}; using generated sentences", file=sys.stderr)
        texts = generated_texts(20_000, rng)
    root = Path(tempfile.mkdtemp())
    build_corpus(root / "n", args.pages, texts, rng)
    if args.cpu:
        runs = [run_report(root / "n", 1, ["--toxicity", args.toxicity]) for _ in range(args.cpu)]
        cpu = statistics.median(run[3] for run in runs)
        print(
            f"pipeline --jobs 1: median CPU {cpu:.2f} s of {args.cpu} runs "
            f"({', '.join(f'{run[3]:.2f}' for run in runs)}), {runs[0][1] / cpu:,.0f} texts per CPU second"
        )
        return 0
    if not args.skip_4n:
        build_corpus(root / "4n", 4 * args.pages, texts, rng)

    sample = [f"{rng.choice(texts)} (sample {i})" for i in range(args.pages * COMMENTS_PER_PAGE // 5)]
    sample += [s for t in sample[:2000] for s in split_sentences(t)]
    rates = {}
    toxicity = toxicity_scorer(args.toxicity)
    for scorer in (VaderScorer(), TextBlobScorer(), toxicity):
        scorer.score(["warm up"])
        start = time.perf_counter()
        for i in range(0, len(sample), 1000):
            scorer.score(sample[i : i + 1000])
        rates[scorer.name] = len(sample) / (time.perf_counter() - start)
    bound = 1 / sum(1 / r for r in rates.values())
    print(f"corpus: {args.pages} pages x {COMMENTS_PER_PAGE} comments from {len(texts):,} real texts, each made unique")
    for name, rate in rates.items():
        print(f"scorer {name:<10} {rate:>9,.0f} texts/s ({len(sample):,} texts in batches of 1,000)")
    print(f"scorers back to back {bound:>6,.0f} texts/s (the bound)")

    results = {}
    extra = ["--toxicity", args.toxicity]
    for label, jobs, more in (("--jobs 1", 1, []), ("--jobs 2", 2, []), ("--engine dask", 2, ["--engine", "dask"])):
        seconds, scored, rss, _ = run_report(root / "n", jobs, extra + more)
        results[label] = scored / seconds
        print(
            f"pipeline {label:<14} {results[label]:>6,.0f} texts/s "
            f"({scored:,} texts, {seconds:.1f} s, peak RSS of one process {rss} MB)"
        )
    if not args.skip_4n:
        _, scored_4n, rss_4n, _ = run_report(root / "4n", 1, extra)
        print(f"peak RSS at 4N (--jobs 1, {scored_4n:,} texts): {rss_4n} MB")
    print(
        f"jobs 2 / jobs 1: {results['--jobs 2'] / results['--jobs 1']:.2f}x; "
        f"jobs 1 / bound: {results['--jobs 1'] / bound:.2f}"
    )
    files = sorted((root / "n").glob("*.txt"))[: max(1, args.pages // 10)]
    for per_row, how in ((True, "all three scorers per row"), (False, "VADER, TextBlob per row, toxicity per page")):
        seconds, scored = naive_pandas(files, toxicity, per_row)
        naive = scored / seconds
        print(f"naive pandas pipeline {naive:>5,.0f} texts/s ({len(files)} pages: parse, {how}, to_csv)")
        print(
            f"  pipeline --jobs 1 / naive: {results['--jobs 1'] / naive:.2f}x; "
            f"--jobs 2 / naive: {results['--jobs 2'] / naive:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
