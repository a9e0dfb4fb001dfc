"""What a comment is aimed at: another commenter, the article or its author, a named person or
organisation, or nothing in particular. Rules, tried in order; the first that applies decides.

The rules read the comment's own words (``quotes``: what it quotes is not what it says) and are a
table (``RULES``), each with examples it must and must not match, like the parser's cue table. The
README says how the rules were checked against hand labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

#: the values of comments.csv's ``target`` column, in the order charts show them
TARGETS = ("commenter", "article", "named", "none")

SECOND_PERSON = re.compile(
    r"(?<![\w.’'@])(?:you|your|yours|yourself|yourselves|you['’](?:re|ve|d|ll)|youre|ya|u|ur)(?![\w’'.@]|[’']\w)",
    re.IGNORECASE,
)
AT_MENTION = re.compile(r"(?<![\w@])@[^\W\d_][\w.-]*")
ARTICLE = re.compile(
    r"\b(?:the|this|that|your|ur|such\s+an?|what\s+an?)\s+(?:\w+\s+)?"
    r"(?:author|writer|journalist|reporter|columnist|editor|article|piece|op-?ed|column|headline|"
    r"story|rag|hack)s?\b"
    r"|\bwho(?:ever)?\s+wrote\s+(?:this|that)\b|\bfake\s+news\b|\bclick-?bait\b|\bhit\s+piece\b"
    r"|\bpropaganda\s+(?:piece|article|outlet)\b|\byellow\s+journalism\b|\bjournalis(?:m|ts?)\s+(?:these\s+days|today)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """What the rules read of a comment."""

    own_words: str
    is_reply: bool
    commenters: Collection[str] = ()
    """The other commenters of the page that its own words name (``CommenterNames``)."""
    entities: Collection[str] = ()
    """The named people and organisations its own words mention (``entities``)."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


_WORD = re.compile(r"\w+")
#: the most words of a commenter's name that are looked for in a text
MAX_NAME_WORDS = 5


class CommenterNames:
    """Finds the page's commenters named in a text (their names as whole words, three characters or more).

    Names are looked up word n-gram by word n-gram in a set, so the cost grows with the length of the
    text, not with the number of commenters a page has."""

    def __init__(self, names: Collection[str]) -> None:
        self.keys = {
            words for name in names if len(name.strip()) >= 3 and 0 < len(words := _words(name)) <= MAX_NAME_WORDS
        }
        self.longest = max((len(words) for words in self.keys), default=0)
        self.first_words = {words[0] for words in self.keys}

    def named(self, text: str, *, author: str | None) -> tuple[str, ...]:
        """The names in ``text`` of commenters other than ``author``."""
        if not self.keys:
            return ()
        found_words = _WORD.findall(text.casefold())
        if self.first_words.isdisjoint(found_words):
            return ()  # most texts: no word begins a name
        words = tuple(found_words)
        own = _words(author) if author else None
        found = {
            gram
            for i, word in enumerate(words)
            if word in self.first_words  # most words begin no name: only these are read on
            for n in range(1, min(self.longest, len(words) - i) + 1)
            if (gram := words[i : i + n]) in self.keys and gram != own
        }
        return tuple(sorted(" ".join(gram) for gram in found))


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    name: str
    target: str
    says: str
    applies: Callable[[Comment], bool]
    examples: tuple[Comment, ...] = ()
    """Comments the rule must match."""
    counter_examples: tuple[Comment, ...] = ()
    """Comments it must not match."""


def _reply(text: str, commenters: Collection[str] = ()) -> Comment:
    return Comment(own_words=text, is_reply=True, commenters=CommenterNames(commenters).named(text, author=None))


def _top(text: str, commenters: Collection[str] = ()) -> Comment:
    return Comment(own_words=text, is_reply=False, commenters=CommenterNames(commenters).named(text, author=None))


RULES: tuple[Rule, ...] = (
    Rule(
        name="at-mention",
        target="commenter",
        says="addresses someone with @name",
        applies=lambda c: "@" in c.own_words and bool(AT_MENTION.search(c.own_words)),
        examples=(_top("@mike_t read it again."),),
        counter_examples=(_top("write to me at joe@example.org"),),
    ),
    Rule(
        name="reply-in-second-person",
        target="commenter",
        says="a reply that says you/your: it speaks to the comment it answers",
        applies=lambda c: c.is_reply and bool(SECOND_PERSON.search(c.own_words)),
        examples=tuple(
            map(_reply, ("You clearly did not read it.", "your logic is broken", "u r wrong", "You're nuts"))
        ),
        counter_examples=(
            *map(_reply, ("Trump is wrong.", "The U.S. is wrong.", "Youth unemployment is high.")),
            _top("You should all read this."),
        ),
    ),
    Rule(
        name="names-a-commenter",
        target="commenter",
        says="names another commenter of the page (a top-level comment must also say you/your)",
        applies=lambda c: bool(c.commenters) and (c.is_reply or bool(SECOND_PERSON.search(c.own_words))),
        examples=(_top("Tony, you are wrong.", ["Tony"]), _reply("Tony is wrong.", ["Tony"])),
        counter_examples=(_top("Tony is right.", ["Tony"]), _top("Antonym, you say?", ["Tony"])),
    ),
    Rule(
        name="the-article",
        target="article",
        says='speaks of the article or its author: "the author", "this article", "the journalist", "fake news", …',
        applies=lambda c: bool(ARTICLE.search(c.own_words)),
        examples=tuple(
            map(
                _top,
                ("This author just made up bullshit.", "What a biased piece", "fake news again", "who wrote this?"),
            )
        ),
        counter_examples=tuple(map(_top, ("The authorities acted.", "News from Kyiv", "Russia always maintained it."))),
    ),
    Rule(
        name="top-level-in-second-person",
        target="article",
        says="a top-level comment that says you/your: it speaks to the page, so to its author",
        applies=lambda c: not c.is_reply and bool(SECOND_PERSON.search(c.own_words)),
        examples=(_top("You seriously crack me up."), _top("Ree, your photos are great")),
        counter_examples=(_reply("You seriously crack me up."), _top("Trump is wrong.")),
    ),
    Rule(
        name="named-entity",
        target="named",
        says="mentions a named person, organisation or place (entities.py) in its own words",
        applies=lambda c: bool(c.entities),
        examples=(Comment(own_words="Putin is a gangster.", is_reply=False, entities=("Putin",)),),
        counter_examples=(_top("He is a gangster."),),
    ),
    Rule(
        name="reply",
        target="commenter",
        says="any other reply: it answers the comment above it",
        applies=lambda c: c.is_reply,
        examples=(_reply("What nonsense."),),
        counter_examples=(_top("What nonsense."),),
    ),
)


def target_of(comment: Comment) -> tuple[str, str]:
    """(target, the name of the rule that decided it); ``("none", "")`` when no rule applies."""
    for rule in RULES:
        if rule.applies(comment):
            return rule.target, rule.name
    return "none", ""
