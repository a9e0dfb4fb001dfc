"""Exceptions raised by the comments package.

Hierarchy::

    CommentsError                 base of everything this package raises on purpose
    ├── SettingsError             an option has a value it cannot take, or options that cannot go together
    ├── InputError                a path cannot be read as a page (missing, empty, binary, undecodable)
    ├── ParseError                a page was read but its content cannot be parsed
    │   └── CompanionFile         the file describes the articles of another export and holds no comments
    └── ScorerUnavailable         a scorer's model or package cannot be loaded here

Every message names the file (when there is one), says what is wrong and what to do.
"""

from __future__ import annotations


class CommentsError(Exception):
    """Base class for the errors this package raises on purpose."""

    #: short name of the pipeline stage the error belongs to (used in errors.csv)
    stage = "run"


class SettingsError(CommentsError):
    """An option has a value it cannot take, or two options cannot go together."""

    stage = "settings"


class InputError(CommentsError):
    """A path cannot be read as a page."""

    stage = "read"


class ParseError(CommentsError):
    """A page was read but cannot be parsed."""

    stage = "parse"


class CompanionFile(ParseError):
    """A file that describes the articles of a comment export beside it (Reddit submissions, NYT
    articles): it is joined to that export and holds no page of its own. A run skips it."""


class ScorerUnavailable(CommentsError):
    """A scorer cannot be loaded on this machine."""

    stage = "score"
