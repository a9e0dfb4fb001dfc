"""The analyze stage's fast paths give what the general ones give, to the bit: the aggregate of one unit, and
the tests of a known score (a float, as nearly every score is, against ``math.isnan``)."""

from __future__ import annotations

import math
import pickle
import re
import statistics
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.analyze import quotes
from comments.analyze.stats import Running, known, mean_known
from comments.analyze.threads import _answered, _lone
from comments.analyze.units import _aggregate
from tests.conftest import FakeScorer

SCORERS = (FakeScorer("m", ("m_a", "m_b")), FakeScorer("x", ("x_a",), aggregate="max"))
ODD = [0.0, -0.0, math.nan, -math.nan, math.inf, -math.inf, 5e-324, -5e-324, sys.float_info.max, 1.0, -1.0]
VALUES = st.one_of(st.sampled_from(ODD), st.floats(allow_nan=True), st.integers(-5, 5), st.booleans())


def _general(rows: list[dict[str, float]]) -> dict[str, float]:
    """``_aggregate`` as first written: a list per column, then its mean or max."""
    out = {}
    for scorer in SCORERS:
        combine = max if scorer.aggregate == "max" else statistics.fmean
        for col in scorer.columns:
            values = [value for row in rows if not math.isnan(value := row[col])]
            out[col] = combine(values) if values else math.nan
    return out


@given(VALUES, VALUES, VALUES)
def test_the_aggregate_of_one_unit_is_the_general_aggregate(a: float, b: float, x: float) -> None:
    rows = [{"m_a": a, "m_b": b, "x_a": x}]
    # pickled: NaN is not equal to itself, -0.0 is equal to 0.0, and 1 is equal to 1.0
    assert pickle.dumps(_aggregate(rows, SCORERS)) == pickle.dumps(_general(rows))


@given(st.lists(st.one_of(VALUES, st.none(), st.just("x"), st.sampled_from([np.float64("nan"), np.float64(2.5)]))))
def test_known_values_are_what_they_were(values: list[object]) -> None:
    def was_known(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)

    assert [known(v) for v in values] == [was_known(v) for v in values]
    kept = [float(v) for v in values if was_known(v)]  # type: ignore[arg-type]
    total = 0.0
    for value in kept:
        total += value
    expected = total / len(kept) if kept else math.nan
    assert pickle.dumps(mean_known(values)) == pickle.dumps(expected)
    running = Running()
    for value in values:
        running.add(value)
    assert (running.n, pickle.dumps(running.max)) == (len(kept), pickle.dumps(max(kept) if kept else math.nan))


#: the quotation spans as first written: a single mark's lookbehind first, tried at every character
_FIRST_SPANS = re.compile(
    "|".join(
        (
            rf'"([^"\n]{{1,{quotes.MAX_SPAN}}})"',
            rf"“([^”\n]{{1,{quotes.MAX_SPAN}}})”",
            rf"„([^“”\n]{{1,{quotes.MAX_SPAN}}})[“”]",
            rf"«([^»\n]{{1,{quotes.MAX_SPAN}}})»",
            rf"(?<!\w)‘((?:[^’\n]|{quotes._APOSTROPHE}){{1,{quotes.MAX_SPAN}}})’(?!\w)",
            rf"(?<!\w)'((?:[^'\n]|{quotes._APOSTROPHE}){{1,{quotes.MAX_SPAN}}})'(?!\w)",
        )
    )
)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="ab '\"“”„«»‘’\n x1_>", max_size=40))
def test_quotation_spans_are_the_first_patterns_spans(text: str) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]

    assert spans(quotes._SPANS) == spans(_FIRST_SPANS)
    assert quotes._has_mark(text) == bool(re.search("[\"'“‘«„]", text))


@given(
    VALUES,
    VALUES,
    st.sampled_from([True, False, None, np.True_]),
    st.sampled_from([None, 0.5, 0.0]),
    st.sampled_from([0, 2]),
    st.sampled_from([None, "Ann", "Anonymous"]),
)
def test_a_thread_of_one_comment_is_the_general_thread(
    tone: float, toxicity: float, toxic: object, hold: float | None, depth: int, author: str | None
) -> None:
    root = {"comment_id": "c1", "parent_id": None, "thread_id": "c1", "author": author, "depth": depth}
    for row in (root, {**root, "vader_compound": tone, "toxicity": toxicity, "toxic": toxic}):
        assert pickle.dumps(_lone(row, "a1", hold)) == pickle.dumps(_answered([row], "a1", hold))
