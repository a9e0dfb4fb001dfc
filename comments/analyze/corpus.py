"""The corpus-wide analyses, fed one page at a time as the run streams: authors, escalation by reply depth,
targets of toxic comments and the most toxic threads. Memory grows with the number of authors (a few
sums each) and nothing else: no comment is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from comments.analyze.authors import AuthorTally
from comments.analyze.columns import TOXICITY, Rows
from comments.analyze.moderation import TopThreads
from comments.analyze.stats import wilson
from comments.analyze.targets import TARGETS
from comments.analyze.threads import EscalationTally
from comments.analyze.units import PageTables


class CorpusTally:
    """Everything the corpus tables and charts need, summed page by page in the order pages are added."""

    def __init__(self, score_columns: Sequence[str]) -> None:
        self.score_columns = tuple(score_columns)
        self.authors = AuthorTally(self.score_columns)
        self.escalation = EscalationTally()
        self.top_threads = TopThreads()
        self.targets: Counter[str] = Counter()
        self.toxic_targets: Counter[str] = Counter()
        self.scored_targets: Counter[str] = Counter()
        self.toxicity_threshold: float | None = None
        self.hold_threshold: float | None = None
        self.pages = 0

    def add(self, pages: Iterable[PageTables]) -> None:
        for page in pages:
            self.pages += 1
            self.authors.add(page.comments, page.article["source"])
            self.escalation.add(page.comments, page.article)
            self.top_threads.add(page.threads, page.comments, page.article.get("title"))
            for row in page.targets:
                self.targets[row["target"]] += row["n_comments"]
                self.toxic_targets[row["target"]] += row.get("n_toxic", 0)
            # the shares are over the comments the toxicity model read (None: a language it cannot read)
            self.scored_targets.update(row["target"] for row in page.comments if row.get("toxic") is not None)
            if self.toxicity_threshold is None:
                self.toxicity_threshold = page.article.get("toxicity_threshold")
                self.hold_threshold = page.article.get("hold_threshold")

    @property
    def share_toxic(self) -> float:
        """The share of the corpus's comments that are toxic; NaN without comments or toxicity."""
        n = sum(self.scored_targets.values())
        return sum(self.toxic_targets.values()) / n if n and TOXICITY in self.score_columns else float("nan")

    def author_rows(self, min_comments: int) -> Rows:
        return self.authors.rows(min_comments)

    def target_rows(self) -> list[dict[str, Any]]:
        """Per target over the corpus: comments, toxic comments, their share of all toxic comments and the
        share of the target's comments that are toxic, with its 95% interval."""
        all_toxic = sum(self.toxic_targets.values())
        out = []
        for target in TARGETS:
            n, toxic, scored = self.targets[target], self.toxic_targets[target], self.scored_targets[target]
            low, high = wilson(toxic, scored)
            out.append(
                {
                    "target": target,
                    "n_comments": n,
                    "n_toxic": toxic,
                    "share_of_toxic": toxic / all_toxic if all_toxic else float("nan"),
                    "share_toxic": toxic / scored if scored else float("nan"),
                    "share_toxic_low": low,
                    "share_toxic_high": high,
                }
            )
        return out
