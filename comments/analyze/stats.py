"""Small statistics the discourse tables share: means that skip missing scores, running sums, intervals."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

#: the normal quantile of a two-sided 95% interval
Z95 = 1.959963984540054


_NUMBERS = (int, float)


def known(value: object) -> bool:
    """A score that is there: a number, not None and not NaN (a scorer that skipped a text gives NaN)."""
    if type(value) is float:  # nearly every value: a float is not NaN when it equals itself
        return value == value
    return isinstance(value, _NUMBERS) and not isinstance(value, bool) and not math.isnan(value)


def mean_known(values: Iterable[object]) -> float:
    """The mean of the known values; NaN when there is none."""
    total, n = 0.0, 0
    for value in values:
        if type(value) is float:  # ``known``'s test inlined for the usual value
            if value == value:
                total += value
                n += 1
        elif known(value):
            total += float(value)  # type: ignore[arg-type]
            n += 1
    return total / n if n else math.nan


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion (95% by default); (NaN, NaN) when ``n`` is 0.

    Unlike the normal approximation it stays inside 0 … 1 and is honest for small ``n`` and for
    proportions near 0 or 1: 0 toxic comments out of 3 gives 0 … 0.56, not 0 … 0.
    """
    if n <= 0:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(slots=True)
class Running:
    """Count, sum, sum of squares and maximum of the known values added so far."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    top: float = -math.inf

    def add(self, value: object) -> None:
        if type(value) is float:  # ``known``'s test inlined for the usual value
            if value != value:
                return
            v = value
        elif known(value):
            v = float(value)  # type: ignore[arg-type]
        else:
            return
        self.n += 1
        self.total += v
        self.squares += v * v
        if v > self.top:  # max(self.top, v): the first of equals stays
            self.top = v

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else math.nan

    @property
    def max(self) -> float:
        return self.top if self.n else math.nan

    def interval(self, scale: tuple[float, float] = (-math.inf, math.inf), z: float = Z95) -> tuple[float, float]:
        """A normal-approximation interval of the mean (NaN with fewer than two values), cut to ``scale``,
        the range the values are on: a mean of probabilities is never below 0, nor a mean tone below -1."""
        if self.n < 2:
            return math.nan, math.nan
        variance = max(0.0, (self.squares - self.total * self.total / self.n) / (self.n - 1))
        half = z * math.sqrt(variance / self.n)
        low, high = scale
        return max(low, self.mean - half), min(high, self.mean + half)
