"""Sentence splitting with pysbd, which works offline (TextBlob's own splitter needs an NLTK download).

pysbd's English segmenter runs as ``comments.score.segmenter`` has it: the same sentences,
without recompiling its patterns on every call. Each distinct paragraph is split once:
``split_table`` keeps the sentences in the run's score cache (so workers and later runs
with ``--cache`` share them), and each process remembers its recent paragraphs.

pysbd and VADER both take time that grows with the square of a text's length, so
long texts are cut first: pysbd sees pieces of at most ``PYSBD_CHARS``; a paragraph
longer than ``LINEAR_SPLIT_CHARS`` is cut at sentence punctuation by a plain pattern
instead; and no unit handed on is longer than ``MAX_UNIT_CHARS`` (a run of text without
punctuation is cut at white space).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from comments.score.cache import Cache

PYSBD_CHARS = 2_000
LINEAR_SPLIT_CHARS = 10_000
MAX_UNIT_CHARS = 1_000
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


#: paragraphs whose sentences each process remembers (a page's boilerplate repeats on every page)
REMEMBERED = 4096


@cache
def _segmenter() -> Any:
    from comments.score.segmenter import segmenter

    return segmenter()


@cache
def splitter_version() -> str:
    """What the sentences of a paragraph depend on: pysbd's release, the limits above and the code that
    splits (this module and the segmenter's), so that a cache kept with ``--cache`` never serves
    another splitter's sentences."""
    about = hashlib.sha256(
        f"pysbd {metadata.version('pysbd')} en; {PYSBD_CHARS} {LINEAR_SPLIT_CHARS} {MAX_UNIT_CHARS}".encode()
    )
    for module in ("sentences.py", "segmenter.py", "patterns.py"):
        about.update((Path(__file__).parent / module).read_bytes())
    return f"sentences:{about.hexdigest()[:16]}"


def _cut(text: str, limit: int) -> Iterator[str]:
    """Pieces of at most ``limit`` characters, cut at the last white space before the limit."""
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        yield text[:cut]
        text = text[cut:]
    yield text


@lru_cache(maxsize=REMEMBERED)
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


def comment_units(
    text: str, long_chars: int, sentences: Callable[[str], tuple[str, ...]] = split_sentences
) -> tuple[str, ...]:
    """What a sentence-level scorer reads of a comment: the whole, or, when it is longer than ``long_chars``,
    its sentences like an article's (``sentences`` gives them; a text without any is cut at ``long_chars``).
    The report and ``comments serve`` both use this rule, so a text gets the same numbers from each."""
    if len(text) <= long_chars:
        return (text,)
    return sentences(text) or (text[:long_chars],)


def split_table(paragraphs: Iterable[str], cache: Cache | None = None) -> dict[str, tuple[str, ...]]:
    """The sentences of every distinct paragraph: split once, or read from ``cache``."""
    distinct = list(dict.fromkeys(paragraphs))
    found = cache.get_splits(splitter_version(), distinct) if cache is not None and distinct else {}
    split = {paragraph: split_sentences(paragraph) for paragraph in distinct if paragraph not in found}
    if cache is not None and split:
        cache.put_splits(splitter_version(), split.items())
    return found | split
