"""Measure the parser on ../shared/eval/pages: held-out and all-pages F1, leaks, counts, authors, speed.

    .venv/bin/python bench/eval_parse.py --jobs 2           # held-out folds and all pages, every rendering
    .venv/bin/python bench/eval_parse.py --no-folds --renderings html --per-page /tmp/html.csv
    .venv/bin/python bench/eval_parse.py --choices tests/eval_folds.json   # held out, the choices as recorded

Renderings: html (the saved pages) and the text dumps lynx, w3m, html2text, inscriptis.

Held-out figures (the headline): the pages fall into 5 fixed folds by id; every cue,
selector and threshold of the parser is chosen again on four folds and the parser so
tuned is scored on the fifth (see comments/folds.py). All-pages figures: the parser as
shipped, on every page. Comment scores compare the comment section's visible text as the
gold holds it: every predicted comment's author line, time line and text (comF1); textF1
counts comment text alone. Speed is CPU seconds of one process (median of --repeat passes).

Last, the development pages in today's markup (tests/modern, snippet gold): the share of gold
comments found, leaked into the article, and found with their author.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from comments.evaluate import RENDERINGS, RenderingResult, evaluate_pages, evaluate_snippets, page_ids, parse_seconds
from comments.folds import FOLDS, load_choices, run_folds, score_with_choices, write_choices
from comments.parse import tuning
from comments.parse.tuning import Tuning

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"
MODERN = Path(__file__).resolve().parents[1] / "tests" / "modern"
HEADER = (
    f"{'rendering':<11} {'pages':>5} {'comF1 mac':>9} {'comF1 mic':>9} {'comP':>5} {'comR':>5} {'textF1':>6} "
    f"{'artF1 mac':>9} {'artF1 mic':>9} {'leak%':>6} {'found/gold':>10} {'author':>6} {'pages/s':>8}"
)


def _line(result: RenderingResult) -> str:
    s = result.summary()
    return (
        f"{result.rendering:<11} {s['pages']:>5} {s['comment_f1_macro']:>9.3f} {s['comment_f1_micro']:>9.3f} "
        f"{s['comment_p_micro']:>5.2f} {s['comment_r_micro']:>5.2f} {s['text_only_f1_macro']:>6.3f} "
        f"{s['article_f1_macro']:>9.3f} {s['article_f1_micro']:>9.3f} {100 * s['leak_share']:>6.1f} "
        f"{s['comments_found_per_gold']:>10.2f} {s['author_accuracy']:>6.2f} {s['pages_per_s']:>8.1f}"
    )


def _modern(folder: Path) -> None:
    """The development pages in today's markup (tests/modern): gold comments found, leaked, with their author."""
    scores = evaluate_snippets(folder)
    print(f"\nmodern markup ({folder}: {len(scores)} pages written after today's templates, snippet gold)")
    print(f"{'page':<24} {'found':>7} {'leaked':>7} {'author':>7} {'parent':>7} {'body':>6}")
    for s in scores:
        print(
            f"{s.name:<24} {s.found:>3}/{s.comments:<3} {s.leaked:>7} {s.authors:>3}/{s.found:<3} "
            f"{s.parents:>3}/{s.found:<3} {s.body_found:>2}/{s.body:<3}"
        )
    gold, found = sum(s.comments for s in scores), sum(s.found for s in scores)
    leaked, authors = sum(s.leaked for s in scores), sum(s.authors for s in scores)
    print(
        f"all: {found / gold:.0%} of {gold} gold comments found, {leaked / gold:.0%} leaked into the article, "
        f"{authors / max(1, found):.0%} of those found with their author"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval/pages folder")
    parser.add_argument("--renderings", nargs="+", default=list(RENDERINGS), choices=RENDERINGS)
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    parser.add_argument("--no-folds", action="store_true", help="all-pages figures only (quick)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the folds")
    parser.add_argument(
        "--without", nargs="+", default=[], metavar="COMPONENT", help="leave these components out (e.g. structure)"
    )
    parser.add_argument("--all-components", action="store_true", help="list every component, not only dropped ones")
    parser.add_argument("--modern", type=Path, default=MODERN, help="a folder of pages with snippet gold")
    parser.add_argument("--no-modern", action="store_true", help="leave out the modern-markup pages")
    parser.add_argument("--per-page", type=Path, metavar="CSV", help="write one row per page and rendering here")
    parser.add_argument("--write-folds", type=Path, metavar="JSON", help="write each fold's choices here")
    parser.add_argument(
        "--choices",
        type=Path,
        metavar="JSON",
        help="held-out figures with the fold choices recorded by --write-folds, without choosing them again (quick)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="time this many parsing passes, report the median (0: none)"
    )
    args = parser.parse_args()
    if not (args.data / "manifest.jsonl").exists():
        print(f"error: no evaluation pages at {args.data}; pass --data", file=sys.stderr)
        return 2
    ids = page_ids(args.data)
    ids = ids[: args.limit] if args.limit else ids
    results: dict[str, RenderingResult] = {}
    if args.no_folds:
        with tuning.tuned(Tuning(off=frozenset(args.without))):
            results = {rendering: evaluate_pages(args.data, rendering, ids) for rendering in args.renderings}
    else:
        if args.choices:
            report = score_with_choices(args.data, args.renderings, ids, load_choices(args.choices), jobs=args.jobs)
        else:
            report = run_folds(
                args.data,
                args.renderings,
                ids,
                jobs=args.jobs,
                without=frozenset(args.without),
                progress=lambda message: print(f"# {message}", file=sys.stderr, flush=True),
            )
        recorded = f", as recorded in {args.choices}" if args.choices else ""
        print(f"held out ({FOLDS} folds by id: every choice made on four folds, scored on the fifth{recorded})")
        print(HEADER)
        for rendering in args.renderings:
            held = report.result(rendering, held_out=True)
            print(_line(held).rsplit(" ", 1)[0].rstrip() + f" {'':>8}", flush=True)
        results = {rendering: report.result(rendering, held_out=False) for rendering in args.renderings}
        print("\nchoices per fold (made on the other four):")
        for fold, choice in enumerate(report.choices):
            print(f"  fold {fold}: {json.dumps(choice.to_json())}")
        print("\ncomponents: pages touched, helped and hurt; utility it adds; folds keeping it (* some fold drops it)")
        for name, pages, helped, hurt, gain, kept in [] if args.choices else report.components():
            if kept < FOLDS or args.all_components:
                mark = "*" if kept < FOLDS else " "
                print(f" {mark} {name:<56} {pages:>4} {helped:>4} {hurt:>4} {gain:>+8.3f} {kept:>2}/{FOLDS}")
        if args.write_folds:
            write_choices(args.write_folds, report)
        print("\nall pages (the parser as shipped)")
    if args.no_folds:
        print("all pages (the parser as shipped)")
    print(HEADER)
    rows: list[dict[str, object]] = []
    for rendering, result in results.items():
        if args.repeat:
            result.seconds = parse_seconds(args.data, rendering, ids, repeat=args.repeat)
        print(_line(result), flush=True)
        rows += [{"rendering": rendering, **row} for row in result.rows]
    if not args.no_modern:
        _modern(args.modern)
    if args.per_page:
        with args.per_page.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
