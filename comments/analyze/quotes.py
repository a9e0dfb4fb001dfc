"""Quoted text is not the quoter's: what a comment quotes is set aside before it is scored.

A comment's *own words* are its text less

- every ``>`` line (the e-mail and forum convention for a quote, whoever is quoted), and
- every span between quotation marks (straight or curly, single or double, guillemets) whose words
  are found, in order and as whole words, in the comment it answers (its parent or any of the
  ``MAX_ABOVE`` comments above it in the thread) or in the article (title and paragraphs). A span
  with elisions (``…``, ``...``, ``[…]``) counts when each piece is found. Letters are compared
  without case, and punctuation and spacing are ignored.

Quotation marks around words found nowhere above (reported speech, scare quotes, a title) stay the
commenter's words. ``text`` in comments.csv keeps the whole comment; ``quoted_chars`` counts the
characters set aside, quotation marks and ``>`` included. A reply that quotes an insult in order to
object to it is scored on the objection alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from comments.model import Page

#: a line that quotes: optional spaces, then ``>`` (one or more, for quotes of quotes)
_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
#: the longest span between quotation marks that is looked up, in characters
MAX_SPAN = 1_000
#: how many comments above a reply (its parent, its parent's parent, …) it may quote
MAX_ABOVE = 50
_APOSTROPHE = r"(?<=\w)[’'](?=\w)"  # inside a word, a single quote mark is an apostrophe, not a closing mark
#: every alternative begins with its opening mark (a single one not after a letter: the lookbehind reads back
#: from the mark), so that the search skips to the next quotation mark at once
_SPANS = re.compile(
    "|".join(
        (
            rf'"([^"\n]{{1,{MAX_SPAN}}})"',
            rf"“([^”\n]{{1,{MAX_SPAN}}})”",
            rf"„([^“”\n]{{1,{MAX_SPAN}}})[“”]",
            rf"«([^»\n]{{1,{MAX_SPAN}}})»",
            rf"‘(?<!\w‘)((?:[^’\n]|{_APOSTROPHE}){{1,{MAX_SPAN}}})’(?!\w)",
            rf"'(?<!\w')((?:[^'\n]|{_APOSTROPHE}){{1,{MAX_SPAN}}})'(?!\w)",
        )
    )
)
_ELISION = re.compile(r"\[\s*(?:…|\.{3})\s*\]|…|\.{3,}")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnWords:
    """A comment's own words and how many characters of quotation were set aside."""

    text: str
    quoted_chars: int


def _words(text: str) -> str:
    """The words of a text, lower case, one space between them and one at each end."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _found(span: str, sources: Sequence[str]) -> bool:
    """Whether every elided piece of ``span`` is in one of ``sources`` (as ``_words``), in order."""
    pieces = [_words(piece) for piece in _ELISION.split(span)]
    pieces = [piece for piece in pieces if piece.strip()]
    if not pieces:
        return False
    for source in sources:
        at = 0
        for piece in pieces:
            at = source.find(piece, at)
            if at < 0:
                break
            at += len(piece) - 1  # the next piece may start at this one's closing space
        else:
            return True
    return False


def _may_quote(text: str) -> bool:
    return ">" in text or _has_mark(text)


def _has_mark(text: str) -> bool:
    """Whether ``text`` holds an opening quotation mark (each alternative of ``_SPANS`` begins with one)."""
    return '"' in text or "'" in text or "“" in text or "‘" in text or "«" in text or "„" in text


def own_words(text: str, sources: Iterable[str]) -> OwnWords:
    """``text`` less its ``>`` lines and the quoted spans found in ``sources`` (as ``_words``)."""
    if not _may_quote(text):
        return OwnWords(text=text, quoted_chars=0)
    quoted = 0

    def line(match: re.Match[str]) -> str:
        nonlocal quoted
        quoted += len(match.group(0))
        return ""

    rest = _QUOTE_LINE.sub(line, text) if ">" in text else text
    listed = list(sources)

    def span(match: re.Match[str]) -> str:
        nonlocal quoted
        inner = next(group for group in match.groups() if group is not None)
        if not _found(inner, listed):
            return match.group(0)
        quoted += len(match.group(0))
        return " "

    rest = _SPANS.sub(span, rest) if listed and _has_mark(rest) else rest
    if not quoted:
        return OwnWords(text=text, quoted_chars=0)
    rest = re.sub(r"[ \t]{2,}", " ", re.sub(r"\n{3,}", "\n\n", rest)).strip()
    return OwnWords(text=rest, quoted_chars=quoted)


def page_own_words(page: Page) -> tuple[OwnWords, ...]:
    """Every comment's own words, in page order: quotes of the comments above it in its thread and of
    the article are set aside."""
    article = _words("\n".join((page.article.title or "", *page.article.paragraphs)))
    texts: dict[str, str] = {}
    words: dict[str, str] = {}  # the words of the comments quoted from so far (``_words`` only when needed)
    parent_of: dict[str, str | None] = {}
    out = []
    for comment in page.comments:
        sources = [article]
        if _may_quote(comment.text):
            seen = {comment.id}
            parent = comment.parent_id
            while parent in texts and parent not in seen and len(seen) <= MAX_ABOVE:
                if parent not in words:
                    words[parent] = _words(texts[parent])
                sources.append(words[parent])  # the thread above it
                seen.add(parent)
                parent = parent_of[parent]
        out.append(own_words(comment.text, sources))
        texts.setdefault(comment.id, comment.text)
        parent_of.setdefault(comment.id, comment.parent_id)
    return tuple(out)
