"""Analyze stage: a parsed page and its scores become tidy rows, one table per unit.

``units`` scores each page's units (sentences, paragraphs, the article, comments) and lays
them out as rows; ``commenters`` sums up each author of a page; ``columns`` fixes the header
of every table for a run's scorers; ``ids`` names pages for the report's folders.

The discourse analyses, one module each, run from ``discourse`` for a page: ``quotes`` (what a
comment quotes is set aside before scoring), ``threads``, ``targets``, ``entities``, ``moderation``;
``corpus.CorpusTally`` sums ``authors``, escalation by depth, targets and the most toxic threads
over a run, fed one page at a time.
"""

from comments.analyze.columns import ANONYMOUS, TONE, TONE_COLUMNS, TOXICITY, Rows, table_columns
from comments.analyze.ids import article_id_for
from comments.analyze.units import PageTables, analyze_page, analyze_pages, resolved_thresholds

__all__ = [
    "ANONYMOUS",
    "TONE",
    "TONE_COLUMNS",
    "TOXICITY",
    "PageTables",
    "Rows",
    "analyze_page",
    "analyze_pages",
    "article_id_for",
    "resolved_thresholds",
    "table_columns",
]
