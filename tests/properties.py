"""Hypothesis strategies of hostile input for every format, and the invariants every parse must keep.

Shared by tests/test_properties.py (a few hundred examples per format) and bench/fuzz_parse.py (thousands).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from hypothesis import strategies as st

from comments.errors import CommentsError
from comments.model import Page
from comments.parse import parse_file
from comments.parse.html import declared_charset
from comments.parse.reading import decode

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


def parse_bytes(data: bytes, suffix: str) -> tuple[list[Page] | None, str]:
    """Parse ``data`` as a file with ``suffix``: its pages (None when refused with a CommentsError), and
    the text the parser read from the bytes (as ``reading.decode`` decodes them)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        try:
            pages: list[Page] | None = parse_file(path)
        except CommentsError:
            pages = None
        try:
            text, _ = decode(data, path, declared=declared_charset(data) if suffix == ".html" else None)
        except CommentsError:
            text = ""
        return pages, text


#: what no text of a page holds (comments.parse.formats drops them): control characters but tab and line breaks
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_invariants(pages: list[Page] | None, text: str, kind: str) -> None:
    """The reply links form a tree; for text dumps, comment lines come from the input and are used once.

    ``text`` is the input as the parser decoded it.
    """
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
                # a paragraph joins its lines, so the article is searched for the line as words in it; the input
                # is searched the same way ("x y" is in the input twice if one line is "1 1 x y", another "x y")
                in_article = sum(f" {line} " in f" {p} " for p in page.article.paragraphs)
                in_input = sum(f" {line} " in f" {other} " for other in input_lines)
                assert in_input >= comment_lines.count(line) + in_article


ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252")

# Valid pages: an article and a comment thread, rendered as a WordPress page and as a text dump. Names
# carry markup, format strings and non-ASCII letters; comment words are plain prose that no cue reads.
# fmt: off
WORDS = (
    "council", "voted", "bike", "lanes", "shop", "owners", "worried", "parking", "summer", "street", "children",
    "school", "safer", "city", "engineer", "months", "debate", "year", "good", "finally", "hope", "winter",
    "neighbourhood", "customers", "decision", "ride", "trucks", "river", "bridge",
)
# fmt: on
NAMES = ("Maria Lopez", "Tom Baker", "Ann", "Chen Wei", "Élodie", "Jürgen Groß", "O'Brien", "<b>Eve</b>", "$money$")
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=3, max_size=15).map(lambda ws: " ".join(ws).capitalize() + ".")


@dataclass(frozen=True, slots=True)
class Thread:
    """Comments as (author, text, depth), each at most one deeper than the one before."""

    comments: tuple[tuple[str, str, int], ...]

    def parents(self) -> list[int | None]:
        open_at: list[int] = []
        parents: list[int | None] = []
        for n, (_, _, depth) in enumerate(self.comments):
            del open_at[depth:]
            parents.append(open_at[-1] if open_at else None)
            open_at.append(n)
        return parents


def _thread(raw: list[tuple[str, str, int]]) -> Thread:
    comments, depth = [], -1
    for author, text, step in raw:
        depth = min(depth + 1, step) if comments else 0
        comments.append((author, text, max(0, depth)))
    return Thread(tuple(comments))


THREADS = st.lists(
    st.tuples(st.sampled_from(NAMES), st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join), st.integers(0, 3)),
    min_size=1,
    max_size=10,
).map(_thread)
ARTICLE = ("The council voted on the bike lanes on Tuesday.", "Shop owners worried about parking on the street.")


def wordpress_page(thread: Thread, charset: str) -> str:
    """The thread as today's WordPress prints it (``Walker_Comment``): nested ``ol.comment-list`` items."""
    out: list[str] = []
    depths = [depth for _, _, depth in thread.comments]
    for n, (author, text, depth) in enumerate(thread.comments):
        out.append(
            f'<li id="comment-{n + 1}" class="comment depth-{depth + 1}"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{escape(author)}</b> '
            f'<span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-{n + 1}">'
            f'<time datetime="2024-03-03T17:12:00+00:00">March 3, 2024 at 5:12 pm</time></a></div></footer>'
            f'<div class="comment-content"><p>{escape(text)}</p></div><div class="reply">'
            f'<a class="comment-reply-link" href="?replytocom={n + 1}#respond">Reply</a></div></article>'
        )
        following = depths[n + 1] if n + 1 < len(depths) else 0
        if following > depth:
            out.append('<ol class="children">')
        else:
            out.append("</li>" + "</ol></li>" * (depth - following))
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Bike lanes</title></head><body>'
        f'<article class="post"><h1 class="entry-title">Bike lanes</h1><div class="entry-content">{body}</div>'
        f'</article><div id="comments" class="comments-area"><h2 class="comments-title">'
        f'{len(thread.comments)} thoughts on &ldquo;Bike lanes&rdquo;</h2><ol class="comment-list">{"".join(out)}</ol>'
        f'<div id="respond" class="comment-respond"><h3>Leave a Reply</h3></div></div></body></html>'
    )


def text_dump(thread: Thread) -> str:
    """The thread as a text browser dumps it: numbered ``NAME says:`` headers, text indented under them."""
    lines = ["Bike lanes", "", *[line for p in ARTICLE for line in (p, "")], f"{len(thread.comments)} comments", ""]
    for _, (author, text, depth) in enumerate(thread.comments):
        indent = "  " * (2 * depth + 1)
        lines += [f"{indent}1. {author} says:", "", f"{indent}  {text}", ""]
    return "\n".join([*lines, "Leave a Reply", ""])


#: pieces repeated into long adversarial lines: what catastrophic backtracking feeds on
ADVERSARIAL_PIECES = (
    " ", "\t", "\xa0", ".", "-", "1", "1 ", "1.", "a.", "A.", " .", "( ", "— ", ", ", ": ", "| ", "x y ", "Aa ",
    "says ", "said ", "posted by ", "comment ", "by ", "on ", "at ", "reply ", "1. ", "12:30 ", "jan 1 2012 ",
    "schrieb am ", "a écrit ", "vor ", "hace ",
)  # fmt: skip
ADVERSARIAL_FRAMES = (
    ("Posted by", "x y"), ("Posted by", "on x"), ("by", "x said !"), ("by", "on x"), ("1.", "x"), ("Ann", "said:"),
    ("Ann", "says: x"), ("x", "Jan 1, 2012 at 5:12 pm x"), ("Jan 1, 2012", "x"), ("Comments", "x"), ("", "x said !"),
)  # fmt: skip


def adversarial_lines(n: int) -> dict[str, str]:
    """Lines of about ``n`` characters: long runs of one piece, and long runs of spaces inside cue-like frames."""
    lines = {f"run {piece!r}": (piece * (n // len(piece) + 1))[:n] for piece in ADVERSARIAL_PIECES}
    lines |= {f"{before!r} + spaces + {after!r}": before + " " * n + after for before, after in ADVERSARIAL_FRAMES}
    return lines


ADVERSARIAL_LINE = st.builds(
    lambda piece, n, before, after: before + (piece * (n // len(piece) + 1))[:n] + after,
    st.sampled_from(ADVERSARIAL_PIECES),
    st.integers(50, 3000),
    st.sampled_from(["", *(b for b, _ in ADVERSARIAL_FRAMES)]),
    st.sampled_from(["", *(a for _, a in ADVERSARIAL_FRAMES)]),
)
TEXT_ADVERSARIAL = st.lists(st.one_of(st.sampled_from(CUE_LINES), ADVERSARIAL_LINE), max_size=30).map("\n".join)
HTML_ADVERSARIAL = st.lists(
    st.one_of(HTML_PIECE, ADVERSARIAL_LINE.map(escape), ADVERSARIAL_LINE.map(lambda line: f"<p>{escape(line)}</p>")),
    max_size=40,
).map("".join)


def _deep(depth: int, closed: bool, words: str) -> str:
    item = f"<div class='comment'><span class='author'>Ann</span><p>{escape(words)}</p>"
    chain = (item + "<div class='children'>") * depth + "</div></div>" * depth if closed else item * depth
    return (
        f"<html><body><article><p>{'Article text. ' * 20}</p></article><div id='comments'>{chain}</div></body></html>"
    )


#: comment trees past libxml2's nesting limit: a reply chain, or one <div> left open per comment; the comments'
#: words are letters, digits, punctuation, symbols and spaces (the nesting is what this tests: control bytes in
#: every comment make a file that is not text, refused as it should be, and the html strategy tries those)
HTML_DEEP = st.builds(
    _deep,
    st.integers(100, 1500),
    st.booleans(),
    st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=20),
)

#: what bench/fuzz_parse.py adds to STRATEGIES: long adversarial lines and deep nesting (slower cases)
FUZZ_STRATEGIES = STRATEGIES | {
    "text_adversarial": (".txt", TEXT_ADVERSARIAL),
    "html_adversarial": (".html", HTML_ADVERSARIAL),
    "html_deep": (".html", HTML_DEEP),
}
