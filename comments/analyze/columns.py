"""The header of every table, for a run's scorers."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from comments.model import STATUSES
from comments.score import Scorer

Rows = tuple[dict[str, Any], ...]

#: the column that stands for a text's tone, and the one that stands for its toxicity
TONE = "vader_compound"
TOXICITY = "toxicity"
#: columns that are a tone on -1 ... +1, in the order charts prefer them
TONE_COLUMNS = ("vader_compound", "textblob_polarity", "textblob_fr_polarity")
ANONYMOUS = "(anonymous)"


def commenter_stats(scorers: Sequence[Scorer]) -> list[tuple[str, str, Callable[[list[float]], float]]]:
    """(column name, score column, statistic) for commenters.csv: the mean of every score, the max of
    toxicity scores, and the range of each sentiment scorer's headline score (its first column)."""
    stats: list[tuple[str, str, Callable[[list[float]], float]]] = []
    for scorer in scorers:
        for i, col in enumerate(scorer.columns):
            stats.append((f"mean_{col}", col, statistics.fmean))
            if scorer.aggregate == "max":
                stats.append((f"max_{col}", col, max))
            elif i == 0:
                stats += [(f"min_{col}", col, min), (f"max_{col}", col, max)]
    return stats


def table_columns(scorers: Sequence[Scorer]) -> dict[str, tuple[str, ...]]:
    """The header of every CSV table for these scorers, in the order the rows above fill it."""
    columns = tuple(col for scorer in scorers for col in scorer.columns)
    tone, toxic = TONE in columns, TOXICITY in columns
    per_commenter = [name for name, _, _ in commenter_stats(scorers)]
    return {
        "articles.csv": (
            "article_id",
            "source",
            "title",
            "n_paragraphs",
            "n_sentences",
            "n_clutter",
            "n_comments",
            "n_commenters",
            *(f"n_{status}" for status in STATUSES),
            "language",
            "share_other_languages",
            "notes",
            "comment_system",
            "tone_unit",
            *(f"article_{col}" for col in columns),
            *(f"comments_mean_{col}" for col in columns),
            "tone_gap",
            *(("comments_max_toxicity", "share_toxic", "toxicity_threshold") if toxic else ()),
            *(("hold_threshold", "n_held") if toxic else ()),
        ),
        "paragraphs.csv": ("article_id", "paragraph", "unit", "language", "n_sentences", "text", *columns),
        "sentences.csv": ("article_id", "paragraph", "sentence", "unit", "language", "text", *columns),
        "comments.csv": (
            "article_id",
            "comment_id",
            "parent_id",
            "depth",
            "author",
            "posted_at",
            "status",
            "unit",
            "language",
            "text",
            *columns,
            *(("tone_gap",) if tone else ()),
            *(("toxic",) if toxic else ()),
            *comment_discourse_columns(tone, toxic),
        ),
        "commenters.csv": (
            "article_id",
            "author",
            "n_comments",
            "n_replies_received",
            "language",
            *per_commenter,
            *(("mean_tone_gap",) if tone else ()),
            *(("n_toxic",) if toxic else ()),
        ),
        "clutter.csv": ("article_id", "kind", "cue", "text"),
        **_discourse_tables(scorers, tone, toxic),
    }


def comment_discourse_columns(tone: bool = True, toxic: bool = True) -> tuple[str, ...]:
    """The columns of comments.csv that the discourse analyses add (quotes, threads, targets)."""
    return (
        "quoted_chars",
        "thread_id",
        "target",
        "target_rule",
        *((f"parent_{TONE}",) if tone else ()),
        *((f"parent_{TOXICITY}",) if toxic else ()),
        *(("tone_shift",) if tone else ()),
        *(("toxicity_shift",) if toxic else ()),
    )


def _discourse_tables(scorers: Sequence[Scorer], tone: bool, toxic: bool) -> dict[str, tuple[str, ...]]:
    """The headers of the discourse tables: threads, targets, entities, held comments, authors, escalation."""
    columns = tuple(col for scorer in scorers for col in scorer.columns)
    attributes = next((scorer.columns for scorer in scorers if TOXICITY in scorer.columns), ())
    return {
        "threads.csv": (
            "article_id",
            "thread_id",
            "root_author",
            "n_comments",
            "max_depth",
            "n_participants",
            *(("n_toxic", "max_toxicity", "n_held", "first_toxic_position", "first_toxic_depth") if toxic else ()),
            *(("mean_toxicity_before", "mean_toxicity_after") if toxic else ()),
            *((f"mean_{TONE}", "tone_drift") if tone else ()),
        ),
        "targets.csv": (
            "article_id",
            "target",
            "n_comments",
            *(("n_toxic", "share_of_toxic", "share_toxic") if toxic else ()),
        ),
        "entities.csv": (
            "article_id",
            "entity",
            "n_article_mentions",
            "n_comment_mentions",
            "n_comments",
            *(("article_tone", "comments_tone", "tone_gap") if tone else ()),
            *(("comments_toxicity",) if toxic else ()),
        ),
        "held.csv": (
            "article_id",
            "comment_id",
            "thread_id",
            "parent_id",
            "depth",
            "author",
            "posted_at",
            *attributes,
            "target",
            *(("thread_n_held", "thread_max_toxicity", "hold_threshold") if toxic else ()),
            "text",
        ),
        "authors.csv": (
            "source",
            "author",
            "n_articles",
            "n_comments",
            "n_replies_given",
            "n_replies_received",
            *(f"{stat}_{col}" for col in columns for stat in ("mean", "max")),
            *(("n_toxic", "share_toxic", "share_toxic_low", "share_toxic_high", "toxicity_rank") if toxic else ()),
            *(("mean_tone_gap",) if tone else ()),
            "first_posted_at",
            "last_posted_at",
        ),
        "escalation.csv": ("measure", "group", "n", "value", "low", "high"),
    }
