"""Thread dynamics: one row per thread of a page, each reply set against its parent, and a corpus tally
of toxicity and tone by reply depth (escalation described, not predicted).

A *thread* is a top-level comment and every reply under it; its id is the root comment's id. Positions
in a thread are 0-based in page order (0 = the root).
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from comments.analyze.authors import person_key
from comments.analyze.columns import TONE, TOXICITY, Rows
from comments.analyze.stats import Running, known, mean_known, wilson

#: replies this deep or deeper share the last bin of the depth chart
MAX_DEPTH_BIN = 5
#: the scales the means are on, to which their intervals are cut
PROBABILITY, TONE_SCALE = (0.0, 1.0), (-1.0, 1.0)


def link_threads(comments: Sequence[MutableMapping[str, Any]]) -> None:
    """Give every comment row its ``thread_id`` and, for a reply, its parent's scores and its shift from them."""
    by_id: dict[str, MutableMapping[str, Any]] = {}
    for row in comments:
        parent = by_id.get(row["parent_id"]) if row["parent_id"] is not None else None
        row["thread_id"] = parent["thread_id"] if parent is not None else row["comment_id"]
        for col, shift in ((TONE, "tone_shift"), (TOXICITY, "toxicity_shift")):
            if col in row:
                before = parent[col] if parent is not None else math.nan
                row[f"parent_{col}"] = before
                row[shift] = row[col] - before if known(before) and known(row[col]) else math.nan
        by_id.setdefault(row["comment_id"], row)


def thread_rows(comments: Sequence[dict[str, Any]], *, article_id: str, hold_threshold: float | None) -> Rows:
    """One row per thread, in the order of their roots (comment rows must have been through ``link_threads``)."""
    threads: dict[str, list[dict[str, Any]]] = {}
    for row in comments:
        threads.setdefault(row["thread_id"], []).append(row)
    return tuple(_thread(rows, article_id, hold_threshold) for rows in threads.values())


def _thread(rows: list[dict[str, Any]], article_id: str, hold_threshold: float | None) -> dict[str, Any]:
    if len(rows) == 1:
        return _lone(rows[0], article_id, hold_threshold)
    return _answered(rows, article_id, hold_threshold)


def _answered(rows: list[dict[str, Any]], article_id: str, hold_threshold: float | None) -> dict[str, Any]:
    """A thread's row (any number of rows: ``_lone`` is the same for one)."""
    root = rows[0]
    people = {person_key(row["author"]) or f"\0{i}" for i, row in enumerate(rows)}  # each anonymous one apart
    out: dict[str, Any] = {
        "article_id": article_id,
        "thread_id": root["thread_id"],
        "root_author": root["author"],
        "n_comments": len(rows),
        "max_depth": max(row["depth"] for row in rows) - root["depth"],
        "n_participants": len(people),
    }
    if TOXICITY in root:
        first = next((i for i, row in enumerate(rows) if row["toxic"]), None)
        out |= {
            "n_toxic": sum(bool(row["toxic"]) for row in rows),
            "max_toxicity": max((row[TOXICITY] for row in rows if known(row[TOXICITY])), default=math.nan),
            "n_held": sum(known(row[TOXICITY]) and row[TOXICITY] >= hold_threshold for row in rows)
            if hold_threshold is not None
            else 0,
            "first_toxic_position": first,
            "first_toxic_depth": rows[first]["depth"] - root["depth"] if first is not None else None,
            "mean_toxicity_before": mean_known(row[TOXICITY] for row in rows[:first]) if first else math.nan,
            "mean_toxicity_after": mean_known(row[TOXICITY] for row in rows[first + 1 :])
            if first is not None
            else math.nan,
        }
    if TONE in root:
        answered = {row["parent_id"] for row in rows}
        leaves = [row[TONE] for row in rows[1:] if row["comment_id"] not in answered]
        out[f"mean_{TONE}"] = mean_known(row[TONE] for row in rows)
        out["tone_drift"] = mean_known(leaves) - root[TONE] if leaves and known(root[TONE]) else math.nan
    return out


def _lone(root: dict[str, Any], article_id: str, hold_threshold: float | None) -> dict[str, Any]:
    """``_answered([root], …)``, most threads: a comment nobody answered (the same values, worked out without a
    generator per column: a thread's sums, max and means over one row; no reply, so no toxicity after the first
    toxic comment and no drift)."""
    out: dict[str, Any] = {
        "article_id": article_id,
        "thread_id": root["thread_id"],
        "root_author": root["author"],
        "n_comments": 1,
        "max_depth": root["depth"] - root["depth"],
        "n_participants": 1,
    }
    if TOXICITY in root:
        toxicity = root[TOXICITY]
        first = 0 if root["toxic"] else None
        out |= {
            "n_toxic": 0 + bool(root["toxic"]),
            "max_toxicity": toxicity if known(toxicity) else math.nan,
            "n_held": 0 + (known(toxicity) and toxicity >= hold_threshold) if hold_threshold is not None else 0,
            "first_toxic_position": first,
            "first_toxic_depth": root["depth"] - root["depth"] if first is not None else None,
            "mean_toxicity_before": math.nan,
            "mean_toxicity_after": math.nan,
        }
    if TONE in root:
        out[f"mean_{TONE}"] = mean_known((root[TONE],))
        out["tone_drift"] = math.nan
    return out


@dataclass(slots=True)
class _Depth:
    toxicity: Running = field(default_factory=Running)
    tone: Running = field(default_factory=Running)
    toxic: int = 0
    flagged: int = 0


@dataclass(slots=True)
class EscalationTally:
    """Toxicity and tone by reply depth over a corpus, and how often a reply is toxic when its parent is
    and when it is not. Fed one page at a time; keeps a few sums per depth, nothing per comment."""

    depths: dict[int, _Depth] = field(default_factory=dict)
    after_toxic: list[int] = field(default_factory=lambda: [0, 0])
    """[replies to a toxic comment, of which toxic]"""
    after_civil: list[int] = field(default_factory=lambda: [0, 0])
    """[replies to a comment that is not toxic, of which toxic]"""
    article_tone: Running = field(default_factory=Running)
    """The tone of the article each comment answers, once per comment."""
    pages: int = 0

    def add(self, comments: Sequence[dict[str, Any]], article: dict[str, Any]) -> None:
        if comments:
            self.pages += 1
        toxic_by_id: dict[str, bool] = {}
        for row in comments:
            depth_bin = min(int(row["depth"]), MAX_DEPTH_BIN)
            depth = self.depths.get(depth_bin)
            if depth is None:  # (not setdefault: that would build a _Depth for every comment)
                depth = self.depths[depth_bin] = _Depth()
            if TONE in row:
                depth.tone.add(row[TONE])
                self.article_tone.add(article.get(f"article_{TONE}"))
            if TOXICITY in row and known(row[TOXICITY]):
                depth.toxicity.add(row[TOXICITY])
                depth.flagged += 1
                depth.toxic += bool(row["toxic"])
                parent = toxic_by_id.get(row["parent_id"]) if row["parent_id"] is not None else None
                if parent is not None:
                    pair = self.after_toxic if parent else self.after_civil
                    pair[0] += 1
                    pair[1] += bool(row["toxic"])
                toxic_by_id.setdefault(row["comment_id"], bool(row["toxic"]))

    def rows(self) -> Rows:
        """escalation.csv: (measure, group, n, value, low, high), one row per measure and group."""
        out: list[dict[str, Any]] = []

        def add(measure: str, group: str, n: int, value: float, low: float, high: float) -> None:
            out.append({"measure": measure, "group": group, "n": n, "value": value, "low": low, "high": high})

        for d in sorted(self.depths):
            stats = self.depths[d]
            group = f"depth {d}" + ("+" if d == MAX_DEPTH_BIN else "")
            if stats.toxicity.n:
                add(
                    "mean_toxicity", group, stats.toxicity.n, stats.toxicity.mean, *stats.toxicity.interval(PROBABILITY)
                )
                add(
                    "share_toxic",
                    group,
                    stats.flagged,
                    stats.toxic / stats.flagged,
                    *wilson(stats.toxic, stats.flagged),
                )
            if stats.tone.n:
                add(f"mean_{TONE}", group, stats.tone.n, stats.tone.mean, *stats.tone.interval(TONE_SCALE))
        for group, (n, toxic) in (
            ("reply to a toxic comment", self.after_toxic),
            ("reply to a comment that is not toxic", self.after_civil),
        ):
            if n:
                add("share_toxic", group, n, toxic / n, *wilson(toxic, n))
        if self.article_tone.n:
            add(f"article_{TONE}", "articles, once per comment", self.article_tone.n, self.article_tone.mean,
                *self.article_tone.interval(TONE_SCALE))  # fmt: skip
        return tuple(out)
