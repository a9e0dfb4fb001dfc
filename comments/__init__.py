"""comments: how readers answer an article — parse pages, score their tone and toxicity, report.

The public API, for a notebook or a script::

    from comments import Settings, parse_file, analyze_pages, default_scorers, tables_as_frames, run_report

    pages = parse_file("page.html")
    scorers = default_scorers()
    tables = analyze_pages(pages, article_ids=[p.source for p in pages], scorers=scorers)
    frames = tables_as_frames(tables, scorers)          # pandas DataFrames: frames["comments"], …
    run_report([Path("pages/")], Path("reports"), Settings())   # what `comments report` does

``run_report`` and ``tables_as_frames`` import the report stage (pandas, matplotlib, seaborn)
when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from comments.analyze import PageTables, analyze_page, analyze_pages
from comments.errors import CommentsError, InputError, ParseError, ScorerUnavailable, SettingsError
from comments.model import Article, Clutter, Comment, Page
from comments.parse import find_pages, parse_file, parse_page, parse_text
from comments.score import Scorer, default_scorers
from comments.settings import (
    AnalyzeSettings,
    Columns,
    ParseSettings,
    ReportSettings,
    RunSettings,
    ScoreSettings,
    Settings,
)
from comments.version import __version__ as __version__

if TYPE_CHECKING:
    from comments.report import tables_as_frames
    from comments.run import RunSummary, run_report

__all__ = [
    "AnalyzeSettings",
    "Article",
    "Clutter",
    "Columns",
    "Comment",
    "CommentsError",
    "InputError",
    "Page",
    "PageTables",
    "ParseError",
    "ParseSettings",
    "ReportSettings",
    "RunSettings",
    "RunSummary",
    "ScoreSettings",
    "Scorer",
    "ScorerUnavailable",
    "Settings",
    "SettingsError",
    "analyze_page",
    "analyze_pages",
    "default_scorers",
    "find_pages",
    "parse_file",
    "parse_page",
    "parse_text",
    "run_report",
    "tables_as_frames",
]

#: names whose modules load pandas and matplotlib: imported on first use
_LAZY = {"run_report": "comments.run", "RunSummary": "comments.run", "tables_as_frames": "comments.report"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'comments' has no attribute {name!r}")
