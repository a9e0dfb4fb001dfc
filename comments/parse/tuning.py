"""Everything in the parser that was chosen by looking at pages, so that an evaluation can hold pages out.

Every cue (``cues.py``) and every selector (``selectors.py``) is a named *component*;
the numbers below are the parser's tuned *thresholds*. A run of the tool uses the
defaults: every component on, every threshold at its default. The held-out evaluation
(``comments/folds.py``, ``bench/eval_parse.py``) switches components off and tries
other thresholds while it parses, to choose them on four folds of the evaluation
pages and score the choice on the fifth; it also traces which components touched
(matched something on) a page, since leaving out a component that matched nothing
cannot change the parse.

The switches live in context variables, read once per cue or selector use: the parser
code stays one path, and a tool run pays one lookup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Thresholds:
    """The parser's tuned numbers. Their alternatives for the evaluation are in ``CANDIDATES``."""

    min_section_words: int = 12
    """HTML: a selector's items must hold this many words in all to be a comment section (not a widget)."""
    section_item_share: float = 0.5
    """HTML: the element around the items is the section when the items hold this share of its words."""
    section_max_page_share: float = 0.6
    """HTML: a section selector matching more than this share of the page's words is a page wrapper."""
    author_line_reach: int = 2
    """HTML: a header or footer naming the author is among a comment's first or last this many lines."""
    mark_gap: int = 60
    """Text: comment marks further apart than this many lines do not make one section."""
    name_max_words: int = 5
    """Text: a name line (or an author found before a stamp) has at most this many words."""
    list_name_max_words: int = 8
    """Text: a list item of at most this many words with no closing punctuation is a name."""
    prose_min_words: int = 5
    """Text: a line of at least this many words reads as prose."""
    bare_section_min_words: int = 10
    """Text: a section found only by its heading and its end holds at least this many words."""
    title_max_words: int = 25
    """Text: a first block of at most this many words (one line, no closing punctuation) is the title."""
    structure_min_items: int = 3
    """HTML: a group of sibling blocks needs this many items to be read as a comment list by its structure."""
    structure_min_share: float = 0.6
    """HTML: that share of a group's items must each carry at least two marks of a comment."""


#: the values the held-out evaluation tries for each threshold (the default among them)
CANDIDATES: dict[str, tuple[float, ...]] = {
    "min_section_words": (6, 12, 24),
    "section_item_share": (0.3, 0.5, 0.7),
    "section_max_page_share": (0.4, 0.6, 0.8),
    "author_line_reach": (1, 2, 3),
    "mark_gap": (30, 60, 120),
    "name_max_words": (4, 5, 7),
    "list_name_max_words": (6, 8, 10),
    "prose_min_words": (3, 5, 8),
    "bare_section_min_words": (5, 10, 20),
    "title_max_words": (15, 25, 40),
    "structure_min_items": (2, 3, 4),
    "structure_min_share": (0.5, 0.6, 0.75),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Tuning:
    """Which components are left out, and the thresholds in force."""

    off: frozenset[str] = frozenset()
    thresholds: Thresholds = field(default_factory=Thresholds)

    def to_json(self) -> dict[str, object]:
        changed = {
            f.name: getattr(self.thresholds, f.name)
            for f in fields(Thresholds)
            if getattr(self.thresholds, f.name) != getattr(DEFAULT.thresholds, f.name)
        }
        return {"off": sorted(self.off), "thresholds": changed}


def with_values(thresholds: Thresholds, values: Mapping[str, float]) -> Thresholds:
    """``thresholds`` with some of them changed, each kept of its field's type."""
    changed: dict[str, Any] = {name: type(getattr(thresholds, name))(value) for name, value in values.items()}
    return replace(thresholds, **changed)


DEFAULT = Tuning()
_ACTIVE: ContextVar[Tuning] = ContextVar("comments_tuning", default=DEFAULT)
_TRACE: ContextVar[set[str] | None] = ContextVar("comments_trace", default=None)


def active() -> Tuning:
    return _ACTIVE.get()


def value(name: str) -> float:
    """The threshold ``name`` in force (a field of :class:`Thresholds`); traced as the component ``=name``."""
    trace = _TRACE.get()
    if trace is not None:
        trace.add(f"={name}")
    number: float = getattr(_ACTIVE.get().thresholds, name)
    return number


def is_off(name: str) -> bool:
    off = _ACTIVE.get().off
    return bool(off) and name in off


def touch(name: str) -> None:
    """Record that component ``name`` matched something (only while tracing)."""
    trace = _TRACE.get()
    if trace is not None:
        trace.add(name)


def trace() -> set[str] | None:
    """The names being collected (``traced``), or None when not tracing: for a loop that records many."""
    return _TRACE.get()


def tracing() -> bool:
    return _TRACE.get() is not None


@contextmanager
def tuned(tuning: Tuning) -> Iterator[None]:
    """Parse with ``tuning`` in force inside the block."""
    token = _ACTIVE.set(tuning)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@contextmanager
def traced() -> Iterator[set[str]]:
    """Collect, inside the block, the names of the components that matched something."""
    names: set[str] = set()
    token = _TRACE.set(names)
    try:
        yield names
    finally:
        _TRACE.reset(token)
