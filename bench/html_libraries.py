"""Compare HTML libraries on the saved pages of ../shared/eval/pages: time to parse and to get the visible text.

    .venv/bin/python bench/html_libraries.py

Needs selectolax (pip install selectolax), which the package itself does not use.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from lxml import html
from selectolax.lexbor import LexborHTMLParser as HTMLParser

PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages" / "html"


def timed(function, documents: list[bytes], repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for document in documents:
            function(document)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) / len(documents) * 1000


def main() -> int:
    documents = [path.read_bytes() for path in sorted(PAGES.glob("*.html"))]
    if not documents:
        print(f"error: no pages in {PAGES}", file=sys.stderr)
        return 2
    parser = html.HTMLParser(huge_tree=True)
    rows = {
        "lxml parse": lambda d: html.document_fromstring(d, parser=parser),
        "lxml parse + text": lambda d: html.document_fromstring(d, parser=parser).text_content(),
        "selectolax parse": HTMLParser,
        "selectolax parse + text": lambda d: HTMLParser(d).text(),
    }
    print(f"{len(documents)} pages; milliseconds per page (median of 3 passes)")
    for name, function in rows.items():
        print(f"{name:<24} {timed(function, documents):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
