"""Which languages a scorer reads, and which language a text is in.

Scorers say what they read with a ``languages`` attribute; one without it reads English.
A text's language comes from ``comments.score.language``; one too short or unclear to tell is
``und`` (BCP-47 for *undetermined*), and a request that names no language is then read in the
model's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from comments.score import Scorer
from comments.score.language import DEFAULT_LANGUAGE, identify, language_of

UNDETERMINED = "und"
ENGLISH = ("en",)


def scorer_languages(scorers: Sequence[Scorer]) -> tuple[str, ...]:
    """The languages every one of these scorers reads."""
    common: set[str] | None = None
    for scorer in scorers:
        languages = {str(code).lower() for code in getattr(scorer, "languages", ENGLISH)}
        common = languages if common is None else common & languages
    return tuple(sorted(common)) if common else ()


def detect_language(text: str) -> str:
    """The language of ``text`` as a language code (``comments.score.language``, the report's rule for a
    comment on an English page), or ``und`` when it is too short or unclear to tell."""
    if not identify(text).decisive:
        return UNDETERMINED
    return language_of(text, DEFAULT_LANGUAGE)
