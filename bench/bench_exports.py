"""Parse speed and memory of platform exports, on generated dumps of the documented shapes.

    .venv/bin/python bench/bench_exports.py                # 100,000 Reddit comments, 50,000 HN items
    .venv/bin/python bench/bench_exports.py --reddit 20000 --hackernews 10000 --repeat 5

Each export is parsed ``--repeat`` times; the median CPU time (``time.process_time``, so that other
work on the machine does not count) and the peak of Python's allocations (tracemalloc) are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from comments.parse import parse_file


def reddit_dump(path: Path, n: int, rng: random.Random) -> None:
    """Pushshift-shaped comments on 200 submissions; 60% are replies to an earlier comment."""
    lines = []
    for i in range(n):
        link = f"s{i % 200}"
        parent = f"t1_c{rng.randrange(i)}" if i > 10 and rng.random() < 0.6 else f"t3_{link}"
        body = f"Comment {i} &gt; quoting &amp; a [link](https://example.org/{i}) in Markdown"
        record = {"id": f"c{i}", "body": body, "author": f"user{i % 5000}", "parent_id": parent}
        lines.append(json.dumps({**record, "link_id": f"t3_{link}", "created_utc": 1_672_531_200 + i}))
    path.write_text("\n".join(lines), encoding="utf-8")


def hackernews_items(path: Path, n: int, rng: random.Random) -> None:
    """Firebase items of one story: comments with HTML text, each answering an earlier item."""
    records = [{"by": "founder", "id": 0, "title": "A story", "time": 1_175_714_200, "type": "story"}]
    for i in range(1, n):
        text = f'I&#x27;ve seen <i>{i}</i><p>a second paragraph with <a href="https://x.org">a link</a>'
        parent = rng.randrange(i) if i > 50 else 0
        records.append(
            {"by": f"u{i}", "id": i, "parent": parent, "text": text, "time": 1_175_714_200 + i, "type": "comment"}
        )
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")


def measure(path: Path, repeat: int) -> tuple[float, float, int]:
    seconds = []
    for _ in range(repeat):
        start = time.process_time()
        pages = parse_file(path)
        seconds.append(time.process_time() - start)
    tracemalloc.start()
    parse_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(seconds), peak / 1e6, sum(len(page.comments) for page in pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reddit", type=int, default=100_000, help="Reddit comments to generate")
    parser.add_argument("--hackernews", type=int, default=50_000, help="Hacker News items to generate")
    parser.add_argument("--repeat", type=int, default=3, help="parses per export; the median is printed")
    args = parser.parse_args()
    rng = random.Random(1)
    print(f"{'export':<22} {'MB':>6} {'comments':>9} {'CPU s':>7} {'comments/s':>11} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        exports = {"RC_reddit": reddit_dump, "hackernews.jsonl": hackernews_items}
        for (name, write), n in zip(exports.items(), (args.reddit, args.hackernews), strict=True):
            path = Path(folder) / name
            write(path, n, rng)
            seconds, peak, comments = measure(path, args.repeat)
            size = path.stat().st_size / 1e6
            print(f"{name:<22} {size:>6.1f} {comments:>9,} {seconds:>7.2f} {comments / seconds:>11,.0f} {peak:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
