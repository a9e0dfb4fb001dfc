"""The data model: what a parsed page is.

Plain frozen values with tuples inside, so that they hash, compare and pickle
cheaply across process boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Clutter:
    """A block of the page that is neither article text nor a comment."""

    kind: str
    """What the block is: caption, related, category, credit, appeal, tags, disclaimer, …"""
    text: str
    cue: str
    """Name of the cue in the cue table that recognised the block."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    title: str | None
    paragraphs: tuple[str, ...]
    clutter: tuple[Clutter, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    id: str
    author: str | None
    parent_id: str | None
    depth: int
    text: str
    posted_at: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One parsed page: its article and its comment tree in page order."""

    source: str
    """Where the page came from, relative to the path the user gave."""
    article: Article
    comments: tuple[Comment, ...] = ()
    notes: tuple[str, ...] = ()
    """Caveats of reading or parsing, such as a guessed character encoding."""

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape printed by ``comments parse``."""
        return {
            "source": self.source,
            "title": self.article.title,
            "paragraphs": list(self.article.paragraphs),
            "clutter": [{"kind": c.kind, "text": c.text} for c in self.article.clutter],
            "comments": [
                {
                    "id": c.id,
                    "parent_id": c.parent_id,
                    "depth": c.depth,
                    "author": c.author,
                    "text": c.text,
                }
                for c in self.comments
            ],
        }
