"""Commenters across a corpus: authors.csv, one row per author over every page of a run.

An author is a name within a *source*: the export file a table's articles came from, or the folder that
holds saved pages (``source_of``). Names are compared without case and spacing differences. Anonymous
and placeholder names (``PLACEHOLDERS``: "Anonymous", "Guest", "[deleted]", no name at all, …) are never
one person: their comments count in no author's row.

:class:`AuthorTally` is fed one page at a time and keeps running sums per author, never the comments.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from comments.analyze.columns import TONE, TOXICITY, Rows
from comments.analyze.stats import Running, known, wilson

#: names that stand for nobody in particular (compared as ``person_key`` does, digits at the end ignored)
PLACEHOLDERS = frozenset(
    {
        "", "anonymous", "anon", "anonymous coward", "anonymous user", "an anonymous reader", "guest", "guest user",
        "unknown", "user", "reader", "a reader", "visitor", "commenter", "someone", "nobody", "no name", "noname",
        "name", "none", "null", "n a", "na", "deleted", "removed", "deleted user", "account deleted", "disqus guest",
        "facebook user", "guest commenter", "unregistered", "not signed in",
    }
)  # fmt: skip


#: words of a date or time: a "name" made of these and digits alone is a time stamp read as a name
_CALENDAR = re.compile(
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
    r"|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|at|on|am|pm|\d+(?:st|nd|rd|th)?"
)


#: the names each process remembers the key of: the same authors come back on every page, several times
_KEYS_KEPT = 65_536


@lru_cache(maxsize=_KEYS_KEPT)
def person_key(name: str | None) -> str | None:
    """How an author's name is compared (case, accents' composition and spacing ignored); None for an
    anonymous or placeholder name, or a date where a name should be: nobody's in particular."""
    if name is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    bare = " ".join(re.sub(r"[\W_]+", " ", text).split())
    if re.sub(r"\s*\d+$", "", bare) in PLACEHOLDERS or all(_CALENDAR.fullmatch(w) for w in bare.split()):
        return None
    return text


def source_of(source: str) -> str:
    """The source an author's name belongs to: the export file of a table's article (``export.csv#a1`` →
    ``export.csv``), else the folder of the page file (``site/page.html`` → ``site/``; ``./`` at the top)."""
    if "#" in source:
        return source.partition("#")[0]
    folder = source.replace("\\", "/").rpartition("/")[0]
    return f"{folder}/" if folder else "./"


def parse_time(text: str | None) -> datetime | None:
    """A comment's ``posted_at`` as a time to compare, or None when it names no calendar day (``3 hours
    ago``, ``May 5`` without a year). Times with a zone become UTC; times without one are taken as given."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if text.isdigit() and 9 <= len(text) <= 11:  # seconds since 1970, as many exports give them
        return datetime.fromtimestamp(int(text), UTC).replace(tzinfo=None)
    when: datetime | None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = _dateutil(text)
    if when is None:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when


def _dateutil(text: str) -> datetime | None:
    from dateutil import parser

    try:  # the same text read with two defaults: a part it lacks (year, month, day) shows as a difference
        one = parser.parse(text, default=datetime(1901, 1, 1), ignoretz=True)
        two = parser.parse(text, default=datetime(1902, 2, 2), ignoretz=True)
    except (ValueError, OverflowError):
        return None
    return one if one.date() == two.date() else None


@dataclass(slots=True)
class _Author:
    name: str
    source: str
    scores: dict[str, Running]
    n_comments: int = 0
    n_articles: int = 0
    n_replies_given: int = 0
    n_replies_received: int = 0
    n_toxic: int = 0
    n_flagged: int = 0
    tone_gap: Running = field(default_factory=Running)
    first: tuple[datetime, str] | None = None
    last: tuple[datetime, str] | None = None
    last_page: int = -1


class AuthorTally:
    """Running sums per author over the pages fed to :meth:`add`, in the order they are fed."""

    def __init__(self, score_columns: Sequence[str]) -> None:
        self.columns = tuple(score_columns)
        self.authors: dict[tuple[str, str], _Author] = {}
        self.anonymous = 0
        """Comments under an anonymous or placeholder name: counted, never attributed."""
        self._pages = 0

    def add(self, comments: Sequence[dict[str, Any]], source: str) -> None:
        """Add one page's comment rows; ``source`` is the page's ``source`` (see ``source_of``)."""
        page, self._pages = self._pages, self._pages + 1
        where = source_of(source)
        key_of = {row["comment_id"]: person_key(row["author"]) for row in comments}
        for row in comments:
            person = key_of[row["comment_id"]]
            if person is None:
                self.anonymous += 1
            else:
                self._count(self._author(where, person, row["author"]), row, page)
        for row in comments:
            person = key_of[row["comment_id"]]
            if row["parent_id"] not in key_of:
                continue
            answered = key_of[row["parent_id"]]
            if person is not None:
                self.authors[(where, person)].n_replies_given += 1
            if answered is not None and answered != person:
                self.authors[(where, answered)].n_replies_received += 1

    def _author(self, where: str, person: str, name: str) -> _Author:
        author = self.authors.get((where, person))
        if author is None:
            author = _Author(" ".join(name.split()), where, {col: Running() for col in self.columns})
            self.authors[(where, person)] = author
        return author

    def _count(self, author: _Author, row: dict[str, Any], page: int) -> None:
        author.n_comments += 1
        if author.last_page != page:
            author.n_articles += 1
            author.last_page = page
        for col, running in author.scores.items():
            value = row.get(col)
            if type(value) is float:  # ``Running.add`` inlined for the usual value, a float
                if value == value:
                    running.n += 1
                    running.total += value
                    running.squares += value * value
                    if value > running.top:
                        running.top = value
            else:
                running.add(value)
        if TOXICITY in row and known(row[TOXICITY]):
            author.n_flagged += 1
            author.n_toxic += bool(row["toxic"])
        author.tone_gap.add(row.get("tone_gap"))
        when = parse_time(row.get("posted_at"))
        if when is not None:
            stamp = (when, when.isoformat())
            author.first = stamp if author.first is None or stamp[0] < author.first[0] else author.first
            author.last = stamp if author.last is None or stamp[0] > author.last[0] else author.last

    def rows(self, min_comments: int) -> Rows:
        """authors.csv: by source, then most comments first. ``toxicity_rank`` ranks the authors with at
        least ``min_comments`` comments by the lower end of their share_toxic interval (1 = highest)."""
        out = []
        for _, a in sorted(self.authors.items(), key=lambda item: (item[0][0], -item[1].n_comments, item[0][1])):
            low, high = wilson(a.n_toxic, a.n_flagged)
            row: dict[str, Any] = {
                "source": a.source,
                "author": a.name,
                "n_articles": a.n_articles,
                "n_comments": a.n_comments,
                "n_replies_given": a.n_replies_given,
                "n_replies_received": a.n_replies_received,
            }
            for col, running in a.scores.items():
                row[f"mean_{col}"] = running.mean
                row[f"max_{col}"] = running.max
            if TOXICITY in self.columns:
                row |= {
                    "n_toxic": a.n_toxic,
                    "share_toxic": a.n_toxic / a.n_flagged if a.n_flagged else math.nan,
                    "share_toxic_low": low,
                    "share_toxic_high": high,
                    "toxicity_rank": None,
                }
            if TONE in self.columns:
                row["mean_tone_gap"] = a.tone_gap.mean
            row["first_posted_at"] = a.first[1] if a.first else None
            row["last_posted_at"] = a.last[1] if a.last else None
            out.append(row)
        if TOXICITY in self.columns:
            ranked = [row for row in out if row["n_comments"] >= min_comments and known(row["share_toxic"])]
            ranked.sort(
                key=lambda r: (-r["share_toxic_low"], -r["share_toxic"], -r["n_comments"], r["source"], r["author"])
            )
            for rank, row in enumerate(ranked, 1):
                row["toxicity_rank"] = rank
        return tuple(out)
