"""Sentence splitting with pysbd, which works offline (TextBlob's own splitter needs an NLTK download)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """The sentences of one paragraph, stripped; an empty paragraph has none."""
    if not paragraph.strip():
        return ()
    sentences = (s.strip() for s in _segmenter().segment(paragraph))
    return tuple(s for s in sentences if s)
