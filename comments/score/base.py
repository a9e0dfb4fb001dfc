"""The scorer interface every scorer family implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

Row = tuple[float, ...]
Aggregate = Literal["mean", "max"]

#: what a scorer without a ``languages`` attribute is taken to read: English, the language of every
#: lexicon and model this interface knew before it had languages; a scorer never reads a language
#: it does not declare
DEFAULT_LANGUAGES: tuple[str, ...] = ("en",)
#: ``languages = ANY_LANGUAGE``: the scorer reads text in any language (a length count, say)
ANY_LANGUAGE: tuple[str, ...] = ("*",)


@runtime_checkable
class Scorer(Protocol):
    """Scores a batch of texts.

    ``columns`` names the values of each row ``score`` returns, in order.
    ``aggregate`` says how sentence scores combine into a paragraph's or an
    article's: sentiment averages (``"mean"``), toxicity takes the worst (``"max"``).
    ``whole_texts`` says the scorer reads a long comment whole (a toxicity model that
    windows it); otherwise long comments reach it sentence by sentence.
    ``languages`` are the language codes (``comments.languages.LANGUAGES``) of the texts it
    can read, or ``ANY_LANGUAGE``; a text in another language never reaches it, and its
    columns stay empty for that unit. A scorer without the attribute reads ``DEFAULT_LANGUAGES``
    (:func:`scorer_languages`).
    Constructors only store settings; models load on the first ``score`` call,
    once per process.

    Optional: ``describe()`` (a dict for run.json and the cache key), ``threshold`` (a toxicity
    scorer's cut-off), ``complements`` (the name of the scorer whose measure this one gives in
    its languages, as ``textblob_fr`` gives TextBlob's for French: the units it does not read
    are not reported as unscored, since they are not its to read).
    """

    name: str
    columns: tuple[str, ...]
    aggregate: Aggregate
    whole_texts: bool
    languages: tuple[str, ...]

    def score(self, texts: Sequence[str]) -> list[Row]: ...


def scorer_languages(scorer: Scorer) -> tuple[str, ...]:
    """The languages ``scorer`` reads: its ``languages``, or ``DEFAULT_LANGUAGES`` when it has none."""
    languages = getattr(scorer, "languages", None)
    return tuple(languages) if languages else DEFAULT_LANGUAGES


def reads(scorer: Scorer, language: str) -> bool:
    """Whether ``scorer`` reads text in ``language``."""
    languages = scorer_languages(scorer)
    return language in languages or ANY_LANGUAGE[0] in languages


def is_complement(scorer: Scorer) -> bool:
    """A scorer that gives another's measure in other languages (``complements``)."""
    return bool(getattr(scorer, "complements", None))


def unread(language: str, scorers: Sequence[Scorer]) -> tuple[str, ...]:
    """The scorers that do not read ``language`` and are expected to (every one but a complement)."""
    return tuple(s.name for s in scorers if not reads(s, language) and not is_complement(s))


def unit_note(unit: str, language: str, scorers: Sequence[Scorer]) -> str:
    """``unit``, and which scorers left it unscored because of its language, and which stood in."""
    missing = unread(language, scorers)
    if not missing:
        return unit
    instead = [s.name for s in scorers if is_complement(s) and reads(s, language)]
    return f"{unit}; {language}: not scored by {', '.join(missing)}" + (
        f"; scored by {', '.join(instead)}" if instead else ""
    )
