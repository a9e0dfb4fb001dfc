"""Every cue in the cue table matches its examples and none of its counter-examples."""

from __future__ import annotations

import re
import time

import pytest

from comments.parse import tuning
from comments.parse.comment_cues import ALL_CUES, COMMENT_HEADER_CUES
from comments.parse.cues import CLUTTER_CUES, Cue
from comments.parse.structure import _DATE_PATTERN
from comments.parse.text import parse_text
from comments.parse.thread import DATE_TIME_PATTERN, MARK_TABLE
from tests.properties import adversarial_lines

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


#: every cue's pattern, and the shared date patterns they are built from
PATTERNS = {cue.name: cue.regex for cue in ALL_CUES} | {
    "DATE_TIME": DATE_TIME_PATTERN.pattern,
    "DATE_TIME guard": DATE_TIME_PATTERN.guard,
    "DATE": _DATE_PATTERN,
}
SHORT, LONG = 250, 4000


def _seconds(pattern: re.Pattern[str], text: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time: other work on a shared machine does not count
        pattern.search(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_cue_is_linear_on_adversarial_lines(name: str) -> None:
    """Long runs of spaces, dots, digits and repeated keywords: a linear pattern takes 16x as long on a line
    16x as long; a backtracking one takes 256x (quadratic) or 4,096x (cubic). Timings are CPU seconds, and
    what is over the line is tried again and the best taken."""
    pattern = PATTERNS[name]
    short_lines, long_lines = adversarial_lines(SHORT), adversarial_lines(LONG)
    for case, line in short_lines.items():
        short = _seconds(pattern, line)
        if short > 0.02:
            short = _seconds(pattern, line, repeat=3)
        assert short < 0.05, f"{name}: {short:.3f} s on a {SHORT}-character line ({case})"
        long = _seconds(pattern, long_lines[case])
        if long > 0.05:
            long = _seconds(pattern, long_lines[case], repeat=3)
        assert long < max(0.05, 40 * short), f"{name}: {long:.3f} s on a {LONG}-character line ({case})"


def test_a_remembered_line_is_read_again_under_other_choices_and_still_traced() -> None:
    """The cue tables remember their answers per line; which cues are left out is part of what they remember by,
    and a remembered answer still records its cue for the held-out evaluation."""
    line = "Posted by: Ann Example | March 3, 2012 at 5:12 pm"
    found = MARK_TABLE.first(line)
    assert found is not None
    name = found[0].name
    assert MARK_TABLE.first(line) is found  # remembered
    with tuning.traced() as touched:
        assert MARK_TABLE.first(line) is found
    assert name in touched
    with tuning.tuned(tuning.Tuning(off=frozenset({name}))):
        other = MARK_TABLE.first(line)
    assert other is None or other[0].name != name
    assert MARK_TABLE.first(line) is found


@pytest.mark.parametrize(
    "text",
    [
        "posted on 3 march 2012 at 5:12 pm",
        "3 hours ago",
        "il y a 2 heures",
        "vor 3 stunden",
        "17 h 12",
        "fast fact: the family farm",  # the gate's words without the pattern's spacing
        "agon and voracious hacers",
        "no digits and no such words",
        "",
        "a\tfa b",
    ],
)
def test_a_guard_of_gates_and_patterns_passes_what_the_one_pattern_finds(text: str) -> None:
    """``any_of`` splits one slow alternation into gated parts that pass exactly the same texts."""
    from comments.parse.comment_cues import CLOCK_OR_RELATIVE

    whole = re.compile(r"\d(?:[:.]|\s?h\s?)\d\d|ago\b|vor\s|il y a|hace\s|\sfa\b|geleden|há\s")
    assert CLOCK_OR_RELATIVE(text) == (whole.search(text) is not None)


def test_every_time_stamp_example_passes_the_stamp_guard() -> None:
    """The guard stands before the stamp cues, so every line they read as a stamp must pass it."""
    from comments.parse.comment_cues import CLOCK_OR_RELATIVE

    for cue in ALL_CUES:
        if cue.guard is CLOCK_OR_RELATIVE:
            for text in cue.examples:
                assert CLOCK_OR_RELATIVE(text.lower()), (cue.name, text)
