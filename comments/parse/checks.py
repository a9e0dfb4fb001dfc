"""Checks between the stages of a parse: signs that it went wrong, each with the note a user reads.

A parse that trips one of these gets a second look by the other way of reading the
page (``html.py``); a doubt that remains is written to the page's notes
(``articles.csv`` ``notes``), so that nobody takes a wrong split for a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from comments.model import Article, Comment
from comments.parse.thread import DATE_TIME_PATTERN

#: an article of at least this many paragraphs beside no comments has likely swallowed the page
MANY_PARAGRAPHS = 150
#: the article's lead: its first paragraph of at least this many words
LEAD_MIN_WORDS = 15
#: this many comments or more, all by one author, are likely one name picked up for all
ONE_AUTHOR_MIN_COMMENTS = 4
#: an article paragraph this long that carries comment marks is likely comments run together
LONG_PARAGRAPH_WORDS = 120
_WORD = re.compile(r"\w+")
_MARK_IN_PROSE = re.compile(
    r"\b(?:posted|written|submitted) by\b|\b(?:says|said|wrote|schrieb|sagt|a écrit|dit|dijo|escribió)\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Doubt:
    kind: str
    """many_paragraphs, lead_in_comments, one_author or marks_in_article"""
    note: str


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _lead_in(first: str, text: str) -> bool:
    """``_words(first) in _words(text)``; most often answered by the longest of those words alone, which
    is somewhere in the lower-cased text when they all are (it has no space, so it is inside one word)."""
    words = _words(first)
    longest = max(words.split(" "), key=len)
    return longest in text.lower() and words in _words(text)


def lead(article: Article) -> str | None:
    return next((p for p in article.paragraphs if len(p.split()) >= LEAD_MIN_WORDS), None)


def doubts(article: Article, comments: Sequence[Comment]) -> list[Doubt]:
    """What looks wrong about a parse of a page into ``article`` and ``comments``."""
    found: list[Doubt] = []
    if not comments and len(article.paragraphs) >= MANY_PARAGRAPHS:
        found.append(
            Doubt(
                "many_paragraphs",
                f"the article has {len(article.paragraphs)} paragraphs and no comments were found: "
                "it may hold comments or other pages' text",
            )
        )
    first = lead(article)
    if first is not None and comments and _lead_in(first, " ".join(c.text for c in comments)):
        found.append(
            Doubt("lead_in_comments", "the comments hold the article's first paragraph: the split is doubtful")
        )
    authors = Counter(c.author for c in comments)
    if len(comments) >= ONE_AUTHOR_MIN_COMMENTS and len(authors) == 1 and None not in authors:
        (name,) = authors
        found.append(
            Doubt("one_author", f"all {len(comments)} comments have the author {name!r}: authors may be misread")
        )
    for paragraph in article.paragraphs:
        if len(paragraph.split()) < LONG_PARAGRAPH_WORDS:
            continue
        stamps = len(DATE_TIME_PATTERN.findall(paragraph))
        if stamps >= 2 or (stamps and _MARK_IN_PROSE.search(paragraph)):
            found.append(
                Doubt("marks_in_article", "an article paragraph carries comment marks: comments may be in the article")
            )
            break
    return found
