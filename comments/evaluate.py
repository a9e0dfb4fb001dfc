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
from typing import Any

from comments.errors import CommentsError
from comments.model import Page
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


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page of one rendering scored against its gold."""

    page_id: str
    failed: bool
    seconds: float
    """CPU seconds of this process to parse the page"""
    comment: Overlap
    article: Overlap
    text_only_f1: float
    leaks: int
    gold_comments: int
    """gold comments with any words (the leak share's denominator)"""
    found: int
    gold_count: int
    author_hits: int
    author_total: int

    @property
    def utility(self) -> float:
        """What tuning maximises on a page: the mean of its comment and article F1."""
        return (self.comment.f1 + self.article.f1) / 2

    def row(self) -> dict[str, object]:
        c, a = self.comment, self.article
        return {
            "id": self.page_id,
            "comment_f1": round(c.f1, 4),
            "comment_p": round(c.precision, 4),
            "comment_r": round(c.recall, 4),
            "article_f1": round(a.f1, 4),
            "article_p": round(a.precision, 4),
            "article_r": round(a.recall, 4),
            "leaks": self.leaks,
            "found": self.found,
            "gold": self.gold_count,
        }


@dataclass
class RenderingResult:
    rendering: str
    scores: list[PageScore] = field(default_factory=list)
    seconds: float | None = None
    """CPU seconds to parse every page once, when timed apart from scoring (``parse_seconds``)"""

    def summary(self) -> dict[str, object]:
        scores = self.scores
        comment_micro = sum((s.comment for s in scores), Overlap(0, 0, 0))
        article_micro = sum((s.article for s in scores), Overlap(0, 0, 0))
        leaks, gold_comments = sum(s.leaks for s in scores), sum(s.gold_comments for s in scores)
        hits, with_author = sum(s.author_hits for s in scores), sum(s.author_total for s in scores)
        seconds = self.seconds if self.seconds is not None else sum(s.seconds for s in scores)

        def mean(values: Iterable[float]) -> float:
            values = list(values)
            return statistics.fmean(values) if values else 0.0

        return {
            "rendering": self.rendering,
            "pages": len(scores),
            "failed": sum(s.failed for s in scores),
            "comment_f1_macro": mean(s.comment.f1 for s in scores),
            "text_only_f1_macro": mean(s.text_only_f1 for s in scores),
            "comment_p_micro": comment_micro.precision,
            "comment_r_micro": comment_micro.recall,
            "comment_f1_micro": comment_micro.f1,
            "article_f1_macro": mean(s.article.f1 for s in scores),
            "article_p_micro": article_micro.precision,
            "article_r_micro": article_micro.recall,
            "article_f1_micro": article_micro.f1,
            "leak_share": leaks / gold_comments if gold_comments else 0.0,
            "comments_found_per_gold": sum(s.found for s in scores) / max(1, sum(s.gold_count for s in scores)),
            "author_accuracy": hits / with_author if with_author else 0.0,
            "pages_per_s": len(scores) / seconds if seconds else 0.0,
        }

    @property
    def rows(self) -> list[dict[str, object]]:
        return [s.row() for s in self.scores]


def page_path(data: Path, rendering: str, page_id: str) -> Path:
    return data / "html" / f"{page_id}.html" if rendering == "html" else data / "text" / rendering / f"{page_id}.txt"


def page_ids(data: Path) -> list[str]:
    """The ids of an eval/pages folder, sorted."""
    lines = (data / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted(json.loads(line)["id"] for line in lines if line.strip())


def parse_seconds(data: Path, rendering: str, ids: Sequence[str], *, repeat: int = 3) -> float:
    """The median, over ``repeat`` passes, of the CPU time to parse every page once (one process).

    CPU time of this process, not wall time: the machine is shared, and other work slows the
    wall clock without changing what the parser costs.
    """
    paths = [page_path(data, rendering, page_id) for page_id in ids]
    totals = []
    for _ in range(repeat):
        start = time.process_time()
        for path in paths:
            with contextlib.suppress(CommentsError):
                parse_page(path)
        totals.append(time.process_time() - start)
    return statistics.median(totals)


def score_page(data: Path, rendering: str, page_id: str) -> PageScore:
    """Parse one page of one rendering from an eval/pages folder and score it against its gold."""
    gold = json.loads((data / "gold" / f"{page_id}.json").read_text(encoding="utf-8"))
    start = time.process_time()
    try:
        page = parse_page(page_path(data, rendering, page_id))
    except CommentsError:
        page = None
    seconds = time.process_time() - start
    if page is None:
        article_text, comments, section = "", [], ""
    else:
        article_text = "\n".join(filter(None, [page.article.title, *page.article.paragraphs]))
        comments = [(c.text, c.author) for c in page.comments]
        # the section's visible text: each comment's author and time lines, then its words
        section = "\n".join(filter(None, (p for c in page.comments for p in (c.author, c.posted_at, c.text))))
    gold_texts = [g["text"] for g in gold["comments"]]
    leaks, total = leaked(gold_texts, article_text)
    hits = with_author = 0
    if gold.get("segmentation", {}).get("confidence") == "high":
        hits, with_author = author_hits([(g["text"], g["author"]) for g in gold["comments"]], comments)
    return PageScore(
        page_id=page_id,
        failed=page is None,
        seconds=seconds,
        comment=overlap(section, gold["comments_block"]),
        article=overlap(article_text, gold["body"]),
        text_only_f1=overlap("\n".join(t for t, _ in comments), gold["comments_block"]).f1,
        leaks=leaks,
        gold_comments=total,
        found=len(comments),
        gold_count=len(gold["comments"]),
        author_hits=hits,
        author_total=with_author,
    )


def evaluate_pages(data: Path, rendering: str, ids: Sequence[str]) -> RenderingResult:
    """Parse the pages ``ids`` of one rendering from an eval/pages folder and score them against their gold."""
    return RenderingResult(rendering, [score_page(data, rendering, page_id) for page_id in ids])


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class SnippetScore:
    """A page scored against snippet gold: which gold comments and body snippets the parse holds, and where."""

    name: str
    comments: int
    found: int
    """gold comments whose snippet is in a predicted comment's text"""
    leaked: int
    """gold comments whose snippet is in the predicted article"""
    authors: int
    """found gold comments whose comment has the gold author"""
    parents: int
    """found gold comments whose comment answers the comment holding the gold parent's snippet (or nothing)"""
    body: int
    body_found: int


def score_snippets(name: str, page: Page, gold: dict[str, Any]) -> SnippetScore:
    """Score ``page`` against gold of the shape of tests/modern/gold.json (a page's entry)."""
    texts = [_normal(c.text) for c in page.comments]
    article = _normal("\n".join(filter(None, [page.article.title, *page.article.paragraphs])))
    at = [next((i for i, t in enumerate(texts) if _normal(g["text"]) in t), None) for g in gold["comments"]]
    authors = parents = 0
    for g, i in zip(gold["comments"], at, strict=True):
        if i is None:
            continue
        comment = page.comments[i]
        authors += _normal(comment.author or "") == _normal(g["author"])
        expected = None if g["parent"] is None else at[g["parent"]]
        parents += comment.parent_id == (None if expected is None else page.comments[expected].id)
    return SnippetScore(
        name=name,
        comments=len(gold["comments"]),
        found=sum(i is not None for i in at),
        leaked=sum(_normal(g["text"]) in article for g in gold["comments"]),
        authors=authors,
        parents=parents,
        body=len(gold["body"]),
        body_found=sum(_normal(snippet) in article for snippet in gold["body"]),
    )


def evaluate_snippets(folder: Path) -> list[SnippetScore]:
    """Parse every page named in ``folder/gold.json`` and score it against its snippet gold."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["pages"]
    return [score_snippets(name, parse_page(folder / name), entry) for name, entry in sorted(gold.items())]
