"""Every text of ../shared/eval, read in place, for the tests that hold a fast path to its library.

- ``toxicity/*.csv``: the ``text`` column of every file;
- ``sentiment/*GroundTruth*.txt``: the text field of every line (id, rating, text);
- ``pages``: every non-empty line of every text rendering, and of every gold body and gold comment,
  stripped; a line longer than ``MAX_UNIT_CHARS`` is cut at white space as the pipeline cuts its
  units (the sentiment scorers never see longer texts from it);
- ``paragraphs``: every paragraph the pipeline would split into sentences: the blank-line-separated
  blocks of every text rendering and gold body, white space collapsed, and every gold comment.
"""

from __future__ import annotations

import csv
import json
from functools import cache

from comments.score.sentences import MAX_UNIT_CHARS
from tests.conftest import SHARED

EVAL = SHARED / "eval"
ABSENT = f"{EVAL} is not beside the checkout"


def present() -> bool:
    return (EVAL / "toxicity").is_dir() and (EVAL / "sentiment").is_dir() and (EVAL / "pages").is_dir()


def _cut(text: str) -> list[str]:
    pieces = []
    while len(text) > MAX_UNIT_CHARS:
        cut = text.rfind(" ", 0, MAX_UNIT_CHARS)
        cut = cut if cut > MAX_UNIT_CHARS // 2 else MAX_UNIT_CHARS
        pieces.append(text[:cut].strip())
        text = text[cut:]
    return [*pieces, text.strip()]


@cache
def toxicity_texts() -> tuple[str, ...]:
    texts: list[str] = []
    for path in sorted((EVAL / "toxicity").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return tuple(texts)


@cache
def sentiment_texts() -> tuple[str, ...]:
    texts: list[str] = []
    for path in sorted((EVAL / "sentiment").glob("*GroundTruth*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t", 2)
            if len(fields) == 3:
                texts.append(fields[2])
    return tuple(texts)


def _gold() -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((EVAL / "pages" / "gold").glob("*.json"))]


def _renderings() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((EVAL / "pages" / "text").rglob("*.txt"))]


@cache
def page_lines() -> tuple[str, ...]:
    documents = _renderings()
    for gold in _gold():
        documents.append(str(gold["body"]))
        documents += [str(c["text"]) for c in gold.get("comments", [])]  # type: ignore[attr-defined]
    lines = (line.strip() for document in documents for line in document.splitlines())
    return tuple(dict.fromkeys(piece for line in lines if line for piece in _cut(line) if piece))


@cache
def paragraphs() -> tuple[str, ...]:
    blocks = _renderings()
    comments: list[str] = []
    for gold in _gold():
        blocks.append(str(gold["body"]))
        comments += [str(c["text"]) for c in gold.get("comments", [])]  # type: ignore[attr-defined]
    found = (" ".join(block.split()) for document in blocks for block in document.split("\n\n"))
    return tuple(dict.fromkeys([*(p for p in found if p), *(c.strip() for c in comments if c.strip())]))


def all_texts() -> tuple[str, ...]:
    """Every text above once, in a fixed order."""
    return tuple(dict.fromkeys((*toxicity_texts(), *sentiment_texts(), *page_lines())))
