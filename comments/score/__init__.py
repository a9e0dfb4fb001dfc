"""Score stage: scorers behind one interface, and the unit each score belongs to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from comments.score.base import ANY_LANGUAGE, DEFAULT_LANGUAGES, Aggregate, Row, Scorer, reads, scorer_languages
from comments.score.cache import Cache, MemoryCache, ScoreCache, scorer_version
from comments.score.sentences import comment_units, split_sentences, split_table
from comments.score.sentiment import TextBlobScorer, VaderScorer
from comments.score.sentiment_other import TextBlobFrScorer
from comments.score.toxicity import (
    ATTRIBUTES,
    TOXICITY_SCORERS,
    BiLSTMScorer,
    DetoxifyScorer,
    NewsScorer,
    ProfanityScorer,
    toxicity_scorer,
)
from comments.settings import ScoreSettings

__all__ = [
    "ANY_LANGUAGE",
    "ATTRIBUTES",
    "DEFAULT_LANGUAGES",
    "TOXICITY_SCORERS",
    "TOXICITY_THRESHOLD",
    "Aggregate",
    "BiLSTMScorer",
    "Cache",
    "DetoxifyScorer",
    "MemoryCache",
    "NewsScorer",
    "ProfanityScorer",
    "Row",
    "ScoreCache",
    "ScoreCounts",
    "Scorer",
    "TextBlobFrScorer",
    "TextBlobScorer",
    "VaderScorer",
    "comment_units",
    "default_scorers",
    "default_threshold",
    "reads",
    "score_table",
    "score_texts",
    "scorer_languages",
    "split_sentences",
    "split_table",
    "toxicity_scorer",
]

#: A comment whose toxicity probability is at or above this is flagged toxic, unless the
#: toxicity scorer states its own threshold (README: "Toxicity").
TOXICITY_THRESHOLD = 0.5


def default_scorers(settings: ScoreSettings | None = None) -> tuple[Scorer, ...]:
    """VADER and TextBlob sentiment (English), textblob-fr's (French), and the toxicity scorer
    ``settings.toxicity`` names."""
    settings = settings or ScoreSettings()
    toxicity = toxicity_scorer(settings.toxicity, settings.toxicity_model_dir)
    return (VaderScorer(), TextBlobScorer(), TextBlobFrScorer(), toxicity)


def default_threshold(scorers: Sequence[Scorer]) -> float:
    """The threshold of the scorer that gives the ``toxicity`` column, or ``TOXICITY_THRESHOLD``."""
    for scorer in scorers:
        if "toxicity" in scorer.columns:
            return float(getattr(scorer, "threshold", TOXICITY_THRESHOLD))
    return TOXICITY_THRESHOLD


@dataclass
class ScoreCounts:
    """How many distinct texts each scorer scored, and how many it found in the cache instead."""

    scored: Counter[str] = field(default_factory=Counter)
    cached: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    """What went wrong with the cache (it was set aside, or could not be written), each said once."""

    def add(self, other: ScoreCounts) -> None:
        self.scored.update(other.scored)
        self.cached.update(other.cached)
        self.notes += [note for note in other.notes if note not in self.notes]


_versions: WeakKeyDictionary[Scorer, str] = WeakKeyDictionary()


def _version(scorer: Scorer) -> str:
    """scorer_version, once per scorer object (describing a model can mean hashing its files)."""
    if scorer not in _versions:
        _versions[scorer] = scorer_version(scorer)
    return _versions[scorer]


def score_table(
    texts: Iterable[str], scorers: Sequence[Scorer], cache: Cache | None = None, counts: ScoreCounts | None = None
) -> dict[str, dict[str, float]]:
    """Every distinct text's columns from every scorer: each text scored once, or read from ``cache``."""
    distinct = list(dict.fromkeys(texts))
    by_text: dict[str, dict[str, float]] = {text: {} for text in distinct}
    for scorer in scorers:
        found = cache.get(_version(scorer), distinct, scorer.columns) if cache is not None and distinct else {}
        todo = [text for text in distinct if text not in found] if found else distinct
        rows = scorer.score(todo) if todo else []
        if cache is not None:
            cache.put(_version(scorer), zip(todo, rows, strict=True))
        for text, row in (*found.items(), *zip(todo, rows, strict=True)):
            by_text[text].update(zip(scorer.columns, row, strict=True))
        if counts is not None:
            counts.scored[scorer.name] += len(todo)
            counts.cached[scorer.name] += len(found)
    return by_text


def score_texts(texts: Sequence[str], scorers: Sequence[Scorer]) -> list[dict[str, float]]:
    """Score every text with every scorer, each distinct text once; one dict of columns per text."""
    by_text = score_table(texts, scorers)
    return [by_text[text] for text in texts]
