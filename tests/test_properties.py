"""Random and adversarial input for every format: no exception escapes, no case runs long, invariants hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties import STRATEGIES, check_invariants, parse_bytes


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_any_input_parses_or_fails_cleanly(kind: str) -> None:
    suffix, strategy = STRATEGIES[kind]

    @settings(max_examples=150, deadline=1000)
    @given(strategy, st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    def run(text: str, encoding: str) -> None:
        data = text.encode(encoding, errors="replace")
        pages = parse_bytes(data, suffix)
        if encoding == "utf-8":
            check_invariants(pages, text, kind)

    run()
