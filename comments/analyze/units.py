"""Analyze stage: a parsed page and its scores become tidy rows, one table per unit.

Units and how scores reach them:

- ``sentence``: every article sentence is scored on its own (VADER saturates on long texts);
- ``paragraph``: the aggregate of its sentences' scores;
- ``article``: the aggregate of all its sentences' scores (the article's *tone*);
- ``comment``: every comment is scored whole; a long one (over ``LONG_COMMENT_CHARS``) reaches
  sentiment scorers sentence by sentence and is aggregated, while scorers that read long texts
  themselves (``whole_texts``: the toxicity models' windows) get it whole.

Sentiment columns aggregate by mean, toxicity columns by max (each scorer says which).
Rows are plain dicts so that the report stage can hand them to pandas as they are.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from comments.analyze import discourse
from comments.analyze.columns import TONE, TOXICITY, Rows
from comments.analyze.commenters import commenter_rows
from comments.analyze.moderation import default_hold_threshold
from comments.model import STATUSES, Page
from comments.score import ScoreCache, ScoreCounts, Scorer, default_threshold, score_table, split_sentences
from comments.settings import AnalyzeSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class PageTables:
    """Everything the report writes about one page."""

    article_id: str
    article: dict[str, Any]
    paragraphs: Rows
    sentences: Rows
    comments: Rows
    commenters: Rows
    clutter: Rows
    score_columns: tuple[str, ...]
    threads: Rows = ()
    targets: Rows = ()
    entities: Rows = ()
    held: Rows = ()

    def relabelled(self, article_id: str) -> PageTables:
        """The same tables under another article id, in every row."""
        changes: dict[str, Any] = {"article_id": article_id, "article": {**self.article, "article_id": article_id}}
        for part in fields(self):
            value = getattr(self, part.name)
            if isinstance(value, tuple) and value and isinstance(value[0], dict):
                changes[part.name] = tuple({**row, "article_id": article_id} for row in value)
        return replace(self, **changes)


def _comment_units(text: str, long_chars: int) -> tuple[str, ...]:
    """A comment is scored whole unless it is long; then sentence by sentence, like an article."""
    if len(text) <= long_chars:
        return (text,)
    return split_sentences(text) or (text[:long_chars],)


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.fmean(values) if values else math.nan


def _aggregate(rows: Sequence[Mapping[str, Any]], scorers: Sequence[Scorer]) -> dict[str, float]:
    out: dict[str, float] = {}
    for scorer in scorers:
        for col in scorer.columns:
            values = [row[col] for row in rows]
            if not values:
                out[col] = math.nan
            elif scorer.aggregate == "max":
                out[col] = max(values)
            else:
                out[col] = statistics.fmean(values)
    return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """What of one page gets scored: its article sentences by paragraph, and its comments' units."""

    split: list[tuple[str, ...]]
    sentence_texts: list[str]
    comment_units: list[tuple[str, ...]]
    discourse: discourse.DiscoursePlan
    """Each comment's own words (what it quotes set aside: it is scored on these), its sentences and names."""

    @classmethod
    def of(cls, page: Page, long_chars: int) -> _Plan:
        split = [split_sentences(p) for p in page.article.paragraphs]
        sentence_texts = [s for sentences in split for s in sentences]
        read = discourse.plan(page, sentence_texts)
        units = [_comment_units(own.text, long_chars) for own in read.own]
        return cls(split, sentence_texts, units, read)


def resolved_thresholds(settings: AnalyzeSettings, scorers: Sequence[Scorer]) -> AnalyzeSettings:
    """``settings`` with the toxicity and hold thresholds it leaves to the scorers decided."""
    if settings.toxicity_threshold is None:
        settings = replace(settings, toxicity_threshold=default_threshold(scorers))
    if settings.hold_threshold is None:
        settings = replace(settings, hold_threshold=default_hold_threshold(scorers))
    return settings


def analyze_page(
    page: Page, settings: AnalyzeSettings | None = None, *, article_id: str, scorers: Sequence[Scorer]
) -> PageTables:
    """Score one page and lay its results out as rows."""
    return analyze_pages([page], settings, article_ids=[article_id], scorers=scorers)[0]


def analyze_pages(
    pages: Sequence[Page],
    settings: AnalyzeSettings | None = None,
    *,
    article_ids: Sequence[str],
    scorers: Sequence[Scorer],
    cache: ScoreCache | None = None,
    counts: ScoreCounts | None = None,
) -> list[PageTables]:
    """Score several pages at once (each scorer called once for all their texts, each distinct text
    scored once or read from ``cache``) and lay each page's results out as rows.

    ``settings.toxicity_threshold`` None takes the toxicity scorer's own, ``settings.hold_threshold`` None
    the one measured for it (``default_hold_threshold``)."""
    settings = resolved_thresholds(settings or AnalyzeSettings(), scorers)
    assert settings.toxicity_threshold is not None
    toxicity_threshold, hold_threshold = settings.toxicity_threshold, settings.hold_threshold
    plans = [_Plan.of(page, settings.long_comment_chars) for page in pages]
    by_units = [s for s in scorers if not s.whole_texts]
    whole = [s for s in scorers if s.whole_texts]
    unit_scores = score_table(
        (t for plan in plans for t in (*plan.sentence_texts, *(u for units in plan.comment_units for u in units))),
        by_units,
        cache,
        counts,
    )
    whole_scores = score_table(
        (
            t
            for page, plan in zip(pages, plans, strict=True)
            for t in (*plan.sentence_texts, *(own.text for own in plan.discourse.own))
        ),
        whole,
        cache,
        counts,
    )
    mention_scores = score_table(
        (t for plan in plans for t in plan.discourse.mention_sentences),
        [s for s in scorers if TONE in s.columns],
        cache,
        counts,
    )
    thresholds = (toxicity_threshold, hold_threshold)
    return [
        _page_tables(
            page, plan, article_id, scorers, (by_units, unit_scores), (whole, whole_scores), mention_scores, thresholds
        )
        for page, plan, article_id in zip(pages, plans, article_ids, strict=True)
    ]


def _page_tables(
    page: Page,
    plan: _Plan,
    article_id: str,
    scorers: Sequence[Scorer],
    units_scored: tuple[Sequence[Scorer], Mapping[str, dict[str, float]]],
    whole_scored: tuple[Sequence[Scorer], Mapping[str, dict[str, float]]],
    mention_scores: Mapping[str, dict[str, float]],
    thresholds: tuple[float, float | None],
) -> PageTables:
    """One page's rows, from the scores of its units (by the scorers that read sentences of long
    comments), of its whole texts (by the scorers that read long comments whole) and of the comment
    sentences that mention a name (by the scorers that give the tone)."""
    toxicity_threshold, hold_threshold = thresholds
    columns = tuple(col for scorer in scorers for col in scorer.columns)
    (by_units, unit_scores), (whole, whole_scores) = units_scored, whole_scored
    split, comment_units = plan.split, plan.comment_units
    sentence_scores = [unit_scores[t] | whole_scores[t] for t in plan.sentence_texts]
    comment_scores = [
        _aggregate([unit_scores[u] for u in units], by_units) | whole_scores[own.text]
        for units, own in zip(comment_units, plan.discourse.own, strict=True)
    ]
    long_unit = "comment: sentence scores aggregated" + (
        f" ({', '.join(s.name for s in whole)} on the whole comment)" if whole else ""
    )

    sentences: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    position = 0
    for p_index, (paragraph, p_sentences) in enumerate(zip(page.article.paragraphs, split, strict=True)):
        p_rows = []
        for s_index, text in enumerate(p_sentences):
            row = {
                "article_id": article_id,
                "paragraph": p_index,
                "sentence": s_index,
                "unit": "sentence",
                "text": text,
            }
            row.update(sentence_scores[position])
            position += 1
            p_rows.append(row)
        sentences.extend(p_rows)
        paragraphs.append(
            {
                "article_id": article_id,
                "paragraph": p_index,
                "unit": "paragraph: sentence scores aggregated",
                "n_sentences": len(p_sentences),
                "text": paragraph,
                **_aggregate(p_rows, scorers),
            }
        )

    article_scores = _aggregate(sentences, scorers)
    tone = article_scores.get(TONE, math.nan)
    comments: list[dict[str, Any]] = []
    for comment, score, units in zip(page.comments, comment_scores, comment_units, strict=True):
        row = {
            "article_id": article_id,
            "comment_id": comment.id,
            "parent_id": comment.parent_id,
            "depth": comment.depth,
            "author": comment.author,
            "posted_at": comment.posted_at,
            "status": comment.status,
            "unit": "comment" if len(units) == 1 else long_unit,
            "text": comment.text,
            **score,
        }
        if TONE in score:
            row["tone_gap"] = score[TONE] - tone
        if TOXICITY in score:
            row["toxic"] = score[TOXICITY] >= toxicity_threshold
        comments.append(row)

    found = discourse.page_discourse(
        comments,
        sentences,
        plan.discourse,
        mention_scores,
        article_id=article_id,
        score_columns=columns,
        attributes=next((s.columns for s in scorers if TOXICITY in s.columns), ()),
        hold_threshold=hold_threshold,
    )
    commenters = commenter_rows(comments, article_id=article_id, scorers=scorers)
    article = {
        "article_id": article_id,
        "source": page.source,
        "title": page.article.title,
        "n_paragraphs": len(paragraphs),
        "n_sentences": len(sentences),
        "n_clutter": len(page.article.clutter),
        "n_comments": len(comments),
        "n_commenters": len(commenters),
        **{f"n_{status}": dict(page.status_counts).get(status, 0) for status in STATUSES},
        "notes": "; ".join(page.notes),
        "comment_system": page.comment_system,
        "tone_unit": "article: sentence scores aggregated",
        **{f"article_{col}": value for col, value in article_scores.items()},
        **{f"comments_mean_{col}": _mean(row[col] for row in comments) for col in columns},
        "tone_gap": _mean(row["tone_gap"] for row in comments) if TONE in columns else math.nan,
    }
    if TOXICITY in columns:
        article["comments_max_toxicity"] = max((row[TOXICITY] for row in comments), default=math.nan)
        article["share_toxic"] = _mean(float(row["toxic"]) for row in comments)
        article["toxicity_threshold"] = toxicity_threshold
        article["hold_threshold"] = hold_threshold
        article["n_held"] = len(found.held)
    clutter = tuple(
        {"article_id": article_id, "kind": c.kind, "cue": c.cue, "text": c.text} for c in page.article.clutter
    )
    return PageTables(
        article_id=article_id,
        article=article,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        comments=tuple(comments),
        commenters=commenters,
        clutter=clutter,
        score_columns=columns,
        threads=found.threads,
        targets=found.targets,
        entities=found.entities,
        held=found.held,
    )
