"""A moderation view: the comments a pre-moderation queue would hold back, and the most toxic threads.

A comment is *held* when its toxicity is at or above the hold threshold. Coral Talk holds comments back
at 0.8 of Perspective's TOXICITY, but a threshold means nothing apart from the model it was chosen for:
each shipped scorer's default (``HOLD_THRESHOLDS``) is the lowest threshold at which at least
``TARGET_PRECISION`` of the comments held were labelled toxic, measured by ``bench/hold_threshold.py``
on the training comments of ``shared/train/toxicity`` with folds held out (never on the evaluation sets).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import Any

from comments.analyze.columns import TOXICITY, Rows
from comments.analyze.stats import known
from comments.score import Scorer

#: the share of held comments that should deserve it: a moderator reviews every held comment, and a
#: queue in which more than one in five is a civil comment held for nothing costs readers and moderators
TARGET_PRECISION = 0.8
#: per toxicity scorer: the hold threshold measured by bench/hold_threshold.py (README, "Moderation").
#: news was trained on the tuning rows, so its threshold is chosen on its out-of-fold predictions
#: (``tools/select_toxicity_model.py --cv 5 --save build/oof``, then ``bench/hold_threshold.py``): 0.55 on all
#: 2,193 ordinary comments (precision 0.81, recall 0.33, 80 held); per fold 0.55, 0.55, 0.55, 0.60, 0.60,
#: held-out precision 0.81 (0.68-0.89), recall 0.28 (0.15-0.39).
HOLD_THRESHOLDS = {"news": 0.55, "bilstm": 0.5, "profanity": 0.65}
#: for a scorer nobody here has measured: Coral Talk's value for Perspective, whose scale Detoxify follows
UNMEASURED_HOLD = 0.8
#: threads kept for the corpus view of the most toxic threads
TOP_THREADS = 20


def default_hold_threshold(scorers: Sequence[Scorer]) -> float | None:
    """The hold threshold of the scorer that gives ``toxicity``: its own ``hold_threshold`` if it states one,
    the measured one for a shipped scorer, else ``UNMEASURED_HOLD``; None when no scorer gives toxicity."""
    for scorer in scorers:
        if TOXICITY in scorer.columns:
            own = getattr(scorer, "hold_threshold", None)
            return float(own) if own is not None else HOLD_THRESHOLDS.get(scorer.name, UNMEASURED_HOLD)
    return None


def is_held(row: dict[str, Any], hold_threshold: float | None) -> bool:
    value = row.get(TOXICITY)
    return hold_threshold is not None and known(value) and float(value or 0.0) >= hold_threshold


def held_rows(
    comments: Sequence[dict[str, Any]],
    threads: Sequence[dict[str, Any]],
    *,
    attributes: Sequence[str],
    hold_threshold: float | None,
) -> Rows:
    """held.csv: the page's held comments in page order, each with the scores of the toxicity scorer
    (``attributes``) and how much its thread holds."""
    by_thread = {row["thread_id"]: row for row in threads}
    out = []
    for row in comments:
        if not is_held(row, hold_threshold):
            continue
        thread = by_thread[row["thread_id"]]
        out.append(
            {
                "article_id": row["article_id"],
                "comment_id": row["comment_id"],
                "thread_id": row["thread_id"],
                "parent_id": row["parent_id"],
                "depth": row["depth"],
                "author": row["author"],
                "posted_at": row["posted_at"],
                **{col: row[col] for col in attributes},
                "target": row["target"],
                "thread_n_held": thread["n_held"],
                "thread_max_toxicity": thread["max_toxicity"],
                "hold_threshold": hold_threshold,
                "text": row["text"],
            }
        )
    return tuple(out)


class TopThreads:
    """The corpus's most toxic threads: most held comments, then highest toxicity; the earlier one on a tie.
    Keeps ``size`` threads however many it is fed."""

    def __init__(self, size: int = TOP_THREADS) -> None:
        self.size = size
        self._heap: list[tuple[tuple[int, float, int, int], dict[str, Any]]] = []
        self._order = 0

    def add(self, threads: Sequence[dict[str, Any]], comments: Sequence[dict[str, Any]], title: str | None) -> None:
        roots = {row["comment_id"]: row["text"] for row in comments if row["comment_id"] == row["thread_id"]}
        for thread in threads:
            self._order += 1
            if not thread.get("n_held"):
                continue
            top = thread["max_toxicity"]
            rank = (thread["n_held"], top if known(top) else -math.inf, thread["n_toxic"], -self._order)
            entry = {**thread, "title": title, "root_text": roots.get(thread["thread_id"], "")}
            if len(self._heap) < self.size:
                heapq.heappush(self._heap, (rank, entry))
            elif rank > self._heap[0][0]:
                heapq.heapreplace(self._heap, (rank, entry))

    def rows(self) -> list[dict[str, Any]]:
        """The kept threads, most toxic first."""
        return [entry for _, entry in sorted(self._heap, key=lambda item: item[0], reverse=True)]
