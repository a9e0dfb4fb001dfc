"""Measure the parser on ../shared/eval/pages: comment and article token F1, leaks, counts, authors, speed.

    .venv/bin/python bench/eval_parse.py                 # every kind, every page
    .venv/bin/python bench/eval_parse.py --kinds html --per-page /tmp/html.csv

Kinds: html (the saved pages) and the text dumps lynx, w3m, html2text, inscriptis.

Comment scores compare the comment section's visible text, as the gold holds it: every
predicted comment's author line, time line and text (comF1); textF1 counts comment text alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from comments.errors import CommentsError
from comments.evaluate import Overlap, author_hits, leaked, overlap
from comments.parse import parse_page

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"
KINDS = ("html", "lynx", "w3m", "html2text", "inscriptis")


@dataclass
class KindResult:
    kind: str
    pages: int = 0
    failed: int = 0
    seconds: float = 0.0
    comment_f1: list[float] = field(default_factory=list)
    text_only_f1: list[float] = field(default_factory=list)
    article_f1: list[float] = field(default_factory=list)
    comment_micro: Overlap = field(default_factory=lambda: Overlap(0, 0, 0))
    article_micro: Overlap = field(default_factory=lambda: Overlap(0, 0, 0))
    leaks: int = 0
    gold_comments: int = 0
    found_comments: int = 0
    gold_comment_count: int = 0
    author_hits: int = 0
    author_total: int = 0
    rows: list[dict[str, object]] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "pages": self.pages,
            "failed": self.failed,
            "comment_f1_macro": statistics.fmean(self.comment_f1) if self.comment_f1 else 0.0,
            "text_only_f1_macro": statistics.fmean(self.text_only_f1) if self.text_only_f1 else 0.0,
            "comment_p_micro": self.comment_micro.precision,
            "comment_r_micro": self.comment_micro.recall,
            "comment_f1_micro": self.comment_micro.f1,
            "article_f1_macro": statistics.fmean(self.article_f1) if self.article_f1 else 0.0,
            "article_p_micro": self.article_micro.precision,
            "article_r_micro": self.article_micro.recall,
            "article_f1_micro": self.article_micro.f1,
            "leak_share": self.leaks / self.gold_comments if self.gold_comments else 0.0,
            "comments_found_per_gold": self.found_comments / max(1, self.gold_comment_count),
            "author_accuracy": self.author_hits / self.author_total if self.author_total else 0.0,
            "pages_per_s": self.pages / self.seconds if self.seconds else 0.0,
        }


def page_path(data: Path, kind: str, page_id: str) -> Path:
    return data / "html" / f"{page_id}.html" if kind == "html" else data / "text" / kind / f"{page_id}.txt"


def evaluate(data: Path, kind: str, ids: list[str]) -> KindResult:
    result = KindResult(kind)
    for page_id in ids:
        gold = json.loads((data / "gold" / f"{page_id}.json").read_text(encoding="utf-8"))
        start = time.perf_counter()
        try:
            page = parse_page(page_path(data, kind, page_id))
        except CommentsError:
            page = None
        result.seconds += time.perf_counter() - start
        result.pages += 1
        if page is None:
            result.failed += 1
            article_text, comments, section = "", [], ""
        else:
            article_text = "\n".join(filter(None, [page.article.title, *page.article.paragraphs]))
            comments = [(c.text, c.author) for c in page.comments]
            # the section's visible text: each comment's author and time lines, then its words
            section = "\n".join(filter(None, (p for c in page.comments for p in (c.author, c.posted_at, c.text))))
        c, a = overlap(section, gold["comments_block"]), overlap(article_text, gold["body"])
        result.comment_f1.append(c.f1)
        result.text_only_f1.append(overlap("\n".join(t for t, _ in comments), gold["comments_block"]).f1)
        result.article_f1.append(a.f1)
        result.comment_micro += c
        result.article_micro += a
        gold_texts = [g["text"] for g in gold["comments"]]
        leaks, total = leaked(gold_texts, article_text)
        result.leaks += leaks
        result.gold_comments += total
        result.found_comments += len(comments)
        result.gold_comment_count += len(gold["comments"])
        if gold.get("segmentation", {}).get("confidence") == "high":
            hits, with_author = author_hits([(g["text"], g["author"]) for g in gold["comments"]], comments)
            result.author_hits += hits
            result.author_total += with_author
        result.rows.append(
            {
                "id": page_id,
                "comment_f1": round(c.f1, 4),
                "comment_p": round(c.precision, 4),
                "comment_r": round(c.recall, 4),
                "article_f1": round(a.f1, 4),
                "article_p": round(a.precision, 4),
                "article_r": round(a.recall, 4),
                "leaks": leaks,
                "found": len(comments),
                "gold": len(gold["comments"]),
            }
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval/pages folder")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    parser.add_argument("--per-page", type=Path, metavar="CSV", help="write one row per page and kind here")
    args = parser.parse_args()
    if not (args.data / "manifest.jsonl").exists():
        print(f"error: no evaluation pages at {args.data}; pass --data", file=sys.stderr)
        return 2
    ids = sorted(json.loads(line)["id"] for line in (args.data / "manifest.jsonl").open(encoding="utf-8"))
    ids = ids[: args.limit] if args.limit else ids
    header = (
        f"{'kind':<11} {'pages':>5} {'comF1 mac':>9} {'comF1 mic':>9} {'comP':>5} {'comR':>5} {'textF1':>6} "
        f"{'artF1 mac':>9} {'artF1 mic':>9} {'leak%':>6} {'found/gold':>10} {'author':>6} {'pages/s':>8}"
    )
    print(header)
    rows: list[dict[str, object]] = []
    for kind in args.kinds:
        result = evaluate(args.data, kind, ids)
        s = result.summary()
        print(
            f"{kind:<11} {s['pages']:>5} {s['comment_f1_macro']:>9.3f} {s['comment_f1_micro']:>9.3f} "
            f"{s['comment_p_micro']:>5.2f} {s['comment_r_micro']:>5.2f} {s['text_only_f1_macro']:>6.3f} "
            f"{s['article_f1_macro']:>9.3f} "
            f"{s['article_f1_micro']:>9.3f} {100 * s['leak_share']:>6.1f} {s['comments_found_per_gold']:>10.2f} "
            f"{s['author_accuracy']:>6.2f} {s['pages_per_s']:>8.1f}",
            flush=True,
        )
        rows += [{"kind": kind, **row} for row in result.rows]
    if args.per_page:
        with args.per_page.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
