"""Charts of the discourse analyses: commenters across the corpus, escalation down reply threads, what
toxic comments are aimed at, the threads a moderation queue would hold most of, and per page how the
comments speak of the names the article mentions.

Like every chart of the report, each says in its title what it compares, labels its axes with units and
ranges, has a legend, draws the article's tone as a reference where tone is drawn, and raises
``ChartSkipped`` with the reason when the run's columns cannot draw it. A chart with nothing to show
(no author with enough comments, no held comment, no name in a page's comments) raises
``NothingToDraw``: it is not drawn, and the README says when that happens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from comments.analyze import TONE, TOXICITY
from comments.analyze.targets import TARGETS
from comments.report.charts import (
    ARTICLE_COLOUR,
    COMMENT_COLOUR,
    TONE_NAMES,
    TOXIC_COLOUR,
    ChartColumns,
    ChartSkipped,
    _heading,
    _save,
    _short,
)


class NothingToDraw(Exception):
    """The run's data hold nothing for this chart to show; it is left out without a note."""


MAX_AUTHORS = 25
MAX_ENTITIES = 12
TARGET_LABELS = {
    "commenter": "another commenter",
    "article": "the article or its author",
    "named": "a named person or organisation",
    "none": "nothing in particular",
}
INTERVAL = "95% interval"


def _need_tone(columns: ChartColumns) -> str:
    if TONE not in columns.tones:
        raise ChartSkipped(f"needs the tone column {TONE}, which no scorer of this run gives")
    return TONE


def _need_toxicity(columns: ChartColumns) -> None:
    if not columns.toxicity:
        raise ChartSkipped(f"needs {TOXICITY}, which no scorer of this run gives")


def _tone_or_toxicity(columns: ChartColumns) -> str | None:
    """The tone column to draw (None: toxicity only); ChartSkipped when there is neither."""
    if TONE in columns.tones:
        return TONE
    if not columns.toxicity:
        raise ChartSkipped(f"needs {TONE} or {TOXICITY}, which no scorer of this run gives")
    return None


def authors(
    table: pd.DataFrame,
    path: Path,
    columns: ChartColumns,
    *,
    min_comments: int,
    anonymous: int,
    corpus_share_toxic: float,
    threshold: float | None,
) -> None:
    """The most active commenters with enough comments: how often they are toxic (with its interval), and
    the mean tone of their comments against the mean tone of the articles they answered."""
    tone = _tone_or_toxicity(columns)
    shown = table[table["n_comments"] >= min_comments]
    if shown.empty:
        raise NothingToDraw(f"no author has {min_comments} or more comments (--min-author-comments)")
    shown = shown.sort_values(["n_comments", "author"], ascending=[False, True], kind="stable").head(MAX_AUTHORS)
    several_sources = table["source"].nunique() > 1
    labels = [
        f"{_short(row.author, 26)}{f' [{_short(row.source, 18)}]' if several_sources else ''} "
        f"({row.n_comments} on {row.n_articles} page{'s' * (row.n_articles != 1)})"
        for row in shown.itertuples()
    ]
    panels = [name for name, present in (("toxicity", columns.toxicity), ("tone", tone)) if present]
    height = max(3.6, 0.4 * len(shown) + 2.4)
    fig, axes = plt.subplots(1, len(panels), figsize=(13, height), sharey=True, squeeze=False)
    axes_by = dict(zip(panels, axes[0], strict=True))
    y = np.arange(len(shown))
    first = axes[0][0]
    first.set_yticks(y, labels)
    first.set_ylim(len(shown) - 0.5, -0.5)
    first.set_ylabel("commenter (comments, pages)")
    if columns.toxicity:
        ax = axes_by["toxicity"]
        share = shown["share_toxic"].to_numpy(dtype=float)
        ax.hlines(y, shown["share_toxic_low"], shown["share_toxic_high"], color="#f4a582", linewidth=4,
                  label=f"{INTERVAL} (Wilson)")  # fmt: skip
        ax.scatter(share, y, color=TOXIC_COLOUR, s=60, zorder=3, label="share of the author's comments that are toxic")
        if not math.isnan(corpus_share_toxic):
            ax.axvline(corpus_share_toxic, color=ARTICLE_COLOUR, linestyle=":", linewidth=1.5,
                       label=f"all comments of the corpus = {corpus_share_toxic:.2f}")  # fmt: skip
        ax.set_xlim(-0.02, 1.02)
        flag = f"toxicity ≥ {threshold:.2f}" if threshold is not None else "toxic"
        ax.set_xlabel(f"share of their comments that are toxic ({flag})")
        ax.set_title("How often they are toxic", fontsize=11)
    if tone:
        ax = axes_by["tone"]
        own = shown[f"mean_{tone}"].to_numpy(dtype=float)
        articles = own - shown["mean_tone_gap"].to_numpy(dtype=float)
        ax.hlines(y, articles, own, color="#bdbdbd", linewidth=2)
        ax.scatter(articles, y, marker="s", color=ARTICLE_COLOUR, s=50, zorder=3,
                   label="mean tone of the articles they answered")  # fmt: skip
        ax.scatter(own, y, color=COMMENT_COLOUR, s=60, zorder=3, label="mean tone of their comments")
        ax.axvline(0, color="#cccccc", linewidth=0.8)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel(f"mean {TONE_NAMES[tone][2]} (−1 … +1)")
        ax.set_title("Their tone against the articles' tone", fontsize=11)
    left_out = int((table["n_comments"] < min_comments).sum())
    what = " and ".join(
        w for w, p in (("how often they are toxic", columns.toxicity), ("their tone against the articles'", tone)) if p
    )
    fig.suptitle(
        f"The {len(shown)} most active commenters with at least {min_comments} comments: {what}\n"
        f"not shown: {left_out} author{'s' * (left_out != 1)} with fewer comments; "
        f"{anonymous} anonymous comment{'s' * (anonymous != 1)} (counted for nobody)",
        fontsize=12,
    )
    handles = [h for ax in axes[0] for h in ax.get_legend_handles_labels()[0]]
    fig.tight_layout(rect=(0, 0.9 / height, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=9, frameon=False)
    _save(fig, path)


def escalation(table: pd.DataFrame, path: Path, columns: ChartColumns, *, pages: int) -> None:
    """Toxicity and tone by reply depth, and the share of toxic replies when the parent is toxic and when not."""
    tone = _tone_or_toxicity(columns)
    if table.empty:
        raise NothingToDraw("the corpus has no comments")
    depth = table[table["group"].str.startswith("depth ")]
    pairs = table[table["group"].str.startswith("reply to")]
    panels = [
        p for p, present in (("toxicity", columns.toxicity), ("tone", tone), ("parent", columns.toxicity)) if present
    ]
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 5.4), squeeze=False)
    axes_by = dict(zip(panels, axes[0], strict=True))
    groups = list(dict.fromkeys(depth["group"]))
    x = np.arange(len(groups))
    counts = depth.groupby("group", sort=False)["n"].max()
    ticks = [f"{g.removeprefix('depth ')}\n(n={counts[g]:,})" for g in groups]

    def series(ax: plt.Axes, measure: str, colour: str, label: str, offset: float = 0.0) -> None:
        rows = depth[depth["measure"] == measure].set_index("group").reindex(groups)
        value = rows["value"].to_numpy(dtype=float)
        err = np.vstack([value - rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float) - value])
        ax.errorbar(x + offset, value, yerr=np.nan_to_num(err), color=colour, marker="o", capsize=4, linewidth=1.8,
                    label=f"{label} ({INTERVAL})")  # fmt: skip

    if columns.toxicity:
        ax = axes_by["toxicity"]
        series(ax, "mean_toxicity", "#f4a582", "mean toxicity", -0.06)
        series(ax, "share_toxic", TOXIC_COLOUR, "share of comments that are toxic", 0.06)
        ax.set_ylim(0, 1)
        ax.set_ylabel("toxicity probability, or share toxic (0 … 1)")
        ax.set_title("Toxicity by reply depth", fontsize=11)
    if tone:
        ax = axes_by["tone"]
        series(ax, f"mean_{tone}", COMMENT_COLOUR, "mean comment tone")
        reference = table[table["measure"] == f"article_{tone}"]
        if not reference.empty:
            value = float(reference["value"].iloc[0])
            ax.axhline(value, color=ARTICLE_COLOUR, linestyle="--", linewidth=1.6,
                       label=f"tone of the articles answered = {value:+.2f}")  # fmt: skip
        ax.axhline(0, color="#cccccc", linewidth=0.8)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel(f"mean {TONE_NAMES[tone][2]} (−1 … +1)")
        ax.set_title("Tone by reply depth", fontsize=11)
    for name in ("toxicity", "tone"):
        if name in axes_by:
            axes_by[name].set_xticks(x, ticks, fontsize=8.5)
            axes_by[name].set_xlabel("reply depth (0 = top-level comment; 5+ = 5 or deeper)")
            axes_by[name].legend(loc="upper left", fontsize=8.5, framealpha=0.9)
    if columns.toxicity:
        ax = axes_by["parent"]
        if pairs.empty:
            ax.text(0.5, 0.5, "no replies", ha="center", va="center", transform=ax.transAxes)
        shares = pairs["value"].to_numpy(dtype=float)
        err = np.vstack([shares - pairs["low"].to_numpy(dtype=float), pairs["high"].to_numpy(dtype=float) - shares])
        bars = np.arange(len(pairs))
        colours = [TOXIC_COLOUR if group == "reply to a toxic comment" else "#92c5de" for group in pairs["group"]]
        ax.bar(bars, shares, color=colours, width=0.55,
               yerr=np.nan_to_num(err), capsize=6, label=f"share of replies that are toxic ({INTERVAL})")  # fmt: skip
        ax.set_xticks(
            bars, [f"{g.removeprefix('reply to ')}\n(n={n:,})" for g, n in zip(pairs["group"], pairs["n"], strict=True)]
        )
        ax.set_xlabel("the comment replied to")
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of replies that are toxic (0 … 1)")
        ax.set_title("Replies to toxic and to other comments", fontsize=11)
        ax.legend(loc="upper right", fontsize=8.5, framealpha=0.9)
    n_comments = int(depth[depth["measure"] == depth["measure"].iloc[0]]["n"].sum()) if not depth.empty else 0
    fig.suptitle(
        f"Escalation down reply threads, described (not predicted): {n_comments:,} comments on {pages:,} "
        f"page{'s' * (pages != 1)}",
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


def targets(rows: Sequence[dict[str, Any]], path: Path, columns: ChartColumns, *, corpus_share_toxic: float) -> None:
    """What comments, and toxic comments, are aimed at over the corpus; how often each kind is toxic."""
    table = pd.DataFrame.from_records(list(rows)).set_index("target").reindex(list(TARGETS))
    if not table["n_comments"].sum():
        raise NothingToDraw("the corpus has no comments")
    labels = [
        f"{TARGET_LABELS[t]}\n({int(n):,} comment{'s' * (n != 1)})"
        for t, n in zip(TARGETS, table["n_comments"], strict=True)
    ]
    y = np.arange(len(TARGETS))
    panels = 2 if columns.toxicity else 1
    fig, axes = plt.subplots(1, panels, figsize=(6.5 * panels, 4.2), sharey=True, squeeze=False)
    ax = axes[0][0]
    if columns.toxicity:
        share = table["share_of_toxic"].fillna(0).to_numpy(dtype=float)
        ax.barh(y, share, color=TOXIC_COLOUR, height=0.55, label="share of all toxic comments")
        for yi, (value, n) in enumerate(zip(share, table["n_toxic"], strict=True)):
            ax.text(value + 0.01, yi, f"{int(n):,}", va="center", fontsize=9)
        total = int(table["n_toxic"].sum())
        ax.set_xlabel(f"share of the corpus's {total:,} toxic comment{'s' * (total != 1)} (0 … 1)")
        ax.set_title("What toxic comments are aimed at", fontsize=11)
    else:
        share = (table["n_comments"] / table["n_comments"].sum()).to_numpy(dtype=float)
        ax.barh(y, share, color=COMMENT_COLOUR, height=0.55, label="share of all comments")
        ax.set_xlabel(f"share of the corpus's {int(table['n_comments'].sum()):,} comments (0 … 1)")
        ax.set_title("What comments are aimed at", fontsize=11)
    ax.set_xlim(0, 1.08)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(TARGETS) - 0.5, -0.5)
    ax.set_ylabel("aimed at")
    ax.legend(loc="lower right", fontsize=9)
    if columns.toxicity:
        ax = axes[0][1]
        value = table["share_toxic"].to_numpy(dtype=float)
        low, high = table["share_toxic_low"].to_numpy(dtype=float), table["share_toxic_high"].to_numpy(dtype=float)
        ax.hlines(y, low, high, color="#f4a582", linewidth=4, label=f"{INTERVAL} (Wilson)")
        ax.scatter(value, y, color=TOXIC_COLOUR, s=60, zorder=3, label="share of these comments that are toxic")
        if not math.isnan(corpus_share_toxic):
            ax.axvline(corpus_share_toxic, color=ARTICLE_COLOUR, linestyle=":", linewidth=1.5,
                       label=f"all comments = {corpus_share_toxic:.2f}")  # fmt: skip
        ax.set_xlim(-0.02, 1.02)
        ax.set_xlabel("share of the comments aimed at it that are toxic (0 … 1)")
        ax.set_title("How often comments aimed at each are toxic", fontsize=11)
        ax.legend(loc="lower right", fontsize=8.5, framealpha=0.9)
    fig.suptitle("What the comments of the corpus are aimed at (rule-based, see the README)", fontsize=12)
    fig.tight_layout()
    _save(fig, path)


def moderation(
    threads: Sequence[dict[str, Any]], path: Path, columns: ChartColumns, *, hold_threshold: float | None
) -> None:
    """The corpus's threads with the most held comments: held comments against all comments of each thread."""
    _need_toxicity(columns)
    if not threads or hold_threshold is None:
        raise NothingToDraw(f"no comment reaches the hold threshold ({hold_threshold})")
    table = pd.DataFrame.from_records(list(threads))
    labels = [
        f"{_short(row.article_id, 22)} · {_short(row.root_author, 16) or '(anonymous)'}: {_short(row.root_text, 38)}"
        for row in table.itertuples()
    ]
    y = np.arange(len(table))
    height = max(3.6, 0.42 * len(table) + 2.0)
    fig, ax = plt.subplots(figsize=(12, height))
    ax.barh(y, table["n_comments"], color="#d9d9d9", height=0.6, label="comments in the thread")
    ax.barh(y, table["n_held"], color=TOXIC_COLOUR, height=0.6, label=f"held back (toxicity ≥ {hold_threshold:.2f})")
    for yi, (held, n, top) in enumerate(zip(table["n_held"], table["n_comments"], table["max_toxicity"], strict=True)):
        ax.text(n + 0.1, yi, f"{held} of {n}, max {top:.2f}", va="center", fontsize=8.5)
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, float(table["n_comments"].max()) * 1.25 + 1)
    ax.set_xlabel("comments (bar: all comments of the thread; red: those a moderation queue would hold back)")
    ax.set_ylabel("thread (page · first commenter: first words)")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(
        f"The {len(table)} threads a moderation queue would hold most of (toxicity ≥ {hold_threshold:.2f})\n"
        "threads ranked by held comments, then by their highest toxicity; every held comment is in held.csv",
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


def entities(article: dict[str, Any], table: pd.DataFrame, path: Path, columns: ChartColumns) -> None:
    """Per named entity most mentioned in the comments: the tone of the comment sentences that mention it
    against the tone of the article sentences that do, with the article's tone for reference."""
    tone = _need_tone(columns)
    shown = table[table["n_comment_mentions"] > 0]
    if shown.empty:
        raise NothingToDraw("the comments name no person, organisation or place")
    # a name mentioned only in sentences its tone scorer does not read (another language) has no tone to draw
    toned = shown["article_tone"].notna() | shown["comments_tone"].notna()
    unread = int((~toned).sum())
    shown = shown[toned]
    if shown.empty:
        raise NothingToDraw("the sentences that name someone are in languages the tone scorer cannot read")
    shown = shown.assign(total=shown["n_article_mentions"] + shown["n_comment_mentions"])
    shown = shown.sort_values(["total", "entity"], ascending=[False, True], kind="stable").head(MAX_ENTITIES)
    y = np.arange(len(shown))
    height = max(3.4, 0.45 * len(shown) + 2.2)
    fig, ax = plt.subplots(figsize=(11, height))
    article_tone = shown["article_tone"].to_numpy(dtype=float)
    comments_tone = shown["comments_tone"].to_numpy(dtype=float)
    ax.hlines(
        y, np.where(np.isnan(article_tone), comments_tone, article_tone), comments_tone, color="#bdbdbd", linewidth=2
    )
    ax.scatter(article_tone, y, marker="s", s=70, color=ARTICLE_COLOUR, zorder=3,
               label="article sentences that mention it (mean)")  # fmt: skip
    ax.scatter(comments_tone, y, s=80, color=COMMENT_COLOUR, edgecolor="black", zorder=3,
               label="comment sentences that mention it (mean)")  # fmt: skip
    overall = article[f"article_{tone}"]
    if overall is not None and not math.isnan(overall):
        ax.axvline(overall, color=ARTICLE_COLOUR, linestyle="--", linewidth=1.4, label=f"article tone = {overall:+.2f}")
    ax.axvline(0, color="#cccccc", linewidth=0.8)
    labels = [
        f"{_short(row.entity, 30)} (article {row.n_article_mentions}, comments {row.n_comment_mentions})"
        for row in shown.itertuples()
    ]
    ax.set_yticks(y, labels)
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(f"{TONE_NAMES[tone][1]} of the sentences that mention the name")
    ax.set_ylabel("name (mentions in the article, in the comments)")
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="none", label="no square: the article does not mention it"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False)
    ax.set_title(
        f"How the comments speak of the names they mention most, against how the article does\n"
        f"{_heading(article.get('title'), article['article_id'])}"
        + (
            f"\nnot shown: {unread} name{'s' * (unread != 1)} mentioned only in languages "
            f"{TONE_NAMES[tone][0]} cannot read"
            if unread
            else ""
        ),
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)
