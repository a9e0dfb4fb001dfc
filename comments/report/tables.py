"""CSV tables of a run: one row per unit, the unit named in the file and, where scores are aggregated, in a column."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from comments.analyze import PageTables
from comments.analyze.corpus import CorpusTally
from comments.report.files import TEXT_ERRORS, atomic_path

FLOAT_FORMAT = "%.4f"

#: file name → the PageTables field it is drawn from
TABLES = {
    "articles.csv": "article",
    "paragraphs.csv": "paragraphs",
    "sentences.csv": "sentences",
    "comments.csv": "comments",
    "commenters.csv": "commenters",
    "clutter.csv": "clutter",
    "threads.csv": "threads",
    "targets.csv": "targets",
    "entities.csv": "entities",
    "held.csv": "held",
}
#: tables of the whole corpus, written when the run ends from what the run summed page by page
CORPUS_TABLES = ("authors.csv", "escalation.csv")
#: columns of whole numbers that may be empty (a thread with no toxic comment, an author too rare to rank):
#: pandas makes such a column float, which would be written 1.0000
WHOLE_NUMBERS = ("first_toxic_position", "first_toxic_depth", "toxicity_rank")
ERROR_COLUMNS = ("file", "stage", "error", "message")


def frames(
    pages: Sequence[PageTables], columns: dict[str, tuple[str, ...]], exclude: Sequence[str] = ()
) -> dict[str, pd.DataFrame]:
    """One DataFrame per CSV file, with ``columns`` fixing each file's header even when it has no rows."""
    out = {}
    for name, field in TABLES.items():
        if name in exclude:
            continue
        rows: list[dict[str, Any]] = []
        for page in pages:
            value = getattr(page, field)
            rows.extend([value] if isinstance(value, dict) else value)
        out[name] = whole_numbers(pd.DataFrame.from_records(rows, columns=list(columns[name])))
    return out


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``WHOLE_NUMBERS`` columns as nullable integers (written 1, or empty)."""
    for column in WHOLE_NUMBERS:
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def corpus_frames(
    tally: CorpusTally, columns: dict[str, tuple[str, ...]], *, min_author_comments: int
) -> dict[str, pd.DataFrame]:
    """The corpus tables (``CORPUS_TABLES``) from what ``tally`` summed."""
    rows = {"authors.csv": tally.author_rows(min_author_comments), "escalation.csv": tally.escalation.rows()}
    return {
        name: whole_numbers(pd.DataFrame.from_records(list(rows[name]), columns=list(columns[name])))
        for name in CORPUS_TABLES
    }


#: A cell starting with one of these runs as a formula in spreadsheets (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; everything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _line_breaks(value: object) -> object:
    """A bare CR (or CR LF) in a cell as LF: the csv module quotes a cell holding LF, not one holding only CR,
    which CSV readers then take for the end of the row (a file name can hold one)."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _safe(value: object) -> object:
    return _line_breaks(neutralize(value))


def neutralized(frame: pd.DataFrame, *, formulas: bool = True) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells keep their row (no bare CR) and, with ``formulas``, cannot run as
    spreadsheet formulas."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            frame[column] = values.map(_safe if formulas else _line_breaks)
    return frame


def write_csv(frame: pd.DataFrame, path: Path, *, raw: bool = False) -> None:
    """Write ``frame`` atomically, every row on its own record; unless ``raw``, text cells cannot run as
    spreadsheet formulas."""
    frame = neutralized(frame, formulas=not raw)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, float_format=FLOAT_FORMAT, errors=TEXT_ERRORS)


def write_errors(failures: Iterable[dict[str, str]], path: Path, *, raw: bool = False) -> None:
    write_csv(pd.DataFrame.from_records(list(failures), columns=list(ERROR_COLUMNS)), path, raw=raw)
