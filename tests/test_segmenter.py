"""The fast segmenter gives pysbd's sentences: on the texts of ../shared/eval as split_sentences
hands them over (every 8th of the 130,000 pieces; all of them with ``pytest --all-eval``), on
generated texts full of what pysbd's rules look for, and the shortcuts it takes are each checked
against re itself."""

from __future__ import annotations

import multiprocessing
import os
import re
import sys

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.score import patterns, segmenter
from comments.score.sentences import LINEAR_SPLIT_CHARS, PYSBD_CHARS, _cut, split_sentences
from tests import eval_texts

needs_eval = pytest.mark.skipif(not eval_texts.present(), reason=eval_texts.ABSENT)

_FAST = segmenter.Segmenter()
_PYSBD = pysbd.Segmenter(language="en", clean=False)


def _pieces() -> list[str]:
    """What split_sentences hands to pysbd for every text of ../shared/eval."""
    texts = (*eval_texts.paragraphs(), *eval_texts.toxicity_texts(), *eval_texts.sentiment_texts())
    pieces = (p for t in texts if t.strip() and len(t) <= LINEAR_SPLIT_CHARS for p in _cut(t, PYSBD_CHARS))
    return list(dict.fromkeys(pieces))


def _differences_in(part: tuple[int, int, int]) -> list[tuple[str, list[str], list[str]]]:
    out = []
    for piece in _pieces()[part[0] : part[1] : part[2]]:
        fast, slow = _FAST.segment(piece), _PYSBD.segment(piece)
        if fast != slow:
            out.append((piece, fast, slow))
    return out


@needs_eval
def test_the_segmenter_is_pysbd_on_the_eval_texts(request: pytest.FixtureRequest) -> None:
    """Every 8th piece (pysbd takes 1.5 ms a piece); with --all-eval every one of them."""
    pieces = _pieces()
    assert len(pieces) > 100_000
    every = 1 if request.config.getoption("--all-eval") else 8
    step = len(pieces) // 32 + 1
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        parts = pool.map(_differences_in, [(start, start + step, every) for start in range(0, len(pieces), step)])
    differences = [d for part in parts for d in part]
    assert not differences, f"{len(differences)} of {len(pieces) // every} pieces differ, first: {differences[:2]}"


#: pieces of what pysbd's rules look for: abbreviations, numbers, lists, quotes, brackets, ellipses
PYSBD_WORDS = (
    *("Mr.", "mr.", "MR.", "Dr.", "St.", "st.", "p.", "P.", "pp.", "no.", "No.", "vs.", "e.g.", "i.e.", "U.S."),
    *("U.S.A.", "a.m.", "P.M.", "Ph.D.", "Co.", "KG", "Inc.", "Jan.", "fig.", "Ave.", "a.", "b.", "c)", "(a)"),
    *("(b)", "(ii)", "(iv)", "iii.", "1.", "2.", "3.", "1)", "2)", "10.", "11.", "5.5", "3.14", "[1]", "[2, 3]"),
    *(
        "The",
        "He",
        "she",
        "It",
        "I",
        "I'm",
        "went",
        "home",
        "said",
        "yes",
        "word",
        "x",
        "ſt",
        "İs",
        "\u212a",
        "ı",
        "\u212aing",
    ),
    *(".", "..", "...", "....", ". . .", "!", "!!", "!!!", "?", "??", "?!", "!?", "?!?!", ",", ";", ":", "-", "--"),
    *("—", "'", '"', "“", "”", "‘", "’", "«", "»", "(", ")", "[", "]", "{", "}", "\\", "\\\\", "&", "∯", "ȸ"),
    *("Yahoo!", "!Xũ", "°", "40°.", "file.txt", ".pdf", "jpg", "'s", "a'b", "\n", "\n\n", "\r", "\t", "\u00a0"),
    *("。", "！", "？", "．", "（", "）", "「", "」", "@x", "#y", "http://t.co/x.y", "12:30", "$5.00", "%"),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PYSBD_WORDS), min_size=1, max_size=30), st.sampled_from([" ", "", " ", "  "]))
def test_the_segmenter_is_pysbd_on_texts_of_its_rules_words(words: list[str], gap: str) -> None:
    text = gap.join(words)
    assert _FAST.segment(text) == _PYSBD.segment(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_the_segmenter_is_pysbd_on_any_text(text: str) -> None:
    assert _FAST.segment(text) == _PYSBD.segment(text)


def test_split_sentences_keeps_its_limits_and_its_answers() -> None:
    text = "Dr. Who arrived at 5 p.m. on Jan. 3. He said “hi.” Then he left! Did he? " * 40
    assert split_sentences(text)[:4] == (
        "Dr. Who arrived at 5 p.m. on Jan. 3.",
        "He said “hi.”",
        "Then he left!",
        "Did he?",
    )
    assert all(len(s) <= 1000 for s in split_sentences("word " * 3000))


_GATE_TEXT = st.text(alphabet="aZi.∯[]()!?'s \r\n\t°0123456789,-\"“”:", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_GATE_TEXT)
def test_every_gate_matches_wherever_its_pattern_does(text: str) -> None:
    for (pattern, flags), gate in patterns.GATES.items():
        if re.search(pattern, text, flags):
            assert re.search(gate, text, flags), (pattern, gate, text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="\"“”«»()[]-—a .!?'\n", max_size=40))
def test_the_plain_bracket_patterns_match_as_pysbds_on_text_without_backslash(text: str) -> None:
    for pattern, plain in patterns.WITHOUT_BACKSLASH.items():
        assert [m.span() for m in re.finditer(pattern, text)] == [m.span() for m in re.finditer(plain, text)]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab.!?∯'sX \n()1", max_size=30))
def test_a_pattern_is_skipped_only_on_a_text_it_cannot_match(text: str) -> None:
    from pysbd.lang.english import English

    rules = [r for group in (English.SubSymbolsRules, English.EllipsisRules, English.Numbers) for r in group.All]
    for pattern in [r.pattern for r in rules] + [English.SENTENCE_BOUNDARY_REGEX, English.NUMBERED_REFERENCE_REGEX]:
        if re.search(pattern, text):
            assert patterns.kept(pattern)[1].met(text), (pattern, text)
        assert patterns.sub(pattern, "#", text) == re.sub(pattern, "#", text)


def test_the_spaces_and_letters_it_folds_are_pythons() -> None:
    spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert sorted(map(ord, segmenter.UNICODE_SPACES)) == spaces
    assert all(re.fullmatch(r"\s", chr(c)) for c in spaces)
    letters = re.compile("[a-z]", re.IGNORECASE)
    others = [chr(c) for c in range(128, sys.maxunicode + 1) if letters.fullmatch(chr(c))]
    assert sorted(others) == sorted(segmenter.IGNORECASE_LETTERS)
    for char, letter in segmenter.IGNORECASE_LETTERS.items():
        assert [a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.IGNORECASE)] == [letter]


def test_another_pysbd_release_uses_pysbd(monkeypatch: pytest.MonkeyPatch) -> None:
    segmenter.segmenter.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(segmenter, "CHECKED_VERSION", "0.0.0")
        assert type(segmenter.segmenter()) is pysbd.Segmenter
    segmenter.segmenter.cache_clear()
    assert type(segmenter.segmenter()) is segmenter.Segmenter


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="azAZſıK.∯ \r\n\t\u2003\x85()1", max_size=40))
def test_every_findall_shortcut_is_res_findall(text: str) -> None:
    for (pattern, flags), fast in patterns.FINDALL.items():
        assert fast(text) == re.findall(pattern, text, flags), (pattern, text)


@needs_eval
def test_every_findall_shortcut_is_res_findall_on_the_eval_pieces() -> None:
    pieces = [piece.replace("\n", "\r") for piece in _pieces()]  # as the list rules read them
    for (pattern, flags), fast in patterns.FINDALL.items():
        compiled = re.compile(pattern, flags)
        assert [p for p in pieces if fast(p) != compiled.findall(p)] == []
