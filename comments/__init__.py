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

from comments.version import __version__ as __version__

if TYPE_CHECKING:
    from comments.analyze import PageTables, analyze_page, analyze_pages
    from comments.errors import CommentsError, InputError, ParseError, ScorerUnavailable, SettingsError
    from comments.model import Article, Clutter, Comment, Page
    from comments.parse import find_pages, parse_file, parse_page, parse_text
    from comments.report import tables_as_frames
    from comments.run import RunSummary, run_report
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

#: every name of the API, and the module it comes from: imported on first use, so that ``import comments``
#: (and the ``comments`` command, which guards its own imports against Ctrl-C) loads nothing heavy
_FROM = {
    **dict.fromkeys(("PageTables", "analyze_page", "analyze_pages"), "comments.analyze"),
    **dict.fromkeys(
        ("CommentsError", "InputError", "ParseError", "ScorerUnavailable", "SettingsError"), "comments.errors"
    ),
    **dict.fromkeys(("Article", "Clutter", "Comment", "Page"), "comments.model"),
    **dict.fromkeys(("find_pages", "parse_file", "parse_page", "parse_text"), "comments.parse"),
    **dict.fromkeys(("Scorer", "default_scorers"), "comments.score"),
    **dict.fromkeys(
        ("AnalyzeSettings", "Columns", "ParseSettings", "ReportSettings", "RunSettings", "ScoreSettings", "Settings"),
        "comments.settings",
    ),
    "run_report": "comments.run",
    "RunSummary": "comments.run",
    "tables_as_frames": "comments.report",
}


def __getattr__(name: str) -> Any:
    if name in _FROM:
        import importlib

        value = getattr(importlib.import_module(_FROM[name]), name)
        globals()[name] = value  # found once
        return value
    raise AttributeError(f"module 'comments' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
