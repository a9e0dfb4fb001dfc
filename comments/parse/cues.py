"""The cue table: named patterns that label the blocks of a plain-text page.

This module is data, with ``comment_cues.py`` (the cues of a comment section) and
``words.py`` (the words they are built from, per language). The text parser walks
these tuples in order and the first cue that matches wins, so adding a site's
convention is adding a ``Cue`` here, with examples it must match and
counter-examples it must not (the tests run every one of them).

Clutter cues are matched against a whole block with its lines joined by single
spaces and surrounding white space (no-break spaces included) stripped.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from comments.parse import tuning


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    name: str
    role: str
    """What a matching text is: for clutter cues the clutter kind written to clutter.csv; for comment
    marks ``header``, ``footer`` or ``stamp``; else the table's role (section_start, section_end, interface)."""
    pattern: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    screen: Callable[[str], object] | None = None
    """A test of the lower-cased text that every match passes, tried first: words every match holds, as
    plain substrings (``holds_any``), cheaper than the prefilter's pattern (which still runs after it)."""
    prefilter: str | None = None
    """A cheap lower-case pattern every match contains; text without it skips the full pattern."""
    guard: Callable[[str], object] | None = None
    """A cheap test of the lower-cased text that every match passes (see ``any_of``), tried after the
    prefilter: for tests a single pattern runs slowly, as sre tries every branch of an alternation at every
    position once one branch opens with a class (``\\d``, ``\\s``)."""
    max_length: int | None = None
    """Longer text never matches (controls and headings are short lines)."""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    quick: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        # prefilters are written in lower case and run on lower-cased text: case-blind matching is 3x slower
        object.__setattr__(self, "quick", re.compile(self.prefilter) if self.prefilter else None)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        if self.max_length is not None and len(text) > self.max_length:
            return None
        if self.quick is not None or self.guard is not None or self.screen is not None:
            lowered = lowered if lowered is not None else text.lower()
            if self.screen is not None and not self.screen(lowered):
                return None
            if self.quick is not None and self.quick.search(lowered) is None:
                return None
            if self.guard is not None and not self.guard(lowered):
                return None
        if tuning.is_off(self.name):
            return None
        match = self.regex.search(text)
        if match is not None:
            tuning.touch(self.name)
        return match

    def matches(self, text: str) -> bool:
        return self.search(text) is not None


@dataclass(frozen=True, slots=True)
class GuardedPattern:
    """A pattern searched only in texts holding a match of a cheap pattern that every match of it contains.

    Long alternations (month names in seven languages) are slow to try at every position of a text;
    most texts fail the guard at a fraction of the cost.
    """

    pattern: re.Pattern[str]
    guard: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.guard.search(text) else None

    def findall(self, text: str) -> list[str]:
        return self.pattern.findall(text) if self.guard.search(text) else []

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.pattern.split(text, maxsplit) if self.guard.search(text) else [text]


def holds_any(*words: str) -> Callable[[str], bool]:
    """A test passing text that holds one of ``words`` as a substring: a screen (see ``Cue.screen``).

    Words for a screen of lower-cased text leave out "i" and "s": a case-blind pattern's "i" also matches
    U+0131 (dotless i) and U+0130 (I with a dot above), and its "s" U+017F (long s), whose lower cases are
    not "i" and "s" (U+0131, "i" with U+0307 after it, U+017F)."""

    def holds(text: str) -> bool:
        for word in words:  # noqa: SIM110 - a loop, not any() over a generator: it runs on every line
            if word in text:
                return True
        return False

    return holds


def ends_with(*endings: str) -> Callable[[str], bool]:
    """A screen passing text that ends with one of ``endings`` but for white space: the same test as the
    pattern ``(?:ENDING|…)\\s*$``, without a search from every position."""

    def ends(text: str) -> bool:
        return text.rstrip().endswith(endings)

    return ends


def any_of(*tests: tuple[str | tuple[str, ...], str]) -> Callable[[str], bool]:
    """A guard passing text in which one of ``tests`` is found: each a pair (gate, pattern), the pattern
    searched only where its gate (a pattern every match of it contains, or a tuple of words one of which
    every match holds; empty for none) is found.

    ``any_of(("", r"\\d[:.]\\d\\d"), ("ago|vor", r"ago\\b|vor\\s"))`` passes exactly the text in which
    ``\\d[:.]\\d\\d|ago\\b|vor\\s`` is found, faster: a pattern whose branches all open with a letter (the
    gate) or that opens with one class skips the positions it cannot start at, where one alternation of them
    all tries every branch at every position.
    """
    # (words, gate, pattern): a word gate is tested here, without a call; a pattern gate is searched
    steps = [
        (
            gate if isinstance(gate, tuple) else None,
            re.compile(gate).search if gate and not isinstance(gate, tuple) else None,
            re.compile(pattern).search,
        )
        for gate, pattern in tests
    ]

    def passes(text: str) -> bool:
        for words, gate, search in steps:
            if words is not None:
                for word in words:
                    if word in text:
                        break
                else:
                    continue
            elif gate is not None and gate(text) is None:
                continue
            if search(text) is not None:
                return True
        return False

    return passes


#: lines remembered per cue table: a page repeats its interface lines ("Reply", "Share", a date), and a page's
#: lines are read by several stages (the text path, the checks, a second look)
MEMO_LINES = 20_000
#: a line the memo has not seen (None is a remembered answer: no cue matches)
_UNSEEN: Any = object()
#: what a cue without a length limit stands behind
_NO_LIMIT = sys.maxsize


_Search = Callable[[str], re.Match[str] | None]
_Test = Callable[[str], object]


@dataclass(frozen=True, slots=True)
class CueTable:
    """Cues tried in order, each behind its own prefilter.

    (One union of all the prefilters was measured slower than trying them one by one: the union's
    anchored and literal-led branches lose the regex engine's shortcuts and every position tries them all.)
    """

    cues: tuple[Cue, ...]
    screen: Callable[[str], object] | None = None
    """A test of the lower-cased text that a match of any of the cues passes (each cue's own screen,
    prefilter or guard implies it), tried before the memo and the cues: most lines of a page fail it."""
    max_length: int | None = field(init=False)
    # each cue's length limit, prefilter and pattern, looked up once: the table runs on every line of a page
    _steps: tuple[tuple[Cue, int, _Test | None, _Search | None, _Test | None, _Search], ...] = field(
        init=False, repr=False, compare=False
    )
    _memo: dict[tuple[str, str, frozenset[str]], tuple[Cue, re.Match[str]] | None] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        lengths = [cue.max_length for cue in self.cues if cue.max_length is not None]
        object.__setattr__(self, "max_length", max(lengths) if len(lengths) == len(self.cues) else None)
        steps = tuple(
            (
                cue,
                _NO_LIMIT if cue.max_length is None else cue.max_length,
                cue.screen,
                None if cue.quick is None else cue.quick.search,
                cue.guard,
                cue.regex.search,
            )
            for cue in self.cues
        )
        object.__setattr__(self, "_steps", steps)
        object.__setattr__(self, "_memo", {})

    def first(self, text: str, lowered: str | None = None) -> tuple[Cue, re.Match[str]] | None:
        """The first cue that matches ``text`` (``lowered`` is its lower case, if known), with its match."""
        if self.max_length is not None and len(text) > self.max_length:
            return None
        if lowered is None:
            lowered = text.lower()
        if self.screen is not None and not self.screen(lowered):
            return None
        # the answer depends on the text and on which cues are left out, nothing else
        key = (text, lowered, tuning.active().off)
        memo = self._memo
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(memo) >= MEMO_LINES:
                memo.clear()
            found = memo[key] = self._scan(text, lowered, key[2])
        if found is not None:
            tuning.touch(found[0].name)  # the one cue a scan touches: the one that matched
        return found

    def first_each(self, texts: Sequence[tuple[str, str] | None]) -> list[tuple[Cue, re.Match[str]] | None]:
        """``first`` of each (text, lower case) pair of ``texts`` (None for none): what a page's every line gets,
        with the tuning, the trace and the memo looked up once for the page rather than once a line."""
        off = tuning.active().off
        trace = tuning.trace()
        memo = self._memo
        longest = _NO_LIMIT if self.max_length is None else self.max_length
        scan, screen = self._scan, self.screen
        out: list[tuple[Cue, re.Match[str]] | None] = []
        for pair in texts:
            if pair is None or len(pair[0]) > longest or (screen is not None and not screen(pair[1])):
                out.append(None)
                continue
            key = (*pair, off)
            found = memo.get(key, _UNSEEN)
            if found is _UNSEEN:
                if len(memo) >= MEMO_LINES:
                    memo.clear()
                found = memo[key] = scan(pair[0], pair[1], off)
            if found is not None and trace is not None:
                trace.add(found[0].name)
            out.append(found)
        return out

    def _scan(self, text: str, lowered: str, off: frozenset[str]) -> tuple[Cue, re.Match[str]] | None:
        """``Cue.search`` for each cue in turn, unrolled: the same tests in the same order."""
        size = len(text)
        for cue, longest, screen, quick, guard, search in self._steps:
            if size > longest or (screen is not None and not screen(lowered)):
                continue
            if quick is not None and quick(lowered) is None:
                continue
            if guard is not None and not guard(lowered):
                continue
            if off and cue.name in off:
                continue
            match = search(text)
            if match is not None:
                return cue, match
        return None


_CAPTION_WORD = r"(?:photo|image|picture|illustration|graphic|video)s?"

CLUTTER_CUES: tuple[Cue, ...] = (
    Cue(
        name="caption_credit_suffix",
        role="caption",
        screen=holds_any("phot", "mage", "ctur", "llu", "graph", "deo"),  # a caption word's letters but i and s
        # A caption ends with its credit: "… (Image: Art Grani)" or "… Photo: U.S. DoD".
        # The credit is short and has no sentence inside it.
        pattern=rf"(?:\(\s*{_CAPTION_WORD}(?:\s+(?:by|credit|courtesy))?\s*:\s*[^()]{{1,80}}\)"
        rf"|\b{_CAPTION_WORD}(?:\s+(?:by|credit|courtesy))?\s*:\s*(?-i:[A-Z])[^:!?\"“”]{{0,59}}(?<!\.))$",
        examples=(
            "A silver coin minted in Russia. (Image: Art Grani)",
            "Michael Flynn (pictured) resigned. Photo: U.S. Department of Defense",
            "Protesters in Kyiv. Photo by: Reuters",
        ),
        counter_examples=(
            "The photo shows nothing. He said it was fake.",
            "She took the picture: it was the best day of her life, she said, and then she left!",
            "He pointed at the video: it was all fake",
        ),
    ),
    Cue(
        name="related_link",
        role="related",
        pattern=r"^(?:also read|read also|read more|more on this|recommended|related(?: articles?| stories)?"
        r"|see also|you may also like|you might also like|read next|further reading)\s*:",
        examples=(
            'Also read: "Russia\'s euphoria about Donald Trump already fading"',
            'Recommended: "Russia is still wary of Trump\'s turbulent presidency"',
            "Read more: Why the Kremlin is worried",
        ),
        counter_examples=("Also, read the fine print before you sign.",),
    ),
    Cue(
        name="category_line",
        role="category",
        # Two or more short Title-Case section names separated by commas, nothing else.
        pattern=r"^[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}(?:, ?[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}){1,8}$",
        examples=("International, More", "Politics, World, Europe"),
        counter_examples=("International relations are worse, he said.", "Moscow"),
    ),
    Cue(
        name="editor_credit",
        role="credit",
        pattern=r"^(?:edited|translated|compiled|written|reported|produced)(?: and \w+)? by\s*:?\s*.{1,60}$",
        examples=("Edited by: A. N.", "Translated by Jane Doe"),
        counter_examples=("Edited by committee, the bill passed anyway after a long debate in the chamber.",),
    ),
    Cue(
        name="donation_appeal",
        role="appeal",
        screen=holds_any("nce you", "we have a", "plea"),
        pattern=r"^since you['’]re here\b|we have a (?:small )?favou?r to ask"
        r"|\bplease (?:help|support|consider)\b.{0,80}\b(?:donat|subscri|contribut|become a (?:member|patron))",
        examples=(
            "Since you’re here – we have a favor to ask. Please help keep us online with a donation!",
            "If you like what you see, please help keep us online with a donation!",
        ),
        counter_examples=("The charity said donations fell by half last year.",),
    ),
    Cue(
        name="tag_line",
        role="tags",
        pattern=r"^(?:tags|tagged|tagged with|topics|keywords)\s*:",
        examples=("Tags: , , , , , , , ,", "Tagged: Russia, Trump"),
        counter_examples=("Tags are useful, she said.",),
    ),
    Cue(
        name="opinion_disclaimer",
        role="disclaimer",
        pattern=r"^(?:the )?(?:opinions?|views?)(?: and \w+)? (?:of|expressed)\b.{0,160}"
        r"\b(?:not necessarily|do not|does not|are (?:the|solely))\b",
        examples=(
            "The opinion of the author may not necessarily reflect the position of Russia Direct or its staff.",
            "The views expressed in this article are the author's own.",
        ),
        counter_examples=("The opinion polls show Trump behind in three states.",),
    ),
)
