"""What a chart leaves out because of language: units whose scorer does not read their language.

A unit in a language a scorer does not read has no score in that scorer's columns (NaN); a
chart draws only the units with a score in the column it draws and says in a caption how
many it left out and in which languages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd


def scored(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows with a score in ``column``."""
    return frame[frame[column].notna()]


def counted(frame: pd.DataFrame) -> str:
    """``de 17, fr 2``: the rows of ``frame`` by language, most first."""
    counts = Counter(frame["language"]) if "language" in frame else Counter()
    return ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))


def left_out(parts: Sequence[tuple[str, pd.DataFrame]], columns: Sequence[str], measure: str) -> str:
    """``not shown: 17 comments (de 17) and 2 sentences (de 2), in languages VADER does not read``, or ``""``
    when every row of every part has a score in one of ``columns``."""
    pieces = []
    for noun, frame in parts:
        missing = frame[frame[list(columns)].isna().all(axis=1)] if len(frame) else frame
        if len(missing):
            languages = counted(missing)
            pieces.append(
                f"{len(missing)} {noun if len(missing) != 1 else noun.removesuffix('s')}"
                + (f" ({languages})" if languages else "")
            )
    if not pieces:
        return ""
    return f"not shown: {' and '.join(pieces)}, in languages {measure} cannot read"
