"""The data model: what a parsed page is.

Plain frozen values with tuples inside, so that they hash, compare and pickle
cheaply across process boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: why an item of an export is not a comment (``Comment.status``, ``Page.status_counts``): removed by
#: its author or by moderators, hidden as dead, held as spam or unapproved, thrown away, or a
#: notification of a link from another site
STATUSES = ("deleted", "removed", "dead", "spam", "unapproved", "trash", "pingback", "trackback")


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
    status: str | None = None
    """None for a comment; one of ``STATUSES`` for an item that is not one, kept only on request."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One parsed page: its article and its comment tree in page order."""

    source: str
    """Where the page came from, relative to the path the user gave."""
    article: Article
    comments: tuple[Comment, ...] = ()
    notes: tuple[str, ...] = ()
    """Caveats of reading or parsing, such as a guessed character encoding."""
    status_counts: tuple[tuple[str, int], ...] = ()
    """(status, count) of the export's items that are not comments (see ``STATUSES``), in that order."""
    comment_system: str | None = None
    """The system whose script loads the comments of a saved page ("Disqus"), when they are not in it."""

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
                    **({"status": c.status} if c.status is not None else {}),
                }
                for c in self.comments
            ],
            **({"status_counts": dict(self.status_counts)} if self.status_counts else {}),
            **({"comment_system": self.comment_system} if self.comment_system else {}),
        }
