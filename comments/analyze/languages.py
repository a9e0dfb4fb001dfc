"""The language of every unit of a page, and what that means for its scores.

Each unit is identified with ``comments.score.language``: a comment on its own, an article
sentence on its own; one too short or unclear to tell takes its page's language. A paragraph is
in the language of most of its sentences.
``AnalyzeSettings.language`` puts every unit of a run in one language instead.

A scorer reads only units in its languages (``Scorer.languages``); for the others its columns
are empty (NaN, never 0), the ``unit`` column says why, and every aggregate skips them and says
how many it skipped. A scorer that gives another's measure in other languages (``complements``,
as ``textblob_fr`` does for TextBlob) is named where it scored, and is never said to have skipped
a unit, since the units outside its languages are not its to read.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from comments.model import Page
from comments.score import Scorer
from comments.score.base import is_complement, reads, unit_note, unread
from comments.score.language import language_of, page_language


@dataclass(frozen=True, slots=True, kw_only=True)
class PageLanguages:
    """The language of a page and of each of its units, in the order of the page's plan."""

    page: str
    paragraphs: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]
    """Per paragraph, the language of each of its sentences."""
    comments: tuple[str, ...]


def page_languages(
    page: Page, split: Sequence[tuple[str, ...]], forced: str | None, comments: Sequence[str] | None = None
) -> PageLanguages:
    """The languages of a page's paragraphs, sentences (``split``: per paragraph) and comments (``comments``:
    the texts read of them, by default their whole text)."""
    comments = [c.text for c in page.comments] if comments is None else comments
    if forced is not None:
        return PageLanguages(
            page=forced,
            paragraphs=tuple(forced for _ in split),
            sentences=tuple(tuple(forced for _ in sentences) for sentences in split),
            comments=tuple(forced for _ in comments),
        )
    title = (page.article.title,) if page.article.title else ()
    language = page_language((*title, *page.article.paragraphs), comments)
    sentences = tuple(tuple(language_of(s, language) for s in p_sentences) for p_sentences in split)
    # a paragraph is in the language most of its sentences are in (the page's when they are split evenly)
    paragraphs = tuple(_most(p_sentences, language) for p_sentences in sentences)
    return PageLanguages(
        page=language,
        paragraphs=paragraphs,
        sentences=sentences,
        comments=tuple(language_of(text, language) for text in comments),
    )


def _most(languages: Sequence[str], default: str) -> str:
    counts = Counter(languages).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return default
    return counts[0][0]


class ScorerReads:
    """What a set of scorers reads in each language, worked out once per language rather than once per unit
    (a run has a few languages and many thousand units): the scores a unit keeps, its ``unit`` note, and what
    an aggregate over units left out."""

    def __init__(self, scorers: Sequence[Scorer]) -> None:
        self.scorers = tuple(scorers)
        self._columns: dict[str, tuple[tuple[str, bool], ...]] = {}
        self._unread: dict[str, tuple[str, ...]] = {}
        self._notes: dict[tuple[str, str], str] = {}

    def scores(self, language: str, scores: Mapping[str, float]) -> dict[str, float]:
        """The columns of the scorers for a unit in ``language``: their ``scores`` where they read it, else NaN."""
        columns = self._columns.get(language)
        if columns is None:
            columns = self._columns[language] = tuple(
                (col, reads(scorer, language)) for scorer in self.scorers for col in scorer.columns
            )
        return {col: scores[col] if read else math.nan for col, read in columns}

    def note(self, unit: str, language: str) -> str:
        """``unit_note(unit, language, self.scorers)``."""
        note = self._notes.get((unit, language))
        if note is None:
            note = self._notes[(unit, language)] = unit_note(unit, language, self.scorers)
        return note

    def unread(self, language: str) -> tuple[str, ...]:
        """The scorers that do not read ``language`` and are expected to (``comments.score.base.unread``)."""
        missing = self._unread.get(language)
        if missing is None:
            missing = self._unread[language] = unread(language, self.scorers)
        return missing

    def skipped(self, languages: Sequence[str], noun: str) -> tuple[str, ...]:
        """What an aggregate over units in ``languages`` left out: ``3 of 17 sentences not scored by vader,
        textblob (de 3)``, one line per set of scorers; nothing when every scorer read every unit."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for language in languages:
            missing = self.unread(language)
            if missing:
                groups.setdefault(missing, []).append(language)
        return tuple(
            f"{len(group)} of {len(languages)} {noun} not scored by {', '.join(missing)} ({counted(group)})"
            for missing, group in groups.items()
        )


def counted(languages: Iterable[str]) -> str:
    """``de 3, fr 1``: languages by how often they occur, most often first (ties by code)."""
    counts = Counter(languages)
    return ", ".join(f"{lang} {n}" for lang, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def commenter_language(languages: Sequence[str]) -> str:
    """A commenter's languages: ``en``, or ``de 3, en 1`` when they wrote in more than one."""
    return languages[0] if len(set(languages)) == 1 else counted(languages)


def share_other(languages: Sequence[str], language: str) -> float:
    """The share of ``languages`` that are not ``language`` (NaN for none)."""
    return sum(lang != language for lang in languages) / len(languages) if languages else math.nan


@dataclass
class LanguageCounts:
    """Units per language over a run, for run.json and the run's closing lines."""

    articles: Counter[str] = field(default_factory=Counter)
    sentences: Counter[str] = field(default_factory=Counter)
    comments: Counter[str] = field(default_factory=Counter)

    def add(
        self, article: Mapping[str, Any], sentences: Iterable[Mapping[str, Any]], comments: Iterable[Mapping[str, Any]]
    ) -> None:
        self.articles[article["language"]] += 1
        self.sentences.update(row["language"] for row in sentences)
        self.comments.update(row["language"] for row in comments)

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            name: dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
            for name, counts in (
                ("articles", self.articles),
                ("sentences", self.sentences),
                ("comments", self.comments),
            )
        }

    def lines(self, scorers: Sequence[Scorer]) -> tuple[str, ...]:
        """``312 comments in other languages (de 290, fr 22): not scored by vader, textblob, bilstm``,
        for comments and article sentences, one line per set of scorers that left units out."""
        out = []
        for noun, counts in (("comments", self.comments), ("article sentences", self.sentences)):
            groups: dict[tuple[str, ...], Counter[str]] = {}
            for language, n in counts.items():
                missing = unread(language, scorers)
                if missing:
                    groups.setdefault(missing, Counter())[language] += n
            for missing, group in groups.items():
                total = sum(group.values())
                instead = [
                    f"{language} scored by {', '.join(names)}"
                    for language, _ in group.most_common()
                    if (names := [s.name for s in scorers if is_complement(s) and reads(s, language)])
                ]
                also = f"; {', '.join(instead)}" if instead else ""
                out.append(
                    f"{total} {noun if total != 1 else noun[:-1]} in other languages ({counted(group.elements())}): "
                    f"not scored by {', '.join(missing)}{also}"
                )
        return tuple(out)
