"""Sentence splitting with pysbd, which works offline (TextBlob's own splitter needs an NLTK download).

pysbd and VADER both take time that grows with the square of a text's length, so
long texts are cut first: pysbd sees pieces of at most ``PYSBD_CHARS``; a paragraph
longer than ``LINEAR_SPLIT_CHARS`` is cut at sentence punctuation by a plain pattern
instead; and no unit handed on is longer than ``MAX_UNIT_CHARS`` (a run of text without
punctuation is cut at white space).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

PYSBD_CHARS = 2_000
LINEAR_SPLIT_CHARS = 10_000
MAX_UNIT_CHARS = 1_000
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _cut(text: str, limit: int) -> Iterator[str]:
    """Pieces of at most ``limit`` characters, cut at the last white space before the limit."""
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        yield text[:cut]
        text = text[cut:]
    yield text


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """The sentences of one paragraph, stripped; an empty paragraph has none."""
    if not paragraph.strip():
        return ()
    if len(paragraph) > LINEAR_SPLIT_CHARS:
        pieces = _SENTENCE_END.split(paragraph)
    else:
        pieces = [s for piece in _cut(paragraph, PYSBD_CHARS) for s in _segmenter().segment(piece)]
    units = (unit.strip() for piece in pieces for unit in _cut(piece, MAX_UNIT_CHARS))
    return tuple(unit for unit in units if unit)
