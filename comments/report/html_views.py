"""What an article page shows of each comment: its ``<li>`` of the thread, written once in Python.

A thread is most of what an article page holds (10,000 comments over 200 pages make 80% of the
template's output), and in a Jinja2 loop every field of every comment costs an attribute lookup, a
filter call and an autoescape call. Here each comment's item is one f-string: the text from the input
(author, date, comment, the names of the scores) goes through ``markupsafe.escape``, as the template's
autoescape would have sent it; the numbers and classes are written by the template's own filters,
whose output holds nothing to escape. The template writes the items as they are (``Markup``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from comments.analyze import ANONYMOUS, TOXICITY
from comments.report.chart_columns import TONE_NAMES
from comments.report.html_text import MAX_INDENT, cut, is_number, prob, signed, text, tone_class


def comment_items(
    comments: Sequence[Mapping[str, Any]],
    *,
    part_of: Mapping[int, int],
    part_files: Sequence[str],
    threshold: float | None,
    tones: Sequence[str],
    attributes: Sequence[str],
    other_scores: Sequence[str],
    max_chars: int,
) -> list[str]:
    """The HTML of each of a page's comments, in page order, escaped: its ``<li>`` and the line break after it.
    A reply links to the first comment with its parent id that comes before it."""
    first: dict[Any, int] = {}
    for i, row in enumerate(comments):
        first.setdefault(row["comment_id"], i)
    tone_names = [(col, escape(TONE_NAMES[col][0])) for col in tones]
    flag_names = [(col, escape(col.replace("_", " "))) for col in attributes]
    other_names = [(col, escape(col)) for col in other_scores]
    authors = [escape(text(row["author"]) or ANONYMOUS) for row in comments]
    items = []
    for i, row in enumerate(comments):
        n = i + 1
        depth = row["depth"]
        toxicity = row.get(TOXICITY)
        scored = toxicity is not None
        toxic = bool(row.get("toxic"))
        meta = f'<b class="author">{authors[i]}</b>'
        posted_at = text(row["posted_at"])
        if posted_at:
            meta += f" <span>{escape(posted_at)}</span>"
        meta += f' <a href="#c{n}">#{n}</a>'
        parent = first.get(row["parent_id"]) if row["parent_id"] is not None else None
        if parent is not None and parent < i:
            where = escape("" if part_of[parent] == part_of[i] else part_files[part_of[parent]])
            meta += f' <span>reply to <a href="{where}#c{parent + 1}">#{parent + 1} {authors[parent]}</a></span>'
        if depth > MAX_INDENT:
            meta += f" <span>depth {depth}</span>"
        scores = []
        last = len(tone_names) - 1
        for k, (col, name) in enumerate(tone_names):
            value = row[col]
            more = " · " if k < last or scored else ""
            scores.append(f'{name} <b class="{tone_class(value)}">{signed(value)}</b>{more}')
        if scored:
            scores.append(f"toxicity <b>{prob(toxicity)}</b>")
        if toxic:
            scores.append(' <span class="badge">toxic</span>')
            if threshold is not None:
                scores += [
                    f" {name} <b>{prob(row[col])}</b>"
                    for col, name in flag_names
                    if is_number(row[col]) and row[col] >= threshold
                ]
        for k, (col, name) in enumerate(other_names):
            after = " · " if k or tone_names or scored else ""
            scores.append(f"{after}{name} <b>{prob(row[col])}</b>")
        body, full_length = cut(row["text"], max_chars)
        cut_note = (
            f'<p class="muted">Cut here: the comment has {full_length:,} characters; all of them are in '
            "comments.csv.</p>"
            if full_length
            else ""
        )
        items.append(
            f'<li class="comment{" reply" if depth else ""}{" toxic" if toxic else ""}" id="c{n}" '
            f'style="--depth:{min(depth, MAX_INDENT)}">\n'
            f'<p class="meta">{meta}</p>\n'
            f'<p class="scores">{"".join(scores)}</p>\n'
            f'<p class="body">{escape(body)}</p>\n'
            f"{cut_note}</li>\n"
        )
    return items


def thread_html(items: Sequence[str], positions: Sequence[int]) -> Markup:
    """The items of the comments at ``positions``, as the template writes them."""
    return Markup("".join([items[i] for i in positions]))
