"""The entity finder's fast paths find what the plain rules find: ``names_in`` against the rules as first
written (``_reference_names_in``: every word tokenised with the first pattern, weighed, then walked one by one),
on generated sentences full of the cases the rules single out (titles, ``of``, dates, capitals, clitics)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.analyze import entities as ent
from comments.analyze.entities import (
    ABBREVIATED,
    AMBIGUOUS,
    CALENDAR,
    COMMON,
    COMMON_NOUNS,
    NAME,
    NO,
    OPENERS,
    TITLES,
    _Name,
    _word_kind,
    names_in,
)

#: the word pattern as first written: an acronym with dots, tried at every character before a word
_FIRST_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w&]*(?:[-’'][\w&]+)*")
#: where a comment's sentences end, as first written: the lookbehinds first, tried at every character
_FIRST_COMMENT_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘'(\[A-Z0-9])|(?<!\s)\s*\n\s*")
_CLITIC = re.compile(r"(?:[’'](?:s|m|re|ve|ll|d)|n[’']t)$", re.IGNORECASE)


def _reference_shouted(text: str) -> bool:
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.6 * len(letters)


def _reference_names_in(sentence: str) -> list[_Name]:
    tokens = list(_FIRST_TOKEN.finditer(sentence))
    words = [token.group(0) for token in tokens]
    capitalised = [word[0].isupper() for word in words]
    if not any(capitalised):
        return []
    shouted = _reference_shouted(sentence)
    pairs = enumerate(zip(words, capitalised, strict=True))
    kinds = [_word_kind(w, i == 0, shouted) if up else NO for i, (w, up) in pairs]
    if not any(kinds):
        return []
    headline = not shouted and len(words) >= 5 and sum(capitalised) >= 0.75 * len(words)
    names: list[_Name] = []
    run: list[tuple[str, int, bool]] = []
    joined = False

    def emit(part: list[tuple[str, int, bool]], *, before_title: bool) -> None:
        first, end = 0, len(part)
        while end - first > 1 and part[first][0].casefold().rstrip(".") in OPENERS:
            first += 1
        while end > first and (
            (before_title and part[end - 1][1] == COMMON)
            or (end - first > 1 and part[end - 1][0].casefold() in ABBREVIATED)
        ):
            end -= 1
        part = part[first:end]
        parts = [_CLITIC.sub("", w) or w for w, _, _ in part]
        weights = [COMMON if headline and kind == AMBIGUOUS else kind for _, kind, _ in part]
        strongest = max(weights, default=NO)
        title_only = len(parts) == 1 and parts[0].casefold().rstrip(".") in OPENERS
        calendar = all(p.casefold() in CALENDAR for p in parts)
        if parts and strongest >= AMBIGUOUS and not title_only and not calendar and len(parts[-1].replace(".", "")) > 1:
            confirmed = strongest == NAME or any(
                k == AMBIGUOUS and not first and not shouted for k, (_, _, first) in zip(weights, part, strict=True)
            )
            names.append(_Name(" ".join(parts), confirmed, joined))

    def close() -> None:
        nonlocal run, joined
        part: list[tuple[str, int, bool]] = []
        for item in run:
            if item[0].casefold().rstrip(".") in TITLES and part:
                emit(part, before_title=True)
                part = []
            elif item[0].casefold().rstrip(".") not in TITLES:
                part.append(item)
        emit(part, before_title=False)
        run, joined = [], False

    previous_end, skip_to = 0, -1
    for i, (token, word, kind) in enumerate(zip(tokens, words, kinds, strict=True)):
        if i <= skip_to or not (run or kind):
            continue
        if run and sentence[previous_end : token.start()].strip():
            close()
        if kind == NO:
            if (
                run
                and word == "of"
                and i + 1 < len(tokens)
                and not sentence[token.end() : tokens[i + 1].start()].strip()
                and ent._lexicon().get(run[-1][0].lower()) in COMMON_NOUNS
                and kinds[i + 1] >= AMBIGUOUS
            ):
                run += [(word, COMMON, False), (words[i + 1], kinds[i + 1], False)]
                joined, skip_to, previous_end = True, i + 1, tokens[i + 1].end()
                continue
            if run:
                close()
        else:
            run.append((word, kind, i == 0))
        previous_end = token.end()
    if run:
        close()
    return names


WORDS = [
    "of", "Of", "OF", "the", "and", "Bank", "America", "Department", "Justice", "Trump", "TRUMP", "Trump's",
    "trump", "Mr.", "Mr", "Dear", "Hi", "Jan", "May", "Monday", "U.S.", "U.S", "US", "UK", "NATO", "LOL",
    "TV", "LOAN", "President", "Vice", "Vladimir", "Putin", "Ushakov", "Kremlin", "Great", "Bill", "I",
    "I'm", "don't", "Center", "Fulfillment", "Deadly", "Sins", "Russian", "Jane", "Smith", "F10", "DSC_0016",
    "AT&T", "Jean-Luc", "x-Ray", "3Abc", "_Abc", "a&B", "Élysée", "über", "ÜBER", "İstanbul", "ǅemal", "Ⓐ",
    "ϒ", "ß", "Σ", "A.", "B.", "e.g.", "’s", "O’Brien", "Smith’s", "GREAT", "job", "Bank of America",
    "Department of Justice", "Bank of", "of America", "Russian President Vladimir Putin", "Dear Donald",
    "Trump Jan", "TRUMP IS WRONG ABOUT NATO", "National Security Adviser", "Fulfillment Center",
]  # fmt: skip
GLUE = [" ", " ", " ", "", ", ", ". ", " - ", "\n", " (", ") ", "…", "2 ", "'", '"']


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=14), st.sampled_from(["", "u", "t"]))
def test_names_in_finds_what_the_plain_rules_find(pieces: list[tuple[str, str]], case: str) -> None:
    sentence = "".join(word + glue for word, glue in pieces)
    sentence = sentence.upper() if case == "u" else sentence.title() if case == "t" else sentence
    assert names_in(sentence) == _reference_names_in(sentence)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZUS.’'-&_9 \n,ÉéⒶǅ", max_size=30))
def test_the_word_pattern_finds_the_words_of_the_first_pattern(text: str) -> None:
    assert [m.span() for m in ent._TOKEN.finditer(text)] == [m.span() for m in _FIRST_TOKEN.finditer(text)]
    assert ent._shouted(text) == _reference_shouted(text) and ent._shouted(text * 3) == _reference_shouted(text * 3)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=" \n\t\r\u2028\u00a0\x1c.!?…\"“‘'([Aa0z,)", max_size=40))
def test_comment_sentences_end_where_the_first_pattern_ends_them(text: str) -> None:
    def cuts(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text)]

    assert cuts(ent._COMMENT_SENTENCE) == cuts(_FIRST_COMMENT_SENTENCE)
