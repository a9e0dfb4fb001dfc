"""Hypothesis strategies of hostile input for every format, and the invariants every parse must keep.

Shared by tests/test_properties.py (a few hundred examples per format) and bench/fuzz_parse.py (thousands).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from comments.errors import CommentsError
from comments.model import Page
from comments.parse import parse_file

CUE_LINES = [
    "",
    "   ",
    "Title line",
    "A paragraph of article text.",
    "15 comments",
    "Comments (3)",
    "Leave a Reply",
    "  1. Avatar Ann says:",
    "    1. Bob says:",
    "      Reply text here.",
    "Posted by: Ann | June 8, 2012 at 2:29 PM",
    "by james on January 31, 2011 at 9:59 am. Reply #",
    "     * Jonathan Turner",
    "       Was this taken in Davenport, Iowa August 15?",
    "07.30.12 at 05:36",
    "Reply",
    "\tTabbed says:",
    "=cmd|' /C calc'!A0",
    "a" * 300,
]
TEXT = st.lists(st.one_of(st.sampled_from(CUE_LINES), st.text(max_size=60)), max_size=60).map("\n".join)

TAGS = ["div", "li", "ol", "ul", "p", "dl", "dt", "dd", "span", "article", "form", "script", "cite", "time"]
ATTRS = [
    "",
    " class='comment'",
    " class='comment depth-2'",
    " id='comments'",
    " id='comment-1'",
    " id='comment-1-content'",
    " class='fn'",
    " class='comment-content'",
    " class='reply'",
    " hidden",
    " style='display:none'",
    " itemprop='comment'",
]
HTML_PIECE = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.text(max_size=40),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "<?xml version='1.0' encoding='utf-8'?>", "<"]),
)
HTML = st.lists(HTML_PIECE, max_size=80).map("".join)

CELL = st.one_of(st.text(max_size=30), st.sampled_from(["", "1", "c1", "=1+1", '"', ",", "\n", "a1"]))
CSV = st.lists(st.lists(CELL, max_size=6), max_size=20).map(
    lambda rows: "\n".join(",".join(json.dumps(c) if "," in c or '"' in c else c for c in row) for row in rows)
)
CSV_WITH_HEADER = CSV.map(lambda body: "article_id,comment_id,parent_id,author,text\n" + body)

JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)
COMMENT_OBJECT = st.fixed_dictionaries(
    {"text": st.one_of(st.text(max_size=40), JSON_VALUE)},
    optional={
        "id": st.one_of(st.sampled_from(["1", "2", "3"]), JSON_VALUE),
        "parent_id": st.one_of(st.sampled_from(["1", "2", "3", None]), JSON_VALUE),
        "author": JSON_VALUE,
        "article_id": st.sampled_from(["a", "b", None]),
    },
)
JSON = st.one_of(JSON_VALUE, st.lists(COMMENT_OBJECT, max_size=10)).map(json.dumps)
JSONL = st.lists(st.one_of(COMMENT_OBJECT.map(json.dumps), st.text(max_size=30)), max_size=10).map("\n".join)

STRATEGIES = {
    "text": (".txt", TEXT),
    "html": (".html", HTML),
    "csv": (".csv", st.one_of(CSV, CSV_WITH_HEADER)),
    "json": (".json", JSON),
    "jsonl": (".jsonl", JSONL),
}


def parse_bytes(data: bytes, suffix: str) -> list[Page] | None:
    """Parse ``data`` as a file with ``suffix``; None when it is refused with a CommentsError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        try:
            return parse_file(path)
        except CommentsError:
            return None


#: what no text of a page holds (comments.parse.formats drops them): control characters but tab and line breaks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_invariants(pages: list[Page] | None, text: str, kind: str) -> None:
    """The reply links form a tree; for text dumps, comment lines come from the input and are used once."""
    for page in pages or []:
        depth_of: dict[str, int] = {}
        for comment in page.comments:
            assert comment.id not in depth_of
            assert comment.parent_id is None or comment.parent_id in depth_of
            assert comment.depth == (0 if comment.parent_id is None else depth_of[comment.parent_id] + 1)
            depth_of[comment.id] = comment.depth
        if kind == "text":
            # reading drops stray NUL bytes (and says so in the page's notes), parsing the other control characters
            input_lines = [_CONTROL.sub("", line).strip() for line in text.replace("\x00", "").splitlines()]
            comment_lines = [line.strip() for c in page.comments for line in c.text.splitlines()]
            for line in set(comment_lines) - {""}:
                assert line in input_lines
                in_article = sum(f" {line} " in f" {p} " for p in page.article.paragraphs)
                assert input_lines.count(line) >= comment_lines.count(line) + in_article
