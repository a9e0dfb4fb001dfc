"""Report stage: CSV tables, PNG charts and the HTML report of a run. The only stage that uses pandas,
seaborn and Jinja2.

The writer (``comments.report.writer``) loads pandas and Jinja2, so it is imported on first use: a run
needs this package's small modules (``files``: the output folder and atomic writes, ``manifest``:
run.json) before its worker processes start, and pandas only in the process that writes the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comments.report.writer import ReportWriter, tables_as_frames, write_report

__all__ = ["ReportWriter", "tables_as_frames", "write_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from comments.report import writer

        return getattr(writer, name)
    raise AttributeError(f"module 'comments.report' has no attribute {name!r}")
