"""PNG charts that set the comments against the article's tone.

Every chart names what it compares in its title, labels its axes with units and
ranges, has a legend, and draws the article's tone as a reference.

Charts draw from whichever tone and toxicity columns the run's scorers give
(:class:`ChartColumns`); a chart whose columns are missing raises :class:`ChartSkipped`
with the reason. Text from the input is drawn as text: matplotlib's mathtext, which
reads ``$...$`` as a formula, is off for every chart (:func:`drawing`).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never open a window

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from comments.analyze import TOXICITY
from comments.report.chart_columns import (
    MAX_COMMENTERS,
    MAX_THREAD_COMMENTS,
    TONE_NAMES,
    TOXICITY_LABEL,
    ChartColumns,
    ChartSkipped,
    counted,
    left_out,
    scored,
)
from comments.report.files import atomic_path

DPI = 100
SENTIMENT_PALETTE = "RdBu"  # red negative, blue positive
ARTICLE_COLOUR = "#4c4c4c"
COMMENT_COLOUR = "#d95f02"
TOXIC_COLOUR = "#b2182b"
UNSCORED_COLOUR = "#e6e6e6"
MAX_OVERVIEW_LABELS = 25
MAX_BARS = 150

sns.set_theme(style="whitegrid", context="notebook")


@contextmanager
def drawing() -> Iterator[None]:
    """Text is text: no mathtext, whatever ``$`` a comment, author or title holds; and the same chart
    twice: seaborn jitters strip plots with numpy's global generator, seeded here for each chart
    (and put back as it was)."""
    state = np.random.get_state()
    np.random.seed(0)
    with plt.rc_context({"text.parse_math": False}):
        try:
            yield
        finally:
            plt.close("all")
            np.random.set_state(state)


def _short(text: object, width: int) -> str:
    """One line of at most ``width`` characters; missing values (None, NaN) become empty."""
    text = " ".join(text.split()) if isinstance(text, str) else ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _heading(title: str | None, article_id: str) -> str:
    return _short(title, 90) if title else article_id


def _save(fig: Figure, path: Path) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)


def _tone_line(ax: plt.Axes, tone: float, *, vertical: bool = True, label: str = "article tone") -> None:
    if math.isnan(tone):
        return
    draw = ax.axvline if vertical else ax.axhline
    draw(tone, color=ARTICLE_COLOUR, linestyle="--", linewidth=1.6, label=f"{label} = {tone:+.2f}")


def tone_contrast(
    article: dict, sentences: pd.DataFrame, comments: pd.DataFrame, path: Path, columns: ChartColumns
) -> None:
    """Distributions of article sentence tone and comment tone, one panel per tone scorer (VADER, TextBlob)."""
    if not columns.tones:
        columns.tone  # noqa: B018 - raises ChartSkipped with the reason
    shown = {col: (scored(sentences, col), scored(comments, col)) for col in columns.tones}
    same = len({(len(s), len(c)) for s, c in shown.values()}) == 1  # one pair of labels serves every panel
    fig, axes = plt.subplots(1, len(columns.tones), figsize=(6 * len(columns.tones), 4.6), sharey=same, squeeze=False)
    for ax, col in zip(axes[0], columns.tones, strict=True):
        name, label, _ = TONE_NAMES[col]
        panel_sentences, panel_comments = shown[col]
        groups = (f"article sentences\n(n={len(panel_sentences)})", f"comments\n(n={len(panel_comments)})")
        data = pd.concat(
            [
                pd.DataFrame({"score": panel_sentences[col], "unit": groups[0]}),
                pd.DataFrame({"score": panel_comments[col], "unit": groups[1]}),
            ],
            ignore_index=True,
        )
        palette = dict(zip(groups, (ARTICLE_COLOUR, COMMENT_COLOUR), strict=True))
        sns.boxplot(
            data=data, x="score", y="unit", hue="unit", order=groups, palette=palette,
            showfliers=False, width=0.5, boxprops={"alpha": 0.25}, ax=ax, legend=False,
        )  # fmt: skip
        sns.stripplot(
            data=data, x="score", y="unit", hue="unit", order=groups, palette=palette,
            size=6, jitter=0.18, alpha=0.85, ax=ax, legend=False,
        )  # fmt: skip
        _tone_line(ax, article[f"article_{col}"])
        mean = comments[col].mean()
        if not math.isnan(mean):
            ax.axvline(mean, color=COMMENT_COLOUR, linewidth=1.6, label=f"mean comment = {mean:+.2f}")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel(label)
        ax.set_ylabel("")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, frameon=False)
        caption = textwrap.fill(left_out((("sentences", sentences), ("comments", comments)), [col], name), 62)
        ax.set_title(name + (f"\n{caption}" if caption else ""), fontsize=11 if not caption else 9)
    fig.suptitle(
        "Comment tone vs. article tone (each dot one sentence or comment)\n"
        + _heading(article["title"], article["article_id"]),
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


def commenters(article: dict, table: pd.DataFrame, path: Path, columns: ChartColumns) -> None:
    """Per commenter: mean tone with its range against the article's tone, and mean and max toxicity."""
    columns.need_any()
    tone = columns.tones[0] if columns.tones else None
    order = f"mean_{tone}" if tone else f"mean_{TOXICITY}"
    drawn = [f"mean_{col}" for col in (tone,) if col] + ([f"mean_{TOXICITY}"] if columns.toxicity else [])
    measures = [TONE_NAMES[tone][0]] if tone else []
    caption = left_out((("commenters", table),), drawn, " and ".join([*measures, "the toxicity model"][: len(drawn)]))
    table = table[table[drawn].notna().any(axis=1)]  # a commenter none of whose comments these scorers read
    available = len(table)
    table = table.sort_values(["n_comments", order], ascending=[False, tone is not None]).head(MAX_COMMENTERS)
    table = table.sort_values(order, ascending=tone is not None)
    labels = [f"{_short(a, 28)} ({n})" for a, n in zip(table["author"], table["n_comments"], strict=True)]
    height = max(3.2, 0.38 * len(table) + 1.8)
    panels = [name for name, present in (("tone", tone), ("toxicity", columns.toxicity)) if present]
    ratios = {"tone": 3, "toxicity": 2}
    fig, axes = plt.subplots(
        1, len(panels), figsize=(12, height), sharey=True, squeeze=False,
        gridspec_kw={"width_ratios": [ratios[p] for p in panels]},
    )  # fmt: skip
    axes_by = dict(zip(panels, axes[0], strict=True))
    y = range(len(table))
    first = axes[0][0]
    first.set_yticks(list(y), labels)
    first.set_ylabel("commenter (number of comments)")
    if tone:
        left = axes_by["tone"]
        label = TONE_NAMES[tone][1]
        left.hlines(y, table[f"min_{tone}"], table[f"max_{tone}"], color="#9e9e9e", linewidth=2.5,
                    label="range over the commenter's comments")  # fmt: skip
        sns.scatterplot(
            x=table[f"mean_{tone}"].to_numpy(), y=list(y), hue=table[f"mean_{tone}"].to_numpy(),
            hue_norm=(-1, 1), palette=SENTIMENT_PALETTE, s=90, edgecolor="black", ax=left, legend=False, zorder=3,
        )  # fmt: skip
        left.scatter([], [], s=90, color="#6a9fcf", edgecolor="black", label="mean tone of the commenter's comments")
        _tone_line(left, article[f"article_{tone}"])
        left.set_xlim(-1.05, 1.05)
        left.set_xlabel(label)
        left.set_title("Tone", fontsize=11)
    if columns.toxicity:
        right = axes_by["toxicity"]
        right.barh(list(y), table[f"mean_{TOXICITY}"], color="#f4a582", height=0.55, label="mean toxicity")
        right.scatter(table[f"max_{TOXICITY}"], list(y), marker="|", s=300, color=TOXIC_COLOUR, linewidths=2.5,
                      label="max toxicity", zorder=3)  # fmt: skip
        threshold = article["toxicity_threshold"]
        right.axvline(
            threshold, color=TOXIC_COLOUR, linestyle=":", linewidth=1.5, label=f"toxic threshold = {threshold:.2f}"
        )
        right.set_xlim(0, 1.02)
        right.set_xlabel(TOXICITY_LABEL)
        right.set_title("Toxicity", fontsize=11)
    shown = "" if len(table) == available else f", {len(table)} most active of {available}"
    if tone and columns.toxicity:
        what = "Commenters' tone against the article's tone, and their toxicity"
    else:
        what = "Commenters' tone against the article's tone" if tone else "Commenters' toxicity"
    heading = _heading(article["title"], article["article_id"]) + (f"\n{caption}" if caption else "")
    fig.suptitle(f"{what}{shown}\n{heading}", fontsize=12)
    handles = [h for ax in axes[0] for h in ax.get_legend_handles_labels()[0]]
    fig.tight_layout(rect=(0, 0.7 / height, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=9, frameon=False)
    _save(fig, path)


def thread(article: dict, comments: pd.DataFrame, path: Path, columns: ChartColumns) -> None:
    """The comment tree in page order, indented by reply depth, coloured by tone (or by toxicity when the
    run has no tone), toxic comments marked."""
    columns.need_any()
    tone = columns.tones[0] if columns.tones else None
    shown = comments.head(MAX_THREAD_COMMENTS).reset_index(drop=True)
    max_depth = int(shown["depth"].max())
    height = max(3.5, 0.42 * len(shown) + 1.8)
    fig, ax = plt.subplots(figsize=(13, height))
    row_of = {cid: i for i, cid in enumerate(shown["comment_id"])}
    for i, (parent, depth) in enumerate(zip(shown["parent_id"], shown["depth"], strict=True)):
        if isinstance(parent, str) and parent in row_of:
            p = row_of[parent]
            ax.plot([depth - 1, depth - 1, depth], [p, i, i], color="#b0b0b0", linewidth=1.2, zorder=1)
    fill, norm, palette = (tone, Normalize(-1, 1), SENTIMENT_PALETTE) if tone else (TOXICITY, Normalize(0, 1), "Reds")
    measure = TONE_NAMES[tone][0] if tone else "the toxicity model"
    unscored = shown[shown[fill].isna()]  # in a language the fill's scorer does not read: grey, no colour
    sns.scatterplot(
        data=scored(shown, fill), x="depth", y=scored(shown, fill).index, hue=fill, hue_norm=norm, palette=palette,
        s=160, edgecolor="black", linewidth=0.8, ax=ax, legend=False, zorder=3,
    )  # fmt: skip
    ax.scatter(unscored["depth"], unscored.index, s=160, color=UNSCORED_COLOUR, edgecolors="#8c8c8c", zorder=3)
    if columns.toxicity:
        toxic = shown[shown["toxic"].astype(bool)]
        ax.scatter(toxic["depth"], toxic.index, s=420, facecolors="none", edgecolors=TOXIC_COLOUR, linewidths=2.2,
                   zorder=2)  # fmt: skip
    for i, (author, text, depth) in enumerate(zip(shown["author"], shown["text"], shown["depth"], strict=True)):
        label = f"{_short(author, 24) or '(anonymous)'}: {_short(text, 70)}"
        ax.text(depth + 0.18, i, label, va="center", fontsize=9)
    ax.set_xlim(-0.4, max_depth + 5.5)
    ax.set_ylim(len(shown) - 0.4, -0.6)
    # a deep chain of replies gets a few integer ticks, not one per level that would overlap
    ticks = [t for t in MaxNLocator(integer=True, nbins=12).tick_values(0, max_depth) if 0 <= t <= max_depth]
    ax.set_xticks(ticks)
    ax.set_xlabel("reply depth (0 = top-level comment; labels: author and start of the comment)")
    ax.set_ylabel("comment number in page order")
    ax.set_yticks(range(len(shown)), [str(i + 1) for i in range(len(shown))])
    ax.grid(axis="y", visible=False)
    colourbar = fig.colorbar(ScalarMappable(norm=norm, cmap=palette), ax=ax, pad=0.01, fraction=0.03)
    if tone:
        tone_value = article[f"article_{tone}"]
        label = f"comment tone: {TONE_NAMES[tone][2]} (−1 … +1)"
        if not math.isnan(tone_value):
            colourbar.ax.axhline(tone_value, color="black", linewidth=2.5)
            label += f"\nblack line: article tone {tone_value:+.2f}"
    else:
        label = f"comment {TOXICITY_LABEL}"
    colourbar.set_label(label, fontsize=9)
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="#f7f7f7", markeredgecolor="black", markersize=10,
               label=f"comment (fill = {'tone' if tone else 'toxicity'}, see colour bar)"),
        Line2D([], [], color="#b0b0b0", linewidth=1.2, label="reply to"),
    ]  # fmt: skip
    if len(unscored):
        handles.append(
            Line2D([], [], marker="o", linestyle="", markerfacecolor=UNSCORED_COLOUR, markeredgecolor="#8c8c8c",
                   markersize=10, label=f"not scored: a language {measure} cannot read"),
        )  # fmt: skip
    if columns.toxicity:
        handles.insert(
            1,
            Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor=TOXIC_COLOUR,
                   markeredgewidth=2.2, markersize=16, label=f"toxic (≥ {article['toxicity_threshold']:.2f})"),
        )  # fmt: skip
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.95)
    more = "" if len(shown) == len(comments) else f" (first {len(shown)} of {len(comments)})"
    what = " and ".join(w for w, present in (("tone", tone), ("toxicity", columns.toxicity)) if present)
    caption = left_out((("comments", comments),), [fill], measure).replace("not shown", "grey, no score")
    ax.set_title(
        f"The comment thread{more}: {what} of each comment, by reply depth\n"
        f"{_heading(article['title'], article['article_id'])}" + (f"\n{caption}" if caption else ""),
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


def article_tone(article: dict, sentences: pd.DataFrame, path: Path, columns: ChartColumns) -> None:
    """Sentence by sentence tone of an article, for a page without comments."""
    tone = columns.tone
    if sentences.empty:
        raise ChartSkipped("the article has no sentences")
    caption = left_out((("sentences", sentences),), [tone], TONE_NAMES[tone][0])
    data = scored(sentences, tone).reset_index(drop=True)[[tone]]
    per_bar = max(1, -(-len(data) // MAX_BARS))  # long articles: one bar per run of sentences, their mean
    if per_bar > 1:
        data = data.groupby(data.index // per_bar).mean().reset_index(drop=True)
    data["sentence #"] = data.index + 1
    data["tone"] = pd.cut(data[tone], [-1.01, -0.05, 0.05, 1.01], labels=["negative", "neutral", "positive"])
    fig, ax = plt.subplots(figsize=(min(16.0, max(8.0, 0.16 * len(data) + 4)), 4.8))
    sns.barplot(
        data=data, x="sentence #", y=tone, hue="tone",
        palette={"negative": "#d6604d", "neutral": "#bdbdbd", "positive": "#4393c3"},
        hue_order=["negative", "neutral", "positive"], dodge=False, ax=ax,
    )  # fmt: skip
    _tone_line(ax, article[f"article_{tone}"], vertical=False, label="article tone (mean of sentences)")
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel(f"{TONE_NAMES[tone][2]} (−1 … +1)")
    step = max(1, len(data) // 25)
    if per_bar > 1:
        ax.set_xlabel(f"position in the article (each bar: mean of {per_bar} consecutive sentences)")
        ax.set_xticks(range(0, len(data), step), [str(i * per_bar + 1) for i in range(0, len(data), step)])
    else:
        ax.set_xlabel("sentence number in the article")
        ax.set_xticks(range(0, len(data), step), [str(i + 1) for i in range(0, len(data), step)])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, title="sentence tone", frameon=False)
    ax.set_title(
        f"Article tone sentence by sentence — this page has no reader comments\n"
        f"{_heading(article['title'], article['article_id'])}" + (f"\n{caption}" if caption else ""),
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


def overview(articles: pd.DataFrame, path: Path, columns: ChartColumns) -> None:
    """Per page: the article's tone against the mean tone of its comments, sized by comment count."""
    tone = columns.tone
    x, y = f"article_{tone}", f"comments_mean_{tone}"
    name = TONE_NAMES[tone][2]
    with_comments = articles[(articles["n_comments"] > 0) & articles[x].notna()]
    no_comments = int((articles["n_comments"] == 0).sum())
    unplaced_pages = articles[(articles["n_comments"] > 0) & (articles[x].isna() | articles[y].isna())]
    no_text = int((unplaced_pages["n_sentences"] == 0).sum())
    # a page with text and comments that has no tone: its article or all its comments are in other languages
    other = unplaced_pages[unplaced_pages["n_sentences"] > 0]
    with_comments = with_comments[with_comments[y].notna()]
    fig, ax = plt.subplots(figsize=(9, 7.5))
    ax.plot([-1, 1], [-1, 1], color=ARTICLE_COLOUR, linestyle="--", linewidth=1.2, label="comments match article tone")
    ax.axhline(0, color="#cccccc", linewidth=0.8)
    ax.axvline(0, color="#cccccc", linewidth=0.8)
    if len(with_comments):
        sns.scatterplot(
            data=with_comments, x=x, y=y, size="n_comments",
            sizes=(40, 600), size_norm=(1, max(2, int(with_comments["n_comments"].max()))),
            color=COMMENT_COLOUR, alpha=0.7, edgecolor="black", ax=ax, legend="brief",
        )  # fmt: skip
        if len(with_comments) <= MAX_OVERVIEW_LABELS:
            for _, row in with_comments.iterrows():
                ax.annotate(
                    _short(row["article_id"], 30),
                    (row[x], row[y]),
                    xytext=(8, 8),
                    textcoords="offset points",
                    fontsize=8,
                )
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xlabel(f"article tone: mean {name} of its sentences (−1 … +1)")
    ax.set_ylabel(f"mean {name} of its comments (−1 … +1)")
    handles, labels = ax.get_legend_handles_labels()
    reference = ax.legend(handles[:1], labels[:1], loc="upper left", fontsize=9, framealpha=0.9)
    if len(handles) > 1:
        ax.add_artist(reference)
        ax.legend(handles[1:], labels[1:], title="comments\nper page", loc="upper left", bbox_to_anchor=(1.02, 1),
                  fontsize=9, frameon=False, labelspacing=1.6, borderpad=1)  # fmt: skip
    unplaced = [
        f"{n} page{'s' * (n != 1)} {why}"
        for n, why in (
            (no_comments, "without comments"),
            (no_text, "without article text"),
            (len(other), f"in languages {TONE_NAMES[tone][0]} cannot read ({counted(other)})"),
        )
        if n
    ]
    note = f"; not shown: {' and '.join(unplaced)}" if unplaced else ""
    ax.set_title(
        f"Article tone vs. comment tone, per page\n{len(with_comments)} page"
        f"{'s' if len(with_comments) != 1 else ''} with comments{note}",
        fontsize=12,
    )
    fig.tight_layout()
    _save(fig, path)


Draw = Callable[[], None]


def page_charts(
    article: dict,
    sentences: pd.DataFrame,
    comments: pd.DataFrame,
    commenter_table: pd.DataFrame,
    folder: Path,
    columns: ChartColumns,
) -> list[tuple[Path, Draw]]:
    """The charts of one page: each file and the call that draws it (which may raise ChartSkipped).

    Each draws from the columns that have scores on this page (``ChartColumns.on``)."""
    page_columns = columns.on(sentences, comments)
    if (columns.tones or columns.toxicity) and not (page_columns.tones or page_columns.toxicity):

        def unread() -> None:
            raise ChartSkipped("its text is in languages that none of the tone and toxicity scorers reads")

        names = ("article_tone.png",) if comments.empty else ("tone_contrast.png", "commenters.png", "thread.png")
        return [(folder / name, unread) for name in names]
    columns = page_columns
    if comments.empty:
        return [
            (
                folder / "article_tone.png",
                lambda: article_tone(article, sentences, folder / "article_tone.png", columns),
            )
        ]
    return [
        (
            folder / "tone_contrast.png",
            lambda: tone_contrast(article, sentences, comments, folder / "tone_contrast.png", columns),
        ),
        (folder / "commenters.png", lambda: commenters(article, commenter_table, folder / "commenters.png", columns)),
        (folder / "thread.png", lambda: thread(article, comments, folder / "thread.png", columns)),
    ]


__all__ = [
    "ChartColumns",
    "ChartSkipped",
    "article_tone",
    "commenters",
    "drawing",
    "overview",
    "page_charts",
    "thread",
    "tone_contrast",
]
