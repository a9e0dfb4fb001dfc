"""The scorer interface every scorer family implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

Row = tuple[float, ...]
Aggregate = Literal["mean", "max"]


@runtime_checkable
class Scorer(Protocol):
    """Scores a batch of texts.

    ``columns`` names the values of each row ``score`` returns, in order.
    ``aggregate`` says how sentence scores combine into a paragraph's or an
    article's: sentiment averages (``"mean"``), toxicity takes the worst (``"max"``).
    ``whole_texts`` says the scorer reads a long comment whole (a toxicity model that
    windows it); otherwise long comments reach it sentence by sentence.
    Constructors only store settings; models load on the first ``score`` call,
    once per process.
    """

    name: str
    columns: tuple[str, ...]
    aggregate: Aggregate
    whole_texts: bool

    def score(self, texts: Sequence[str]) -> list[Row]: ...
