"""Builders of hostile input files, shared by the tests and bench/fuzz_parse.py."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

GOOD_TEXT = "A title {n}\n\nThe council met on day {n} and agreed on a plan.\n\n  1. Ann says:\n\n    Good plan {n}.\n"
GOOD_HTML = (
    "<html><body><h1>Title {n}</h1><p>The article body number {n} is here, long enough to count as text "
    "for the extractor, with several more words to make it a paragraph.</p><ol class='commentlist'>"
    "<li class='comment'><cite class='fn'>Ann</cite><p>Nice piece {n}</p></li></ol></body></html>"
)


def good_file(folder: Path, n: int) -> Path:
    kind = n % 4
    if kind == 0:
        path = folder / f"good_{n}.txt"
        path.write_text(GOOD_TEXT.format(n=n), encoding="utf-8")
    elif kind == 1:
        path = folder / f"good_{n}.html"
        path.write_text(GOOD_HTML.format(n=n), encoding="utf-8")
    elif kind == 2:
        path = folder / f"good_{n}.csv"
        path.write_text(f"article_id,author,text\na{n},Ann,First comment {n}\na{n},Bob,Second one\n", encoding="utf-8")
    else:
        path = folder / f"good_{n}.jsonl"
        path.write_text(json.dumps({"post_id": n, "author": "Ann", "text": f"Hello {n}"}) + "\n", encoding="utf-8")
    return path


def bad_file(folder: Path, n: int, rng: random.Random) -> Path:
    """A file that must fail with a one-line error: empty, binary, compressed, malformed table."""
    kind = n % 8
    if kind == 0:
        path, data = folder / f"bad_{n}.txt", b""
    elif kind == 1:
        path, data = folder / f"bad_{n}.txt", b" \n\t \r\n"
    elif kind == 2:
        path, data = folder / f"bad_{n}.txt", gzip.compress(b"hello " * 50)
    elif kind == 3:
        path, data = folder / f"bad_{n}.html", b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(200))
    elif kind == 4:
        path, data = folder / f"bad_{n}.txt", bytes(rng.randrange(256) for _ in range(300)) + b"\x00" * 50
    elif kind == 5:
        path, data = folder / f"bad_{n}.json", b'"a string, not a list"'
    elif kind == 6:
        path, data = folder / f"bad_{n}.csv", b"author,when\nAnn,today\n"  # no text column
    else:
        path, data = folder / f"bad_{n}.jsonl", b'{"text": "ok"}\n{broken\n'
    path.write_bytes(data)
    return path


def hostile_corpus(folder: Path, n: int = 500, seed: int = 7) -> tuple[list[Path], list[Path]]:
    """Half good pages of every format, half files that must fail; returns (good, bad)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    good = [good_file(folder, i) for i in range(n // 2)]
    bad = [bad_file(folder, i, rng) for i in range(n - n // 2)]
    return good, bad
