"""Token-level measures of a parse against human gold, as public extraction benchmarks define them.

Tokens are lower-cased Unicode ``\\w+`` runs. Precision, recall and F1 are the
bag-of-words (multiset) overlap of predicted and gold tokens; an empty
prediction against a non-empty gold scores 0. A gold comment *leaks* into the
article when at least half of its word 5-grams occur in the predicted article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
