"""Every cue in the cue table matches its examples and none of its counter-examples."""

from __future__ import annotations

import pytest

from comments.parse.cues import (
    CLUTTER_CUES,
    COMMENT_HEADER_CUES,
    COMMENT_MARK_CUES,
    INTERFACE_LINE_CUES,
    NAME_LINE_CUE,
    SECTION_END_CUES,
    SECTION_START_CUES,
    Cue,
)
from comments.parse.text import parse_text

ALL_CUES = (
    CLUTTER_CUES
    + COMMENT_HEADER_CUES
    + COMMENT_MARK_CUES
    + SECTION_START_CUES
    + SECTION_END_CUES
    + INTERFACE_LINE_CUES
    + (NAME_LINE_CUE,)
)
EXAMPLES = [(cue, text) for cue in ALL_CUES for text in cue.examples]
COUNTER_EXAMPLES = [(cue, text) for cue in ALL_CUES for text in cue.counter_examples]


def _id(value: object) -> str:
    return value.name if isinstance(value, Cue) else str(value)[:40]


def test_cue_names_are_unique() -> None:
    names = [cue.name for cue in ALL_CUES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("cue", "text"), EXAMPLES, ids=_id)
def test_cue_matches_its_examples(cue: Cue, text: str) -> None:
    assert cue.matches(text)


@pytest.mark.parametrize(("cue", "text"), COUNTER_EXAMPLES, ids=_id)
def test_cue_ignores_its_counter_examples(cue: Cue, text: str) -> None:
    assert not cue.matches(text)


@pytest.mark.parametrize(("cue", "text"), [(c, t) for c, t in EXAMPLES if c in CLUTTER_CUES], ids=_id)
def test_clutter_example_is_set_aside_with_its_kind(cue: Cue, text: str) -> None:
    page = parse_text(f"Title of a page\n\nA first paragraph of the article.\n\n{text}\n", source="t.txt")
    assert [(c.kind, c.text) for c in page.article.clutter] == [(cue.role, text)]
    assert text not in page.article.paragraphs


@pytest.mark.parametrize("header", COMMENT_HEADER_CUES[0].examples)
def test_comment_header_example_opens_a_comment(header: str) -> None:
    page = parse_text(f"Title\n\nArticle text here.\n\n{header.strip()}\n\n    The comment.\n", source="t.txt")
    assert [c.text for c in page.comments] == ["The comment."]
    assert page.comments[0].author and "Avatar" not in page.comments[0].author
