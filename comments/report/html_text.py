"""How the HTML report writes what it shows: the template environment and its filters (numbers with
their sign, shares, input text made safe to stand in a page), the alt text of every chart, what each
table holds, how a scorer is described."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from comments.report.chart_columns import MAX_COMMENTERS, MAX_THREAD_COMMENTS, TONE_NAMES, ChartColumns
from comments.version import __version__

#: reply depths beyond this are drawn at this indentation (the depth is still written)
MAX_INDENT = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def signed(value: object) -> str:
    """A tone: +0.12, or -0.30 written with a true minus sign, or a dash when there is none."""
    return f"{value:+.2f}".replace("-", "−") if is_number(value) else "—"


def prob(value: object) -> str:
    return f"{value:.2f}" if is_number(value) else "—"


def percent(value: object) -> str:
    if not is_number(value):
        return "—"
    share = 100 * float(value)
    return f"{share:.1f}%" if 0 < share < 10 else f"{share:.0f}%"


def tone_class(value: object) -> str:
    """The CSS class of a tone: VADER's own cut-offs for positive (≥ 0.05) and negative (≤ -0.05)."""
    if not is_number(value):
        return "none"
    return "pos" if value >= 0.05 else "neg" if value <= -0.05 else "neu"


def tone_value(value: object) -> Markup:
    """A tone as a page shows it: ``signed``, in a span of its ``tone_class`` (a function, not a template
    macro: a page calls it for every commenter and paragraph)."""
    return Markup(f'<span class="tone {tone_class(value)}">{signed(value)}</span>')


def text(value: object) -> str:
    """Input text as it may stand in HTML: control characters other than line breaks and tabs dropped.
    (Escaping is the templates' autoescape.)"""
    return _CONTROL.sub("", value) if isinstance(value, str) else ""


def cut(value: object, limit: int) -> tuple[str, int | None]:
    """The text, cut at ``limit`` characters; and its full length when it was cut."""
    value = text(value)
    return (value, None) if len(value) <= limit else (value[:limit].rstrip() + " …", len(value))


def href(*parts: str) -> str:
    """A relative link to a file of the report, each part percent-encoded."""
    return "/".join(quote(part) for part in parts)


def environment() -> jinja2.Environment:
    """Templates from the package, every value escaped, a missing one an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("comments.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(signed=signed, prob=prob, percent=percent, tone_class=tone_class, count="{:,}".format, text=text)
    env.globals.update(version=__version__, tone_value=tone_value)
    return env


#: what each file of the output folder holds, in a line
TABLES = {
    "articles.csv": "one row per page: counts, article tone, mean comment tone, tone gap, share toxic",
    "paragraphs.csv": "one row per article paragraph, with its sentences' scores aggregated",
    "sentences.csv": "one row per article sentence, with its scores",
    "comments.csv": "one row per comment in page order: author, reply tree, scores, tone gap, toxic flag",
    "commenters.csv": "one row per author of a page: comments, replies received, mean and max scores",
    "clutter.csv": "one row per block set aside as clutter (captions, related links, credits, …)",
    "threads.csv": "one row per thread (a top-level comment and its replies): size, depth, toxic and held comments",
    "targets.csv": "per page and target (a commenter, the article, a named person, none): comments and toxic ones",
    "entities.csv": "per page and named entity: mentions, article tone and comment tone towards it",
    "held.csv": "the comments a moderation queue would hold back (toxicity at or above the hold threshold)",
    "authors.csv": "one row per commenter over the whole run: pages, comments, replies, scores, share toxic",
    "escalation.csv": "toxicity and tone by reply depth, and replies to toxic against other comments",
    "errors.csv": "one row per file that could not be read or chart that could not be drawn",
}


def table_description(name: str) -> str:
    return TABLES.get(name, "")


def _n(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def _tone(value: Any) -> str | None:
    return f"{value:+.2f}" if isinstance(value, float) and not math.isnan(value) else None


def _against(article_tone: str | None) -> str:
    if article_tone is None:
        return "(the page has no article text, so no article tone to set them against)"
    return f"against the article's tone ({article_tone})"


def chart_alt(name: str, data: Mapping[str, Any] | Sequence[Mapping[str, Any]], columns: ChartColumns) -> str:
    """What a chart compares, with the figures a reader would look for; ``data`` is the page's article
    row, or every article row for a corpus chart."""
    if not isinstance(data, Mapping):
        return _corpus_alt(name, data, columns)
    tone = columns.tones[0] if columns.tones else None
    measure = TONE_NAMES[tone][2] if tone else ""
    article_tone = _tone(data.get(f"article_{tone}")) if tone else None
    threshold = data.get("toxicity_threshold")
    n_comments, n_commenters = data.get("n_comments", 0), data.get("n_commenters", 0)
    if name == "tone_contrast.png":
        scorers = " and ".join(TONE_NAMES[col][0] for col in columns.tones)
        mean = _tone(data.get(f"comments_mean_{tone}")) or "not known"
        return (
            f"Box and dot plots comparing the tone of the article's {_n(data.get('n_sentences'))} sentences "
            f"with the tone of its {_n(n_comments)} comments ({scorers}, −1 … +1); lines mark the article's "
            f"tone ({article_tone or 'not known'}) and the mean comment tone ({mean})."
        )
    if name == "commenters.png":
        shown = "each commenter" if n_commenters <= MAX_COMMENTERS else f"the {MAX_COMMENTERS} most active commenters"
        parts = []
        if tone:
            parts.append(f"the mean {measure} of their comments, with its range, {_against(article_tone)}")
        if columns.toxicity:
            parts.append(f"their mean and maximum toxicity against the toxic threshold ({threshold})")
        return f"For {shown} of {_n(n_commenters)}: " + "; and ".join(parts) + "."
    if name == "thread.png":
        shown = (
            f"all {_n(n_comments)}"
            if n_comments <= MAX_THREAD_COMMENTS
            else f"the first {MAX_THREAD_COMMENTS} of {_n(n_comments)}"
        )
        fill = f"its {measure} {_against(article_tone)}, marked on the colour bar" if tone else "its toxicity"
        ringed = f"; toxic comments (toxicity ≥ {threshold}) ringed" if columns.toxicity else ""
        return (
            f"The comment tree of {shown} comments in page order, indented by reply depth; each comment is "
            f"coloured by {fill}{ringed}; labels give the author and the start of the text."
        )
    if name == "article_tone.png":
        return (
            f"Bar chart of the {measure} of each of the article's {_n(data.get('n_sentences'))} sentences in "
            f"order, {_against(article_tone)}; the page has no comments."
        )
    if name == "entities.png":
        return (
            f"For the names the comments mention most: the {measure} of the comment sentences that mention each "
            "name against the tone of the article sentences that do, with the article's tone "
            f"({article_tone or 'not known'})."
        )
    return f"Chart {name} of this page."


def _corpus_alt(name: str, rows: Sequence[Mapping[str, Any]], columns: ChartColumns) -> str:
    tone = columns.tones[0] if columns.tones else None
    measure = TONE_NAMES[tone][2] if tone else ""
    if name == "overview.png" and tone:
        placed = sum(
            1
            for row in rows
            if row["n_comments"] > 0 and isinstance(row.get(f"article_{tone}"), float)
            and not math.isnan(row[f"article_{tone}"])
        )  # fmt: skip
        return (
            f"Scatter plot of {_n(placed)} pages with comments: each page's article tone (mean {measure} of its "
            f"sentences, x) against the mean tone of its comments (y), each dot sized by the page's number of "
            f"comments, with the diagonal where comments match the article."
        )
    texts = {
        "authors.png": "The most active commenters of the run with enough comments to rank: the share of their "
        "comments that are toxic, with its 95% interval, against the share over all comments"
        + (f"; and the mean {measure} of their comments against the mean tone of the articles they answered." if tone
           else "."),
        "escalation.png": "By reply depth, from top-level comments to depth 5 and deeper: mean toxicity and the share "
        "of toxic comments" + (f", and the mean {measure}," if tone else ",") + " each with its 95% interval; and the "
        "share of toxic replies to toxic comments against replies to other comments.",
        "targets.png": "What the comments of the run are aimed at (another commenter, the article or its author, a "
        "named person or organisation, nothing): the share of all comments and of toxic comments aimed at each, "
        "against each other, and how often the comments aimed at each are toxic.",
        "moderation.png": "The threads of the run with the most comments a moderation queue would hold back: for "
        "each, its held comments against all its comments.",
    }  # fmt: skip
    return texts.get(name, f"Chart {name} of the whole corpus.")


def _label(key: str) -> str:
    return "SHA-256" if key == "sha256" else key.replace("_sha256", " SHA-256").replace("_", " ")


def _record(record: Mapping[str, Any]) -> str:
    """One line for a record of a scorer's description: package and version first, then its hashes."""
    source = record.get("source")
    merged = {**(source if isinstance(source, Mapping) else {}), **record}
    name = merged.get("package") or merged.get("name") or ""
    words = [f"{name} {merged['version']}" if "version" in merged else str(name)]
    if "name" in merged and merged["name"] != name:
        words.append(f"({merged['name']})")
    for key, value in merged.items():
        if key in ("name", "package", "version", "source", "licence", "wheel_sha256", "model_files"):
            continue
        if isinstance(value, Mapping | list):
            continue
        words.append(f"· {_label(key)} {value}")
    return " ".join(word for word in words if word)


def describe_lines(description: Mapping[str, Any]) -> list[str]:
    """A scorer's ``describe()`` in lines: its package, then each of its models, then the rest."""
    lines = [_record({k: v for k, v in description.items() if k != "name"})] if "package" in description else []
    for key, value in description.items():
        if isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
            lines += [_record(item) for item in value]
        elif key not in ("name", "package", "version", "sha256", "model_files") and not isinstance(value, Mapping):
            lines.append(f"{_label(key)} {value}")
    return [line for line in lines if line]
