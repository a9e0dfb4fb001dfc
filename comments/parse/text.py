"""Parse a plain-text dump of a page into an article and a comment tree.

The dump is cut into blocks at blank lines. The comment section starts at the
first line that a comment-header cue recognises; before it, the first block is
the title when it looks like one, and every other block is clutter when a
clutter cue matches it, else an article paragraph. Inside the comment section
each header opens a comment whose text is the lines up to the next header, and
the header's indentation gives its place in the reply tree.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator, Sequence

from comments.model import Article, Clutter, Comment, Page
from comments.parse.cues import CLUTTER_CUES, COMMENT_HEADER_CUES, Cue

_TITLE_MAX_WORDS = 25
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


def parse_text(text: str, *, source: str, comments_only: bool = False) -> Page:
    """Parse the text of one page; with ``comments_only`` the text is a comment section alone."""
    lines = text.splitlines()
    headers = [(i, m) for i, line in enumerate(lines) if (m := _match_header(line)) is not None]
    if comments_only and not headers:
        comments = tuple(
            Comment(id=f"c{n + 1}", author=None, parent_id=None, depth=0, text="\n".join(b.strip() for b in block))
            for n, block in enumerate(_blocks(lines))
        )
        return Page(source=source, article=Article(title=None, paragraphs=()), comments=comments)
    start = headers[0][0] if headers else len(lines)
    article = _parse_article(lines[:start])
    comments, trailing = _parse_comments(lines, headers)
    if trailing:
        article = Article(title=article.title, paragraphs=article.paragraphs, clutter=article.clutter + trailing)
    return Page(source=source, article=article, comments=comments)


def _match_header(line: str) -> re.Match[str] | None:
    for cue in COMMENT_HEADER_CUES:
        if (m := cue.regex.match(line)) is not None:
            return m
    return None


def _blocks(lines: Sequence[str]) -> Iterator[list[str]]:
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _joined(block: Sequence[str]) -> str:
    return " ".join(line.strip() for line in block)


def _clutter_cue(text: str) -> Cue | None:
    return next((cue for cue in CLUTTER_CUES if cue.matches(text)), None)


def _looks_like_title(block: Sequence[str]) -> bool:
    text = _joined(block)
    return len(block) == 1 and len(text.split()) <= _TITLE_MAX_WORDS and not _SENTENCE_END.search(text)


def classify_blocks(blocks: Iterable[Sequence[str]]) -> tuple[list[str], list[Clutter]]:
    """Split article blocks into paragraphs and clutter by the clutter cues."""
    paragraphs: list[str] = []
    clutter: list[Clutter] = []
    for block in blocks:
        text = _joined(block)
        if (cue := _clutter_cue(text)) is not None:
            clutter.append(Clutter(kind=cue.kind, text=text, cue=cue.name))
        else:
            paragraphs.append(text)
    return paragraphs, clutter


def _parse_article(lines: Sequence[str]) -> Article:
    blocks = list(_blocks(lines))
    title: str | None = None
    if blocks and _looks_like_title(blocks[0]) and _clutter_cue(_joined(blocks[0])) is None:
        title = _joined(blocks[0])
        blocks = blocks[1:]
    paragraphs, clutter = classify_blocks(blocks)
    return Article(title=title, paragraphs=tuple(paragraphs), clutter=tuple(clutter))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _parse_comments(
    lines: Sequence[str], headers: Sequence[tuple[int, re.Match[str]]]
) -> tuple[tuple[Comment, ...], tuple[Clutter, ...]]:
    comments: list[Comment] = []
    trailing: list[Clutter] = []
    open_threads: list[tuple[int, str]] = []  # (header indent, comment id), outermost first
    for n, (at, match) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
        indent = len(match["indent"].expandtabs())
        while open_threads and open_threads[-1][0] >= indent:
            open_threads.pop()
        body, rest = _split_body(lines[at + 1 : end], indent)
        comment_id = f"c{n + 1}"
        author = match["author"].strip() or None
        comments.append(
            Comment(
                id=comment_id,
                author=author,
                parent_id=open_threads[-1][1] if open_threads else None,
                depth=len(open_threads),
                text=body,
            )
        )
        open_threads.append((indent, comment_id))
        trailing.extend(
            Clutter(kind="after_comments", text=_joined(block), cue="outdented_after_comment")
            for block in _blocks(rest)
        )
    return tuple(comments), tuple(trailing)


def _split_body(lines: Sequence[str], header_indent: int) -> tuple[str, Sequence[str]]:
    """Cut a comment's lines from what follows it at the header's indentation or less."""
    stop = len(lines)
    if header_indent > 0:
        stop = next(
            (i for i, line in enumerate(lines) if line.strip() and _indent(line.expandtabs()) <= header_indent),
            len(lines),
        )
    body = textwrap.dedent("\n".join(line.rstrip() for line in lines[:stop]).expandtabs())
    return body.strip("\n"), lines[stop:]
