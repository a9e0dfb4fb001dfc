"""Token-level measures of a parse against human gold, as public extraction benchmarks define them.

Tokens are lower-cased Unicode ``\\w+`` runs. Precision, recall and F1 are the
bag-of-words (multiset) overlap of predicted and gold tokens; an empty
prediction against a non-empty gold scores 0. A gold comment *leaks* into the
article when at least half of its word 5-grams occur in the predicted article.
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from comments.errors import CommentsError
from comments.parse import parse_page

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True, slots=True)
class Overlap:
    """Token counts of one comparison; add them up for micro averages."""

    predicted: int
    gold: int
    common: int

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.common / self.predicted

    @property
    def recall(self) -> float:
        return 1.0 if self.gold == 0 else self.common / self.gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Overlap) -> Overlap:
        return Overlap(self.predicted + other.predicted, self.gold + other.gold, self.common + other.common)


def overlap(predicted: str, gold: str) -> Overlap:
    p, g = Counter(tokens(predicted)), Counter(tokens(gold))
    return Overlap(sum(p.values()), sum(g.values()), sum((p & g).values()))


def _grams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def leaked(gold_comments: Iterable[str], predicted_article: str, *, n: int = 5) -> tuple[int, int]:
    """(gold comments leaked into the article, gold comments with any words).

    A comment shorter than ``n`` words leaks when all of it occurs in the article.
    """
    article = tokens(predicted_article)
    article_grams: dict[int, set[tuple[str, ...]]] = {}
    leaks = total = 0
    for comment in gold_comments:
        words = tokens(comment)
        if not words:
            continue
        total += 1
        size = min(n, len(words))
        if size not in article_grams:
            article_grams[size] = _grams(article, size)
        grams = [tuple(words[i : i + size]) for i in range(len(words) - size + 1)]
        leaks += sum(g in article_grams[size] for g in grams) * 2 >= len(grams)
    return leaks, total


def _norm_author(name: str | None) -> str:
    return " ".join(tokens(name or ""))


def author_hits(gold: Sequence[tuple[str, str | None]], predicted: Sequence[tuple[str, str | None]]) -> tuple[int, int]:
    """(gold comments with an author whose best-matching predicted comment has the same author, such comments).

    Comments are (text, author) pairs; a gold comment is matched to the predicted comment whose
    tokens overlap it most.
    """
    bags = [Counter(tokens(text)) for text, _ in predicted]
    hits = total = 0
    for text, author in gold:
        if not author:
            continue
        total += 1
        words = Counter(tokens(text))
        best, best_common = None, 0
        for i, bag in enumerate(bags):
            common = sum((words & bag).values())
            if common > best_common:
                best, best_common = i, common
        if best is not None and _norm_author(predicted[best][1]) == _norm_author(author):
            hits += 1
    return hits, total


#: the renderings of ../shared/eval/pages: the saved HTML and four text dumps of it
RENDERINGS = ("html", "lynx", "w3m", "html2text", "inscriptis")


@dataclass
class RenderingResult:
    rendering: str
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
            "rendering": self.rendering,
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


def page_path(data: Path, rendering: str, page_id: str) -> Path:
    return data / "html" / f"{page_id}.html" if rendering == "html" else data / "text" / rendering / f"{page_id}.txt"


def parse_seconds(data: Path, rendering: str, ids: Sequence[str], *, repeat: int = 3) -> float:
    """The median, over ``repeat`` passes, of the time to parse every page once (one process, one core)."""
    paths = [page_path(data, rendering, page_id) for page_id in ids]
    totals = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            with contextlib.suppress(CommentsError):
                parse_page(path)
        totals.append(time.perf_counter() - start)
    return statistics.median(totals)


def evaluate_pages(data: Path, rendering: str, ids: Sequence[str]) -> RenderingResult:
    """Parse the pages ``ids`` of one rendering from an eval/pages folder and score them against their gold."""
    result = RenderingResult(rendering)
    for page_id in ids:
        gold = json.loads((data / "gold" / f"{page_id}.json").read_text(encoding="utf-8"))
        start = time.perf_counter()
        try:
            page = parse_page(page_path(data, rendering, page_id))
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
