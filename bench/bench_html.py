"""What the HTML report costs on a large corpus: file sizes, time added to a run, time to open in Chromium.

    .venv/bin/python bench/bench_html.py --pages 1000 [--repeats 3]

Builds the corpus of bench_pipeline.py (pages of 50 comments from the real comment texts of
../shared/eval/toxicity), one page of them with BIG_COMMENTS comments, then:

1. one run with the default scorers, charts off, scores kept in a cache folder;
2. ``--repeats`` pairs of runs from that cache (so scoring costs no time), one with ``--no-html`` and
   one with the HTML report, alternated, ``--jobs 1`` so that every step is in one process: the
   median wall time and CPU time of each, and their difference (what the HTML adds);
3. the sizes of what was written: HTML files, the largest, the index, the listings, the CSV files;
4. the index and the largest page opened in headless Chromium (``$CHROMIUM``, default
   /usr/bin/chromium): time to the load event, and any console error.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_pipeline import NAMES, build_corpus, generated_texts, real_texts

BIG_COMMENTS = 3_000


def big_page(path: Path, texts: list[str], rng: random.Random) -> None:
    """A page in the same format with BIG_COMMENTS comments in threads of up to ten."""
    lines = ["A page with a very long comment section", "", "The council met and agreed on a plan.", "", ""]
    for c in range(BIG_COMMENTS):
        indent = "    " if c % 10 else "  "
        lines += [f"{indent}{c + 1}. Avatar {rng.choice(NAMES)} says:", "", f"{indent}  {rng.choice(texts)} ({c})", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def run(corpus: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one `comments report` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "comments", "report", str(corpus), "--out", str(out), "--quiet"]
    subprocess.run([*command, "--no-charts", "--cache", str(cache), *extra], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sizes(out: Path) -> None:
    pages = sorted(out.rglob("*.html"), key=lambda p: p.stat().st_size)
    listings = [p for p in pages if p.parent.name == "_pages"]
    articles = [p for p in pages if p.parent.name != "_pages" and p.parent != out]
    csvs = list(out.glob("*.csv"))
    mb = 1e6
    print(f"HTML files: {len(pages):,}, {sum(p.stat().st_size for p in pages) / mb:.1f} MB in all")
    print(f"  index.html {(out / 'index.html').stat().st_size / 1e3:.0f} kB")
    print(
        f"  {len(listings)} sorted listings of the page table: {sum(p.stat().st_size for p in listings) / mb:.1f} MB, "
        f"largest {max(p.stat().st_size for p in listings) / 1e3:.0f} kB"
    )
    median = statistics.median(p.stat().st_size for p in articles)
    print(
        f"  {len(articles):,} article files: median {median / 1e3:.0f} kB, "
        f"largest {articles[-1].stat().st_size / 1e3:.0f} kB ({articles[-1].relative_to(out)})"
    )
    print(f"CSV files for comparison: {sum(p.stat().st_size for p in csvs) / mb:.1f} MB")


def open_in_chromium(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    largest = max((p for p in out.rglob("*.html") if p.parent.name != "_pages"), key=lambda p: p.stat().st_size)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for path in (out / "index.html", out / "_pages" / "share_toxic-desc-1.html", largest):
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            times = []
            for _ in range(3):
                start = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                times.append(time.perf_counter() - start)
            rows = page.locator("tr, li.comment").count()
            print(
                f"Chromium opens {path.relative_to(out)} ({path.stat().st_size / 1e3:.0f} kB, {rows} rows or comments) "
                f"in {statistics.median(times) * 1000:.0f} ms (median of 3); console errors: {len(errors)}"
            )
            page.close()
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = real_texts() or generated_texts(20_000, rng)
    work = Path(tempfile.mkdtemp(prefix="bench_html_"))
    corpus, cache = work / "corpus", work / "cache"
    build_corpus(corpus, args.pages - 1, texts, rng)
    big_page(corpus / "page_big.txt", texts, rng)
    print(f"corpus: {args.pages} pages ({args.pages - 1} x 50 comments, 1 x {BIG_COMMENTS:,}) in {corpus}")
    wall, cpu = run(corpus, work / "first", cache)
    print(f"first run, default scorers, charts off, HTML on: {wall:.1f} s wall, {cpu:.1f} s CPU")
    timings: dict[str, list[tuple[float, float]]] = {"--no-html": [], "html": []}
    for n in range(args.repeats):
        for label in timings:
            extra = ["--jobs", "1", *(["--no-html"] if label == "--no-html" else [])]
            timings[label].append(run(corpus, work / f"{label.strip('-')}{n}", cache, *extra))
    medians = {
        label: (statistics.median(w for w, _ in ts), statistics.median(c for _, c in ts))
        for label, ts in timings.items()
    }
    for label, (w, c) in medians.items():
        print(f"scores from the cache, --jobs 1, {label:9}: {w:.1f} s wall, {c:.1f} s CPU (median of {args.repeats})")
    added = medians["html"][1] - medians["--no-html"][1]
    print(f"the HTML report adds {added:.1f} s CPU ({medians['html'][0] - medians['--no-html'][0]:.1f} s wall)")
    sizes(work / "first")
    open_in_chromium(work / "first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
