"""Measure the parser on ../shared/eval/pages: comment and article token F1, leaks, counts, authors, speed.

    .venv/bin/python bench/eval_parse.py                 # every rendering, every page
    .venv/bin/python bench/eval_parse.py --kinds html --per-page /tmp/html.csv

Kinds: html (the saved pages) and the text dumps lynx, w3m, html2text, inscriptis.

Comment scores compare the comment section's visible text, as the gold holds it: every
predicted comment's author line, time line and text (comF1); textF1 counts comment text alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from comments.evaluate import RENDERINGS, evaluate_pages, parse_seconds

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval/pages folder")
    parser.add_argument("--renderings", nargs="+", default=list(RENDERINGS), choices=RENDERINGS)
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    parser.add_argument("--per-page", type=Path, metavar="CSV", help="write one row per page and rendering here")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time this many extra parsing passes and report the median (0: none)"
    )
    args = parser.parse_args()
    if not (args.data / "manifest.jsonl").exists():
        print(f"error: no evaluation pages at {args.data}; pass --data", file=sys.stderr)
        return 2
    ids = sorted(
        json.loads(line)["id"] for line in (args.data / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    )
    ids = ids[: args.limit] if args.limit else ids
    header = (
        f"{'rendering':<11} {'pages':>5} {'comF1 mac':>9} {'comF1 mic':>9} {'comP':>5} {'comR':>5} {'textF1':>6} "
        f"{'artF1 mac':>9} {'artF1 mic':>9} {'leak%':>6} {'found/gold':>10} {'author':>6} {'pages/s':>8}"
    )
    print(header)
    rows: list[dict[str, object]] = []
    for rendering in args.renderings:
        result = evaluate_pages(args.data, rendering, ids)
        if args.repeat:
            result.seconds = parse_seconds(args.data, rendering, ids, repeat=args.repeat)
        s = result.summary()
        print(
            f"{rendering:<11} {s['pages']:>5} {s['comment_f1_macro']:>9.3f} {s['comment_f1_micro']:>9.3f} "
            f"{s['comment_p_micro']:>5.2f} {s['comment_r_micro']:>5.2f} {s['text_only_f1_macro']:>6.3f} "
            f"{s['article_f1_macro']:>9.3f} "
            f"{s['article_f1_micro']:>9.3f} {100 * s['leak_share']:>6.1f} {s['comments_found_per_gold']:>10.2f} "
            f"{s['author_accuracy']:>6.2f} {s['pages_per_s']:>8.1f}",
            flush=True,
        )
        rows += [{"rendering": rendering, **row} for row in result.rows]
    if args.per_page:
        with args.per_page.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
