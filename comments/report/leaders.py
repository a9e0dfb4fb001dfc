"""The corpus's most toxic threads and most active commenters, for the HTML index.

Pages stream past the report, so a ranking keeps only its best ``k`` rows (:class:`Leaders`), fed one
page at a time. Threads are the rows of ``threads.csv`` (a top-level comment and every reply under it),
ranked as the moderation view ranks them (``comments.analyze.moderation.TopThreads``: held comments,
then the most toxic one, then toxic comments), each with a link to its first comment on the page. The
most active commenters are the first rows of ``authors.csv``, by comments, which the corpus tally sums.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from comments.analyze import ANONYMOUS, PageTables

Row = dict[str, Any]
#: rows of each ranking on the index
TOP = 20


class Leaders:
    """The ``k`` rows with the highest ``key`` seen so far; on a tie, the row seen first."""

    def __init__(self, key: Callable[[Row], tuple[float, ...]], k: int = TOP) -> None:
        self.key = key
        self.k = k
        self._heap: list[tuple[tuple[float, ...], int, Row]] = []
        self._seen = itertools.count()

    def add(self, rows: Iterable[Row]) -> None:
        for row in rows:
            entry = (self.key(row), -next(self._seen), row)
            if len(self._heap) < self.k:
                heapq.heappush(self._heap, entry)
            elif entry[:2] > self._heap[0][:2]:
                heapq.heapreplace(self._heap, entry)

    def rows(self) -> list[Row]:
        """Best first."""
        return [row for *_, row in sorted(self._heap, key=lambda entry: entry[:2], reverse=True)]


def _known(value: Any) -> float:
    return value if isinstance(value, int | float) and value == value else float("-inf")


def most_toxic_threads() -> Leaders:
    return Leaders(lambda row: (row.get("n_held") or 0, _known(row["max_toxicity"]), row["n_toxic"]))


def page_threads(page: PageTables) -> list[Row]:
    """The page's threads that hold a toxic comment (none when the run has no toxicity), each with the
    position of its top-level comment on the page and the start of its text."""
    position: dict[Any, int] = {}
    for i, row in enumerate(page.comments):
        position.setdefault(row["comment_id"], i)
    rows = []
    for thread in page.threads:
        if not thread.get("n_toxic") or thread["thread_id"] not in position:
            continue
        root = page.comments[position[thread["thread_id"]]]
        rows.append(
            {
                **thread,
                "title": page.article["title"],
                "position": position[thread["thread_id"]],
                "root_author": thread.get("root_author") or root["author"] or ANONYMOUS,
                "root_text": root["text"],
            }
        )
    return rows
