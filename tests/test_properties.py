"""Random and adversarial input for every format and encoding: no exception escapes, no case runs long,
invariants hold; and valid generated pages parse to exactly the thread they were made from."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties import (
    ENCODINGS,
    STRATEGIES,
    THREADS,
    Thread,
    check_invariants,
    parse_bytes,
    text_dump,
    wordpress_page,
)


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_any_input_parses_or_fails_cleanly(kind: str) -> None:
    suffix, strategy = STRATEGIES[kind]

    @settings(max_examples=150, deadline=1000)
    @given(strategy, st.sampled_from(ENCODINGS))
    def run(text: str, encoding: str) -> None:
        pages, decoded = parse_bytes(text.encode(encoding, errors="replace"), suffix)
        check_invariants(pages, decoded, kind)

    run()


def _expected(thread: Thread) -> list[tuple[str, str, int | None]]:
    return [(author, text, parent) for (author, text, _), parent in zip(thread.comments, thread.parents(), strict=True)]


def _found(pages: list | None) -> list[tuple[str | None, str, int | None]]:
    assert pages is not None, "a valid page was refused"
    (page,) = pages
    index = {c.id: n for n, c in enumerate(page.comments)}
    return [
        (c.author, " ".join(c.text.split()), None if c.parent_id is None else index[c.parent_id]) for c in page.comments
    ]


@settings(max_examples=60, deadline=2000)
@given(THREADS, st.sampled_from(ENCODINGS))
def test_a_valid_html_page_parses_to_its_thread(thread: Thread, encoding: str) -> None:
    charset = {"latin-1": "iso-8859-1", "cp1252": "windows-1252"}.get(encoding, encoding)
    page = wordpress_page(thread, "utf-8" if encoding == "utf-16" else charset)
    pages, _ = parse_bytes(page.encode(encoding), ".html")
    assert _found(pages) == _expected(thread)
    assert pages is not None and "Shop owners worried about parking on the street." in pages[0].article.paragraphs


@settings(max_examples=60, deadline=2000)
@given(THREADS, st.sampled_from(ENCODINGS))
def test_a_valid_text_dump_parses_to_its_thread(thread: Thread, encoding: str) -> None:
    pages, _ = parse_bytes(text_dump(thread).encode(encoding), ".txt")
    assert _found(pages) == _expected(thread)
    assert pages is not None and pages[0].article.title == "Bike lanes"
