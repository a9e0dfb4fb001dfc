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
from collections.abc import Iterable, Sequence

from comments.model import Article, Clutter, Comment, Page
from comments.parse import tuning
from comments.parse.checks import doubts
from comments.parse.cues import CLUTTER_CUES, Cue
from comments.parse.thread import Section, blocks, find_section, split_comments

_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


def parse_text(text: str, *, source: str, comments_only: bool = False) -> Page:
    """Parse the text of one page; with ``comments_only`` the text is a comment section alone."""
    lines = text.splitlines()
    section = find_section(lines)
    if section is None and comments_only:
        section = Section(start=0, end=len(lines), marks=())
    if section is None:
        article = _parse_article(lines)
        return Page(source=source, article=article, notes=_notes(article, ()))
    head = section.start if section.heading is None else section.heading
    article = _parse_article(lines[:head]) if not comments_only else Article(title=None, paragraphs=())
    heading = tuple(
        Clutter(kind="comments_heading", text=_joined(block), cue="section_start")
        for block in blocks(lines[head : section.start])
    )
    comments, leftover = split_comments(lines, section)
    after = [*leftover, "", *lines[section.end :]]
    trailing = tuple(
        Clutter(kind="after_comments", text=_joined(block), cue="after_comment_section") for block in blocks(after)
    )
    article = Article(title=article.title, paragraphs=article.paragraphs, clutter=article.clutter + heading + trailing)
    notes = () if comments_only else _notes(article, comments)
    return Page(source=source, article=article, comments=comments, notes=notes)


def _notes(article: Article, comments: Sequence[Comment]) -> tuple[str, ...]:
    """What looks wrong about the split (``checks.py``): a text dump has no other way to read it, so it is said."""
    return tuple(doubt.note for doubt in doubts(article, comments))


def _joined(block: Sequence[str]) -> str:
    return " ".join(line.strip() for line in block)


def _clutter_cue(text: str) -> Cue | None:
    lowered = text.lower()  # once for every cue's screen
    for cue in CLUTTER_CUES:
        if cue.search(text, lowered) is not None:
            return cue
    return None


def _looks_like_title(block: Sequence[str]) -> bool:
    text = _joined(block)
    return len(block) == 1 and len(text.split()) <= tuning.value("title_max_words") and not _SENTENCE_END.search(text)


def classify_blocks(article_blocks: Iterable[Sequence[str]]) -> tuple[list[str], list[Clutter]]:
    """Split article blocks into paragraphs and clutter by the clutter cues."""
    paragraphs: list[str] = []
    clutter: list[Clutter] = []
    for block in article_blocks:
        text = _joined(block)
        if (cue := _clutter_cue(text)) is not None:
            clutter.append(Clutter(kind=cue.role, text=text, cue=cue.name))
        else:
            paragraphs.append(text)
    return paragraphs, clutter


def _parse_article(lines: Sequence[str]) -> Article:
    found = list(blocks(lines))
    title: str | None = None
    if found and _looks_like_title(found[0]) and _clutter_cue(_joined(found[0])) is None:
        title = _joined(found[0])
        found = found[1:]
    paragraphs, clutter = classify_blocks(found)
    return Article(title=title, paragraphs=tuple(paragraphs), clutter=tuple(clutter))
