"""Analyze stage: a parsed page and its scores become tidy rows, one table per unit.

``units`` scores each page's units (sentences, paragraphs, the article, comments) and lays
them out as rows; ``commenters`` sums up each author of a page; ``columns`` fixes the header
of every table for a run's scorers; ``ids`` names pages for the report's folders.
"""

from comments.analyze.columns import ANONYMOUS, TONE, TONE_COLUMNS, TOXICITY, Rows, table_columns
from comments.analyze.ids import article_id_for
from comments.analyze.units import PageTables, analyze_page, analyze_pages

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
    "table_columns",
]
