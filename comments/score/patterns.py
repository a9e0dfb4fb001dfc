"""Regular expressions searched as ``re`` would search them, but compiled once and kept, and
skipped when the text cannot hold a match: ``sub``, ``findall``, ``search``, ``finditer``,
``split`` and pysbd's ``Text.apply``, each with ``re``'s own result.

Python's ``re`` keeps 512 compiled patterns and drops the oldest; pysbd builds one-off
patterns on every call, so its fixed ones are compiled again and again. Here each pattern is
compiled once, with what every match of it reads in the text (``_Needs``): its literal
characters outside optional parts, negative look-arounds and ignore-case (where only ASCII
characters that are not letters have no other case), one literal of each branch of an
alternation, ``\\d``, and for a few costly pysbd patterns a hand-written necessary condition
(``GATES``, each a pattern that any text the original matches also matches; tested). A text
that lacks one of them is returned as it is, without running the pattern.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pysbd.between_punctuation import BetweenPunctuation
from pysbd.lang.common.common import Common
from pysbd.lang.common.standard import Standard
from pysbd.lists_item_replacer import ListItemReplacer

Replacement = str | Callable[[re.Match[str]], str]

#: (pysbd's pattern, its flags) -> a pattern that matches wherever the first can (a necessary condition)
GATES: dict[tuple[str, int], str] = {
    (ListItemReplacer.NUMBERED_LIST_REGEX_1, 0): r"\d\.[\s)]",  # every branch: \d{1,2} then .\s or .)
    (ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS, 0): r"[a-z]\)",  # every branch: [a-z]+ then )
    (ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS, 0): r"[a-z]\.",  # every branch: [a-z] then .
    # (?<=[^\d\s]) then (\.|∯) then \[ or \d: not the period of a decimal number ("3.5"), which news text is full of
    (Common.NUMBERED_REFERENCE_REGEX, 0): r"[^\d\s][.∯][\[\d]",
    (ListItemReplacer.NUMBERED_LIST_PARENS_REGEX, 0): r"\d\)\s",  # \d{1,2} then the look-ahead's \)\s
    (Common.MULTI_PERIOD_ABBREVIATION_REGEX, re.IGNORECASE): r"[a-z]\.[a-z][.]",
    (Common.CONTINUOUS_PUNCTUATION_REGEX, 0): r"[!?]{3}",
    (Standard.EllipsisRules.ThreeSpaceRule.pattern, 0): r"\.\s\.\s\.",
    (Standard.EllipsisRules.FourSpaceRule.pattern, 0): r"\.\s\.\s\.",
    (Standard.EllipsisRules.FourConsecutiveRule.pattern, 0): r"\.\.\.\.",
    (Standard.EllipsisRules.ThreeConsecutiveRule.pattern, 0): r"\.\.\.\s",
    (Common.SingleLetterAbbreviationRules.SingleUpperCaseLetterRule.pattern, 0): r"\s[A-Z]\.",
    (Common.SingleLetterAbbreviationRules.SingleUpperCaseLetterAtStartOfLineRule.pattern, 0): r"\A[A-Z]\.",
    (Common.Numbers.NumberAfterPeriodBeforeLetterRule.pattern, 0): r"\d\.",
    (Common.Numbers.StartLineNumberPeriodRule.pattern, 0): r"\A\d\.",
    (Common.Numbers.StartLineTwoDigitNumberPeriodRule.pattern, 0): r"\A\d\d\.",
    (Standard.FileFormatRule.pattern, 0): r"\s\.[a-z]",
    (Common.PossessiveAbbreviationRule.pattern, 0): r"\.'s",
    (Common.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, 0): r"\)\s[\"“]",
}

#: pysbd's patterns for text between quotes or brackets, ``O(?=(?P<tmp>[^C\\]+|\\{2}|\\.)*)(?P=tmp)C``,
#: and the same matches where the text holds no backslash: the look-ahead then takes one run of
#: characters other than the closing one, the reference repeats it, and the closing one must follow.
#: (The em-dash pattern, ``--(?=(?P<tmp>[^--]*))(?P=tmp)--``, is ``--[^-]*--`` on any text.)
WITHOUT_BACKSLASH: dict[str, str] = {
    BetweenPunctuation.BETWEEN_DOUBLE_QUOTES_REGEX_2: r'"[^"\\]+"',
    BetweenPunctuation.BETWEEN_SQUARE_BRACKETS_REGEX_2: r"\[[^\]\\]+\]",
    BetweenPunctuation.BETWEEN_PARENS_REGEX_2: r"\([^()\\]+\)",
    BetweenPunctuation.BETWEEN_QUOTE_ARROW_REGEX_2: r"«[^»\\]+»",
    BetweenPunctuation.BETWEEN_QUOTE_SLANTED_REGEX_2: r"“[^”\\]+”",
    BetweenPunctuation.BETWEEN_EM_DASHES_REGEX_2: r"--[^-]*--",
}


_DIGIT = re.compile(r"\d")


def _letters_before_periods(text: str) -> list[str]:
    r"""``re.findall(ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS, text)``, whose three branches,
    ``(?<=^)[a-z](?=\.)|(?<=\A)[a-z](?=\.)|(?<=\s)[a-z](?=\.)``, find each letter a-z that has a period
    after it and the text's start or white space (``str.isspace``) before it: found from the periods with
    ``str.find``, where re tries the pattern at every character (every sentence ends in a letter and a period,
    so ``GATES`` lets most texts through)."""
    found = [text[0]] if "a" <= text[:1] <= "z" and text[1:2] == "." else []
    at = text.find(".", 2)
    while at >= 0:
        letter = text[at - 1]
        if "a" <= letter <= "z" and text[at - 2].isspace():
            found.append(letter)
        at = text.find(".", at + 1)
    return found


def _letters_before_parens(text: str) -> list[str]:
    r"""``re.findall(ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS, text)``, whose four branches,
    ``(?<=\()[a-z]+(?=\))|(?<=^)[a-z]+(?=\))|(?<=\A)[a-z]+(?=\))|(?<=\s)[a-z]+(?=\))``, find each whole run
    of letters a-z (none of the characters before a run is a letter, so a match starts where a run does, and
    greed takes it to the run's end) that has ``)`` after it and ``(``, the text's start or white space before it:
    found from the closing brackets with ``str.find``."""
    found = []
    at = text.find(")")
    while at >= 0:
        start = at
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        if start < at and (start == 0 or text[start - 1] == "(" or text[start - 1].isspace()):
            found.append(text[start:at])
        at = text.find(")", at + 1)
    return found


#: (pysbd's pattern, its flags) -> a function that gives ``re.findall(pattern, text, flags)`` (tested on re)
FINDALL: dict[tuple[str, int], Callable[[str], list[Any]]] = {
    (ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS, 0): _letters_before_periods,
    (ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS, 0): _letters_before_parens,
}


@dataclass(frozen=True, slots=True)
class _Needs:
    """What every match of a pattern reads in the searched text: each of ``chars``, at least one
    character of each set in ``any_of``, a digit when ``digit``, and a match of ``gate``."""

    chars: tuple[str, ...] = ()
    any_of: tuple[frozenset[str], ...] = ()
    digit: bool = False
    gate: re.Pattern[str] | None = None

    @property
    def more(self) -> bool:
        """Whether there is more to check than ``chars``."""
        return bool(self.any_of or self.digit or self.gate)

    def met(self, text: str) -> bool:
        for char in self.chars:
            if char not in text:
                return False
        for chars in self.any_of:
            if not any(char in text for char in chars):
                return False
        if self.digit and _DIGIT.search(text) is None:
            return False
        return self.gate is None or self.gate.search(text) is not None


_NOTHING = _Needs()


@lru_cache(maxsize=8192)
def kept(pattern: str, flags: int = 0) -> tuple[re.Pattern[str], _Needs]:
    """The compiled pattern and what every match of it needs in the searched text."""
    needs = _needs(pattern, flags)
    gate = GATES.get((pattern, flags))
    if gate is not None:
        needs = _Needs(chars=needs.chars, any_of=needs.any_of, digit=needs.digit, gate=re.compile(gate, flags))
    return re.compile(pattern, flags), needs


def _needs(pattern: str, flags: int) -> _Needs:
    """Read from the parsed pattern: its literals outside optional parts and negative look-arounds
    (under ignore-case only ASCII characters that are not letters, which have no other case),
    one literal of each branch of an alternation, and ``\\d``."""
    try:
        c: Any = importlib.import_module("re._constants")
        parser: Any = importlib.import_module("re._parser")

        digit = [(c.CATEGORY, c.CATEGORY_DIGIT)]

        def literal(code: int, ignore_case: bool) -> set[str]:
            char = chr(code)
            return {char} if not ignore_case or (char.isascii() and not char.isalpha()) else set()

        def needs(items: Any, ignore_case: bool) -> tuple[set[str], set[frozenset[str]]]:
            """(characters every match reads, sets of which it reads at least one character)"""
            chars: set[str] = set()
            any_of: set[frozenset[str]] = set()
            for op, arg in items:
                found: tuple[set[str], set[frozenset[str]]] = (set(), set())
                if op is c.LITERAL:
                    found = (literal(arg, ignore_case), set())
                elif op is c.IN and arg == digit:
                    found = ({r"\d"}, set())
                elif op is c.IN and arg and all(kind is c.LITERAL for kind, _ in arg):
                    chars_in = [literal(code, ignore_case) for _, code in arg]
                    found = (set(), {frozenset().union(*chars_in)} if all(chars_in) else set())
                elif op is c.SUBPATTERN:
                    _, add_flags, del_flags, sub = arg
                    found = needs(
                        sub, (ignore_case or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
                    )
                elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
                    found = needs(arg[2], ignore_case)
                elif op is c.BRANCH:
                    branches = [needs(branch, ignore_case) for branch in arg[1]]
                    common = set.intersection(*(b[0] for b in branches)) if branches else set()
                    if branches and all(b[0] - {r"\d"} for b in branches):
                        # one character of each branch, the least common kind: punctuation before letters
                        rarest = (min(b[0] - {r"\d"}, key=lambda ch: (ch.isalnum(), ch)) for b in branches)
                        found = (common, {frozenset(rarest)})
                    else:
                        found = (common, set())
                elif op is c.ASSERT:  # a positive look-ahead or look-behind still reads the text
                    found = needs(arg[1], ignore_case)
                elif op is c.ATOMIC_GROUP:
                    found = needs(arg, ignore_case)
                chars |= found[0]
                any_of |= found[1]
            return chars, any_of

        parsed = parser.parse(pattern, flags)
        chars, any_of = needs(parsed, bool(parsed.state.flags & re.IGNORECASE))
        return _Needs(
            chars=tuple(sorted(chars - {r"\d"})),
            any_of=tuple(sorted(s for s in any_of if not s & chars)),
            digit=r"\d" in chars,
        )
    except Exception:  # a pattern this cannot read is always searched
        return _NOTHING


def sub(pattern: str, replacement: Replacement, text: str, flags: int = 0) -> str:
    """``re.sub(pattern, replacement, text, flags=flags)``."""
    if not flags and pattern in WITHOUT_BACKSLASH and "\\" not in text:
        pattern = WITHOUT_BACKSLASH[pattern]
    pattern_, needs = kept(pattern, flags)
    for char in needs.chars:
        if char not in text:
            return text
    if needs.more and not needs.met(text):
        return text
    return pattern_.sub(replacement, text)


_last_findall: list[Any] = [None, None]


def findall(pattern: str, text: str, flags: int = 0) -> list[Any]:
    """``re.findall(pattern, text, flags=flags)``; pysbd asks the same twice in a row for list letters."""
    key = (pattern, flags, text)
    if _last_findall[0] == key:
        return list(_last_findall[1])
    fast = FINDALL.get((pattern, flags))
    if fast is not None:
        found = fast(text)
    else:
        pattern_, needs = kept(pattern, flags)
        found = pattern_.findall(text) if needs.met(text) else []
    _last_findall[:] = [key, found]
    return list(found)


def search(pattern: str, text: str) -> re.Match[str] | None:
    pattern_, needs = kept(pattern)
    return pattern_.search(text) if needs.met(text) else None


def finditer(pattern: str, text: str) -> Iterator[re.Match[str]]:
    pattern_, needs = kept(pattern)
    return pattern_.finditer(text) if needs.met(text) else iter(())


def split(pattern: str, text: str) -> list[str]:
    pattern_, needs = kept(pattern)
    return pattern_.split(text) if needs.met(text) else [text]


def match(pattern: str, text: str) -> re.Match[str] | None:
    pattern_, needs = kept(pattern)
    return pattern_.match(text) if needs.met(text) else None


def apply(text: str, *rules: Any) -> str:
    """``pysbd.utils.Text(text).apply(*rules)``. A text holding none of the characters one of
    the rules needs is passed by all of them (what no rule changes, no later rule sees changed)."""
    gate = _gate(rules)
    if gate is not None and gate.search(text) is None:
        return text
    for rule in rules:
        text = sub(rule.pattern, rule.replacement, text)
    return text


@lru_cache(maxsize=256)
def _gate(rules: tuple[Any, ...]) -> re.Pattern[str] | None:
    """A character class of one needed character of each rule, when each rule needs one."""
    firsts = []
    for rule in rules:
        needs = kept(rule.pattern)[1]
        if not needs.chars:
            return None
        firsts.append(needs.chars[0])
    return re.compile("[" + "".join(re.escape(char) for char in sorted(set(firsts))) + "]")
