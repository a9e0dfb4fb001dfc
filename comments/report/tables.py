"""CSV tables of a run: one row per unit, the unit named in the file and, where scores are aggregated, in a column."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
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
    return {name: table_frame(page_rows(pages, name), columns[name]) for name in TABLES if name not in exclude}


def page_rows(pages: Sequence[PageTables], name: str) -> list[dict[str, Any]]:
    """The rows of table ``name`` of these pages, in page order."""
    field = TABLES[name]
    rows: list[dict[str, Any]] = []
    for page in pages:
        value = getattr(page, field)
        rows.extend([value] if isinstance(value, dict) else value)
    return rows


def table_frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """The rows as a DataFrame of these columns (its header even without rows)."""
    return whole_numbers(pd.DataFrame.from_records(rows, columns=list(columns)))


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


def csv_ready(frame: pd.DataFrame, *, formulas: bool = True) -> pd.DataFrame:
    """``frame`` as its CSV file holds it: its text cells keep their row (no bare CR) and, with ``formulas``,
    cannot run as spreadsheet formulas; each float column is already written with ``FLOAT_FORMAT`` (an empty
    cell for NaN), so that ``to_csv`` only joins strings.

    The cells are those ``to_csv(float_format=FLOAT_FORMAT)`` writes, which formats a float through three
    Python calls per cell; here a float column is one list comprehension."""
    cells: dict[Hashable, Any] = {}
    for column, values in frame.items():
        if values.dtype.kind == "f":
            cells[column] = ["" if value != value else FLOAT_FORMAT % value for value in values.tolist()]
        elif pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            cells[column] = values.to_numpy(dtype=object)
        else:
            cells[column] = _safe_cells(values.tolist(), formulas=formulas)
    # object columns: to_csv writes str() of each cell (of NA, nothing), which for ints and bools is what it
    # writes of theirs, and it infers no string dtype
    return pd.DataFrame(cells, columns=frame.columns, index=frame.index, dtype=object, copy=False)


def _safe_cells(values: list[Any], *, formulas: bool) -> list[Any]:
    """``_safe`` (or, without ``formulas``, ``_line_breaks``) of each cell; the few cells that need it are
    found by two string tests in C rather than a Python call per cell."""
    starts = FORMULA_STARTS if formulas else ("\r",)
    for i, value in enumerate(values):
        if isinstance(value, str) and (value.startswith(starts) or "\r" in value):
            values[i] = _safe(value) if formulas else _line_breaks(value)
    return values


def write_csv(frame: pd.DataFrame, path: Path, *, raw: bool = False) -> None:
    """Write ``frame`` atomically, every row on its own record; unless ``raw``, text cells cannot run as
    spreadsheet formulas."""
    frame = csv_ready(frame, formulas=not raw)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, errors=TEXT_ERRORS)


def write_errors(failures: Iterable[dict[str, str]], path: Path, *, raw: bool = False) -> None:
    write_csv(pd.DataFrame.from_records(list(failures), columns=list(ERROR_COLUMNS)), path, raw=raw)
