"""What a chart can draw: the score columns a run gives, and on each page the rows that have scores.

A unit in a language a scorer does not read has no score in that scorer's columns (NaN); a
chart draws only the units with a score in the column it draws (``scored``), picks per page the
columns that have any (``ChartColumns.on``) and says in a caption what it left out and in which
languages (``left_out``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from comments.analyze import TONE_COLUMNS, TOXICITY
from comments.analyze.stats import known

VADER_LABEL = "VADER compound (−1 most negative … +1 most positive)"
TEXTBLOB_LABEL = "TextBlob polarity (−1 … +1)"
TOXICITY_LABEL = "toxicity probability (0 … 1)"
#: how each tone column is named on a chart: (panel title, axis label, the measure in a sentence)
TONE_NAMES = {
    "vader_compound": ("VADER", VADER_LABEL, "VADER compound"),
    "textblob_polarity": ("TextBlob", TEXTBLOB_LABEL, "TextBlob polarity"),
    "textblob_fr_polarity": ("TextBlob (French)", "TextBlob-fr polarity (−1 … +1)", "TextBlob-fr polarity"),
}

#: the most comments a thread chart draws, and the most commenters a commenters chart draws
MAX_THREAD_COMMENTS = 60
MAX_COMMENTERS = 40


class ChartSkipped(Exception):
    """A chart cannot be drawn from the columns this run has; the message says why."""


@dataclass(frozen=True, slots=True)
class ChartColumns:
    """The score columns a run's charts can draw from."""

    tones: tuple[str, ...]
    """Tone columns on -1 ... +1 the scorers give, in the order charts prefer them."""
    toxicity: bool
    """Whether there is a ``toxicity`` probability (and a ``toxic`` flag)."""

    @classmethod
    def of(cls, columns: Sequence[str]) -> ChartColumns:
        return cls(tuple(col for col in TONE_COLUMNS if col in columns), TOXICITY in columns)

    def on(self, *frames: pd.DataFrame) -> ChartColumns:
        """The columns with a score in some row of ``frames`` (a page's sentences and comments: a scorer
        leaves the units in languages it does not read empty), tones with the most scored rows first."""

        def n(col: str) -> int:
            return sum(int(frame[col].notna().sum()) for frame in frames if col in frame)

        return self._with(n)

    def on_rows(self, *tables: Sequence[Mapping[str, Any]]) -> ChartColumns:
        """``on`` for rows as the analysis gives them (a page's sentence and comment rows)."""

        def n(col: str) -> int:
            return sum(1 for rows in tables for row in rows if known(row.get(col)))

        return self._with(n)

    def _with(self, n: Callable[[str], int]) -> ChartColumns:
        """The columns with ``n(col)`` scored rows, tones with the most first (ties: the preferred order)."""
        counts = {col: n(col) for col in self.tones}  # each column counted once: a count is a pass over the rows
        tones = tuple(sorted((col for col in self.tones if counts[col]), key=lambda col: -counts[col]))
        return ChartColumns(tones, self.toxicity and n(TOXICITY) > 0)

    @property
    def tone(self) -> str:
        """The tone column a chart with one tone draws; ChartSkipped when there is none."""
        if not self.tones:
            raise ChartSkipped(f"needs a tone column ({' or '.join(TONE_COLUMNS)}), which no scorer of this run gives")
        return self.tones[0]

    def need_any(self) -> None:
        if not self.tones and not self.toxicity:
            raise ChartSkipped(
                f"needs a tone column ({' or '.join(TONE_COLUMNS)}) or {TOXICITY}, which no scorer of this run gives"
            )


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
