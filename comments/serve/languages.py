"""Which languages a scorer reads, and which language a text is in.

Scorers say what they read with a ``languages`` attribute; one without it reads English
(all of today's do). Until the package has a language identifier (``comments.score.language``),
a text's language is reported as ``und`` (BCP-47 for *undetermined*) and a request that names
no language is read in the model's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from comments.score import Scorer

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
    """The language of ``text`` as a language code, or ``und`` when it cannot be told."""
    return UNDETERMINED
