"""commenters.csv: one row per (page, author)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from comments.analyze.columns import ANONYMOUS, Rows, commenter_stats
from comments.analyze.languages import commenter_language
from comments.score import Scorer


def commenter_rows(comments: Sequence[dict[str, Any]], *, article_id: str, scorers: Sequence[Scorer]) -> Rows:
    """One row per author of the page: how much they wrote, how they were answered, their scores."""
    by_author: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in comments:
        by_author[row["author"] or ANONYMOUS].append(row)
    author_of = {row["comment_id"]: row["author"] or ANONYMOUS for row in comments}
    replies = Counter(author_of[row["parent_id"]] for row in comments if row["parent_id"] in author_of)

    stats = commenter_stats(scorers)
    out = []
    for author, rows in by_author.items():
        entry: dict[str, Any] = {
            "article_id": article_id,
            "author": author,
            "n_comments": len(rows),
            "n_replies_received": replies[author],
        }
        entry["language"] = commenter_language([row["language"] for row in rows])
        # each statistic over the comments with a score in its column: NaN where a scorer read none of them
        scored: dict[str, list[float]] = {}  # each column's scores, for its several statistics
        for name, col, statistic in stats:
            values = scored.get(col)
            if values is None:
                values = scored[col] = [value for row in rows if not math.isnan(value := row[col])]
            entry[name] = statistic(values) if values else math.nan
        if rows and "tone_gap" in rows[0]:
            entry["mean_tone_gap"] = _over_scored(statistics.fmean, [row["tone_gap"] for row in rows])
        if rows and "toxic" in rows[0]:
            entry["n_toxic"] = sum(row["toxic"] is True for row in rows)
        out.append(entry)
    return tuple(out)


def _over_scored(statistic: Callable[[list[float]], float], values: list[float]) -> float:
    scored = [value for value in values if not math.isnan(value)]
    return statistic(scored) if scored else math.nan
