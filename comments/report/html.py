"""The browsable report: ``index.html`` at the top of the output folder and one page per article.

Files (every one self-contained: styles inline, no script, no font or image from elsewhere)::

    index.html                        what was read, the corpus charts, the first rows of the page table,
                                      the most toxic threads and most active commenters, every table
    _pages/<column>-<asc|desc>-<n>.html   the page table sorted by a column, PAGE_ROWS rows a file
    <article_id>/index.html           the article: its charts, its thread (first part), commenters, text, clutter
    <article_id>/comments-<n>.html    the rest of a long thread

Sorting is a link to a listing written in that order, so it works with JavaScript off. An article
id never starts with ``_`` (``comments.analyze.article_id_for``), so ``_pages`` is never a page's folder.

Pages stream: each article's files are written as its chunk arrives (:meth:`HtmlReport.add_page`);
the index and the listings at the end, from the one row per article the run keeps. Every text from
the input goes through Jinja2's autoescape (a thread's comments through ``markupsafe.escape``, the same
function, in ``html_views``), and a Content-Security-Policy forbids scripts, so a title or comment
holding markup shows as text. Each file is written under a temporary name and
renamed into place, like the other report files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from comments.analyze import ANONYMOUS, TONE, TOXICITY, PageTables
from comments.analyze.authors import person_key, source_of
from comments.report import leaders
from comments.report.chart_columns import TONE_NAMES, ChartColumns
from comments.report.files import atomic_path
from comments.report.html_table import LISTINGS, PAGE_ROWS, PageTable, table_columns
from comments.report.html_text import (
    chart_alt,
    cut,
    describe_lines,
    environment,
    href,
    table_description,
    text,
)
from comments.report.html_views import comment_items, thread_html
from comments.score import Scorer

#: a thread is split into files of at most this many comments or characters of comment text
COMMENTS_PER_FILE = 200
CHARS_PER_FILE = 300_000
#: longer texts are cut on the page (they are whole in the CSV files)
MAX_TEXT_CHARS = 10_000
MAX_ARTICLE_CHARS = 100_000
#: rows shown of a page's commenters and clutter, and of the run's failures
MAX_PAGE_COMMENTERS = 50
MAX_CLUTTER = 100
MAX_FAILURES = 50


class HtmlReport:
    """Writes the article pages as they come and the index at the end."""

    def __init__(self, out_dir: Path, *, scorers: Sequence[Scorer], chart_columns: ChartColumns) -> None:
        self.out_dir = out_dir
        self.env = environment()
        self.columns = chart_columns
        self.tone = chart_columns.tones[0] if chart_columns.tones else None
        self.scorers = [(scorer.name, _describe(scorer)) for scorer in scorers]
        toxicity = next((s for s in scorers if TOXICITY in s.columns), None)
        self.toxicity_scorer = toxicity.name if toxicity else None
        self.attributes = tuple(col for col in toxicity.columns if col != TOXICITY) if toxicity else ()
        # scores of scorers that give neither a tone nor toxicity (a caller's own) are shown as they are
        self.other_scores = tuple(
            col
            for scorer in scorers
            if not (set(scorer.columns) & {*chart_columns.tones, TOXICITY})
            for col in scorer.columns
        )
        self.threads = leaders.most_toxic_threads()
        self.first_comment: dict[tuple[str, str], str] = {}
        """The link to each author's first comment, by (source, name) as authors.csv tells them apart."""
        self.written: list[Path] = []

    # --- article pages ---------------------------------------------------------------------------

    def add_page(self, page: PageTables, charts: Mapping[str, str | None], chart_note: str | None = None) -> None:
        """Write one article's files. ``charts`` maps each chart file the page was meant to have to None
        (drawn) or why not; ``chart_note`` says why it has none at all."""
        folder = self.out_dir / page.article_id
        parts = self._parts(page.comments) or [[]]
        part_files = ["index.html", *(f"comments-{n}.html" for n in range(2, len(parts) + 1))]
        part_of = {i: n for n, part in enumerate(parts) for i in part}
        threshold = page.article.get("toxicity_threshold")
        # what the page's charts draw: the tones that scored some of its text, the most scored first
        columns = self.columns.on_rows(page.sentences, page.comments)
        tone = columns.tones[0] if columns.tones else None
        items = comment_items(
            page.comments,
            part_of=part_of,
            part_files=part_files,
            threshold=threshold,
            tones=columns.tones,
            attributes=self.attributes,
            other_scores=self.other_scores,
            max_chars=MAX_TEXT_CHARS,
        )
        context = {
            "article": page.article,
            "tone": tone,
            "tone_name": TONE_NAMES[tone][2] if tone else None,
            "gap": self._gap(page.article, tone),
            "toxicity": columns.toxicity,
            "toxicity_scorer": self.toxicity_scorer,
            "threshold": threshold,
            "other_scores": self.other_scores,
            "parts": [
                {"href": name, "first": part[0] + 1 if part else 0, "last": part[-1] + 1 if part else 0}
                for name, part in zip(part_files, parts, strict=True)
            ],
            "n_comments": len(page.comments),
        }
        first_part = {
            "charts": [
                {"file": name, "alt": chart_alt(name, page.article, columns)}
                for name, why in charts.items()
                if why is None
            ],
            "missing_charts": [(name, why) for name, why in charts.items() if why],
            "chart_note": chart_note,
            "commenters": sorted(page.commenters, key=lambda row: -row["n_comments"])[:MAX_PAGE_COMMENTERS],
            "commenter_href": self._first_comment_hrefs(page.comments, part_of, part_files),
            "paragraphs": self._paragraphs(page, tone),
            "clutter": [{**row, "text": cut(row["text"], MAX_TEXT_CHARS)[0]} for row in page.clutter[:MAX_CLUTTER]],
            "n_clutter": len(page.clutter),
        }
        for n, (name, part) in enumerate(zip(part_files, parts, strict=True)):
            own = first_part if n == 0 else {}
            self._write(
                folder / name, "article.html", {**context, **own, "part": n, "thread": thread_html(items, part)}
            )
        for stale in folder.glob("comments-*.html"):  # parts of a longer thread of an earlier run
            if stale.name not in part_files:
                stale.unlink(missing_ok=True)
        part_hrefs = [href(page.article_id, name) for name in part_files]
        anchor = {i: part_hrefs[part_of[i]] + f"#c{i + 1}" for i in part_of}
        self.threads.add({**row, "href": anchor[row["position"]]} for row in leaders.page_threads(page))
        source = source_of(page.article["source"])
        keys: dict[str | None, str | None] = {}  # a page's commenters write several comments each
        for i, row in enumerate(page.comments):  # where each commenter of the corpus first wrote
            author = row["author"]
            key = keys[author] if author in keys else keys.setdefault(author, person_key(author))
            if key is not None:
                self.first_comment.setdefault((source, key), anchor[i])

    @staticmethod
    def _parts(comments: Sequence[Mapping[str, Any]]) -> list[list[int]]:
        """Positions of the comments of each file: full files end before a top-level comment where they can."""
        parts: list[list[int]] = []
        part: list[int] = []
        chars = 0
        for i, row in enumerate(comments):
            full = len(part) >= COMMENTS_PER_FILE or chars >= CHARS_PER_FILE
            overfull = len(part) >= COMMENTS_PER_FILE * 3 // 2 or chars >= CHARS_PER_FILE * 3 // 2
            if part and ((full and row["depth"] == 0) or overfull):
                parts.append(part)
                part, chars = [], 0
            part.append(i)
            chars += min(len(text(row["text"])), MAX_TEXT_CHARS)
        return [*parts, part] if part else parts

    @staticmethod
    def _first_comment_hrefs(
        comments: Sequence[Mapping[str, Any]], part_of: Mapping[int, int], part_files: Sequence[str]
    ) -> dict[str, str]:
        hrefs: dict[str, str] = {}
        for i, row in enumerate(comments):
            hrefs.setdefault(row["author"] or ANONYMOUS, f"{part_files[part_of[i]]}#c{i + 1}")
        return hrefs

    def _paragraphs(self, page: PageTables, tone: str | None) -> dict[str, Any]:
        shown, chars = [], 0
        for row in page.paragraphs:
            if chars >= MAX_ARTICLE_CHARS:
                break
            body, _ = cut(row["text"], MAX_ARTICLE_CHARS - chars)
            chars += len(body)
            shown.append({"text": body, "tone": row.get(tone) if tone else None})
        return {"rows": shown, "total": len(page.paragraphs)}

    @staticmethod
    def _gap(article: Mapping[str, Any], tone: str | None) -> Any:
        """The article's tone gap: mean comment tone minus article tone, in ``tone``."""
        if tone is None:
            return math.nan
        if tone == TONE:
            return article["tone_gap"]
        return article[f"comments_mean_{tone}"] - article[f"article_{tone}"]

    # --- the index -------------------------------------------------------------------------------

    def close(
        self,
        articles: Sequence[Mapping[str, Any]],
        *,
        failures: Sequence[Mapping[str, str]],
        corpus_charts: Mapping[str, str | None],
        tables: Sequence[str],
        notes: Sequence[str],
        commenters: Sequence[Mapping[str, Any]] = (),
    ) -> list[Path]:
        """Write the index and the sorted listings; return every HTML file written by this report.
        ``commenters``: the most active rows of authors.csv."""
        rows = [{**row, "order": n + 1, "gap": self._gap(row, self.tone)} for n, row in enumerate(articles)]
        table = PageTable(self.env, rows, table_columns(self.tone, self.columns.toxicity))
        listings = set()
        for name, context in table.listings():
            listings.add(name)
            self._write(self.out_dir / LISTINGS / name, "listing.html", {"table": context})
        for stale in (self.out_dir / LISTINGS).glob("*.html"):  # listings of a larger earlier run
            if stale.name not in listings:
                stale.unlink(missing_ok=True)
        file_failures = [f for f in failures if f["stage"] != "chart"]
        thresholds = {row["toxicity_threshold"] for row in rows if "toxicity_threshold" in row}
        self._write(
            self.out_dir / "index.html",
            "index.html",
            {
                "table": table.index(),
                "tone": self.tone,
                "counts": {
                    "pages": len(rows),
                    "comments": sum(row["n_comments"] for row in rows),
                    "commenters": sum(row["n_commenters"] for row in rows),
                    "failed": len(file_failures),
                    "charts_failed": len(failures) - len(file_failures),
                },
                "failures": list(failures[:MAX_FAILURES]),
                "n_failures": len(failures),
                "threshold": thresholds.pop() if len(thresholds) == 1 else None,
                "toxicity": self.columns.toxicity,
                "toxicity_scorer": self.toxicity_scorer,
                "scorers": [(name, describe_lines(description)) for name, description in self.scorers],
                "corpus_charts": [
                    {"file": name, "alt": chart_alt(name, rows, self.columns)}
                    for name, why in corpus_charts.items()
                    if why is None
                ],
                "missing_charts": [(name, why) for name, why in corpus_charts.items() if why],
                "notes": list(notes),
                "threads": self.threads.rows(),
                "commenters": [
                    {**row, "href": self.first_comment.get((row["source"], person_key(row["author"]) or ""))}
                    for row in commenters
                ],
                "hold_threshold": next((row["hold_threshold"] for row in rows if "hold_threshold" in row), None),
                "tables": [self._file(name) for name in tables],
            },
        )
        return self.written

    def _file(self, name: str) -> dict[str, Any]:
        path = self.out_dir / name
        return {
            "name": name,
            "href": href(name),
            "bytes": path.stat().st_size if path.exists() else None,
            "what": table_description(name),
        }

    def _write(self, path: Path, template: str, context: Mapping[str, Any]) -> None:
        page = self.env.get_template(template).render(context)
        with atomic_path(path) as tmp:
            tmp.write_text(page, encoding="utf-8", errors="replace")  # a lone surrogate becomes "?"
        self.written.append(path)


def _describe(scorer: Scorer) -> dict[str, Any]:
    describe = getattr(scorer, "describe", None)
    return describe() if callable(describe) else {"name": scorer.name}


__all__ = ["COMMENTS_PER_FILE", "LISTINGS", "PAGE_ROWS", "HtmlReport"]
