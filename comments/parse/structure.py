"""Comment lists found by their structure, not their names: repeated sibling blocks that each carry comment marks.

A comment system renders every comment with one template, so a page's comments are
sibling elements of one tag and first class, and each carries some of the marks of
a comment: an *author* (an element whose class or itemprop says name or user, a link
to a profile page, a ``<cite>``, a ``NAME says:`` or ``Posted by: NAME`` line), a
*time stamp* (a ``<time>`` element, a date or a relative time on a short line), a
*control* (a reply, quote or permalink link or button) and a *record id* (the
comment's number in the id of the element or of an anchor inside it). Every group of
such siblings is scored by how many of its blocks carry at least two marks and some
words; navigation (mostly links) and lists of article teasers (headings that link
away) do not count. The best group wins; replies nested inside its items take the
same tag and class and are found from it. None of this names a site, a theme or a
language: the words below are what comment systems call these parts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from lxml import html

from comments.parse import tuning
from comments.parse.comment_cues import DATE, INTERFACE_LINE_CUES
from comments.parse.render import BLOCK_TAGS, text_lines
from comments.parse.thread import DATE_TIME_PATTERN, MARK_TABLE

# what class names, ids and itemprops call an author, a time and a control, in the languages seen most
_NAME_HINT = re.compile(
    r"author|user|(?<![a-z])(?:name|nick|fn|byline|poster|member|commenter|autor|auteur|usuario|pseudo|benutzer)",
    re.IGNORECASE,
)
_TIME_HINT = re.compile(r"date|time|stamp|posted|datum|fecha|heure|zeit|published|created", re.IGNORECASE)
_CONTROL_HINT = re.compile(r"reply|respond|answer|permalink|quote|antwort|repondre|répondre|responder", re.IGNORECASE)
_CONTROL_HREF = re.compile(
    r"replytocom|#respond|[?&/#]reply|antworten|repondre|responder|permalink|#comments?[-_]?\d|#c\d|comment_?id=\d",
    re.IGNORECASE,
)
_PROFILE_HREF = re.compile(
    r"/(?:users?|profiles?|profil|perfil|members?|author|autor|benutzer|usuario|u)/", re.IGNORECASE
)
_DIGITS = re.compile(r"\d")
#: a machine-readable time in a tooltip (``title="2024-03-04T17:12:08"``): the element shows when it was posted
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DATE_PATTERN = re.compile(DATE, re.IGNORECASE)
_CONTROL_WORDS = next(cue for cue in INTERFACE_LINE_CUES if cue.name == "control_words")
#: an author's name, a time or a control is a short text
SHORT_WORDS = 8
#: a line of at most this many words can be a time stamp line
STAMP_LINE_WORDS = 12
#: a block with fewer words than this says nothing (an empty template, a spacer)
ITEM_MIN_WORDS = 4
#: a group whose words are mostly link text is navigation, not comments
MAX_LINK_SHARE = 0.5
_HEADINGS = ("h1", "h2", "h3")
#: a comment's body holds at least this share of its item's words (the rest: profile box, title, signature)
BODY_SHARE = 0.4
#: a heading linking to another page with at least this many words is an article teaser's title
TEASER_WORDS = 3
#: attributes that carry a record's number: data-id, data-post-id, data-comment-id, …
_RECORD_ATTR = re.compile(r"data-(?:[a-z]+-)?id")


@dataclass(frozen=True, slots=True)
class Marks:
    """The marks of a comment one block carries."""

    author: bool
    time: bool
    control: bool
    record: bool
    words: int
    """words on lines that are not marks: what the commenter wrote"""
    link_words: int
    teaser: bool

    @property
    def count(self) -> int:
        return self.author + self.time + self.control + self.record

    @property
    def good(self) -> bool:
        return self.count >= 2 and self.words >= ITEM_MIN_WORDS and not self.teaser


@dataclass(frozen=True, slots=True)
class Group:
    items: tuple[html.HtmlElement, ...]
    key: tuple[str, str]
    good: int
    marks: int
    words: int


def _attrs(element: html.HtmlElement) -> str:
    return " ".join(filter(None, (element.get("class"), element.get("id"), element.get("itemprop"))))


def _short(element: html.HtmlElement) -> bool:
    words = len(element.text_content().split())
    return 0 < words <= SHORT_WORDS


def author_element(item: html.HtmlElement, stop: Collection[html.HtmlElement] = ()) -> html.HtmlElement | None:
    """The first element inside ``item`` (not inside ``stop``: its replies) that its markup marks as the
    commenter's name, if any."""
    return _first_inside(item, stop, _is_author)


def time_element(item: html.HtmlElement, stop: Collection[html.HtmlElement] = ()) -> html.HtmlElement | None:
    """The first ``<time>`` inside ``item`` (not inside ``stop``), or element its markup marks as a date or time
    that shows a short text with a digit."""
    return _first_inside(item, stop, _is_time)


def _first_inside(
    item: html.HtmlElement, stop: Collection[html.HtmlElement], found: Callable[[html.HtmlElement], bool]
) -> html.HtmlElement | None:
    """The first element inside ``item`` in document order, not inside ``stop``, that ``found`` accepts."""
    stack = list(reversed(item))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or element in stop:
            continue
        if found(element):
            return element
        stack.extend(reversed(element))
    return None


def _is_author(element: html.HtmlElement) -> bool:
    attrs = _attrs(element)
    named = (
        (attrs and _NAME_HINT.search(attrs) and not _TIME_HINT.search(attrs))
        or element.tag == "cite"
        or "author" in (element.get("rel") or "")
        or (element.tag == "a" and _PROFILE_HREF.search(element.get("href") or ""))
    )
    return bool(named) and _short(element) and not _DIGITS.fullmatch(element.text_content().strip())


def _is_time(element: html.HtmlElement) -> bool:
    attrs = _attrs(element)
    marked = (
        element.tag == "time"
        or (attrs and _TIME_HINT.search(attrs) and not _NAME_HINT.search(attrs))
        or _ISO_TIME.search(element.get("title") or "")
    )
    return bool(marked) and _short(element) and _DIGITS.search(element.text_content()) is not None


def body_element(item: html.HtmlElement, parts: Collection[html.HtmlElement]) -> html.HtmlElement | None:
    """The block inside ``item`` that holds at least ``BODY_SHARE`` of its words and none of ``parts`` (its
    author, time, replies and controls): the comment's text beside a profile box, a title and a signature."""
    total = len(" ".join(text_lines(item, parts)).split())
    best: html.HtmlElement | None = None
    best_words = 0
    for element in item.iterdescendants(*BLOCK_TAGS):
        if element in parts or any(part in parts for part in element.iterdescendants()):
            continue
        words = len(element.text_content().split())
        if words > best_words:
            best, best_words = element, words
    return best if best is not None and best_words >= BODY_SHARE * total else None


def marks_of(item: html.HtmlElement) -> Marks:
    author = time = control = False
    record = bool(_DIGITS.search(item.get("id") or ""))
    link_words = 0
    teaser = False
    for element in item.iterdescendants():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        attrs = _attrs(element)
        href = element.get("href") or ""
        if tag == "a":
            link_words += len(element.text_content().split())
            if element.get("name") and _DIGITS.search(element.get("name") or ""):
                record = True
            if _CONTROL_HREF.search(href):
                control = True
            if (
                not author
                and (_PROFILE_HREF.search(href) or "author" in (element.get("rel") or ""))
                and _short(element)
            ):
                author = True
        if tag == "time" or element.get("datetime") or _ISO_TIME.search(element.get("title") or ""):
            time = True
        if tag in _HEADINGS and any(_links_away(a) for a in element.iter("a")):
            teaser = True
        if not record and any(_RECORD_ATTR.fullmatch(name) and _DIGITS.search(v) for name, v in element.items()):
            record = True
        if not control and tag in ("a", "button") and _CONTROL_WORDS.search(" ".join(element.text_content().split())):
            control = True
        if not attrs:
            continue
        if not record and element.get("id") and _DIGITS.search(element.get("id") or ""):
            record = True
        if not author and (_NAME_HINT.search(attrs) or tag == "cite") and _short(element):
            author = not _TIME_HINT.search(attrs)
        if not time and _TIME_HINT.search(attrs) and _DIGITS.search(element.text_content()):
            time = True
        if not control and _CONTROL_HINT.search(attrs):
            control = True
    words = 0  # the words of lines that are none of the marks: what the commenter wrote
    lines = text_lines(item)
    for n, line in enumerate(lines):
        size = len(line.split())
        short = size <= STAMP_LINE_WORDS
        mark = False
        if short and (DATE_TIME_PATTERN.search(line) or _DATE_PATTERN.search(line)):
            time = mark = True
        if short and _CONTROL_WORDS.search(line):
            control = mark = True
        if n < 3 or n >= len(lines) - 3:
            found = MARK_TABLE.first(line)
            if found and found[0].role in ("header", "footer") and found[1].groupdict().get("author"):
                author = mark = True
        words += 0 if mark else size
    return Marks(author, time, control, record, words, link_words, teaser)


def _links_away(link: html.HtmlElement) -> bool:
    """A link to another page under a title of a few words: a teaser of an article, not a comment's header.

    A link to a fragment is a comment's permalink, a link to a profile its author."""
    href = link.get("href") or ""
    return "#" not in href and not _PROFILE_HREF.search(href) and len(link.text_content().split()) >= TEASER_WORDS


def key_of(element: html.HtmlElement) -> tuple[str, str]:
    """What a comment template makes the same for every comment: the tag and the first class (digits left out)."""
    classes = (element.get("class") or "").split()
    return str(element.tag), _DIGITS.sub("", classes[0].lower()) if classes else ""


def _sibling_groups(root: html.HtmlElement, min_items: int) -> Iterator[tuple[tuple[str, str], list[html.HtmlElement]]]:
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < min_items:
            continue
        buckets: dict[tuple[str, str], list[html.HtmlElement]] = defaultdict(list)
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in ("br", "hr", "img", "input", "a", "span"):
                buckets[key_of(child)].append(child)
        for key, members in buckets.items():
            if len(members) >= min_items:
                yield key, members


def _score(key: tuple[str, str], members: Sequence[html.HtmlElement]) -> Group | None:
    marks = [marks_of(member) for member in members]
    words = sum(m.words for m in marks)
    good = [m for m in marks if m.good]
    if len(good) < tuning.value("structure_min_items") or len(good) < tuning.value("structure_min_share") * len(marks):
        return None
    if sum(m.link_words for m in marks) > MAX_LINK_SHARE * max(1, words):
        return None
    return Group(tuple(members), key, len(good), sum(m.count for m in good), words)


def find_structural_items(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The items of the best-scoring group of comment-like siblings, with the replies nested in them."""
    if tuning.is_off("structure"):
        return []
    min_items = int(tuning.value("structure_min_items"))
    best: Group | None = None
    seen: set[html.HtmlElement] = set()
    for key, members in _sibling_groups(root, 2):
        # a quick look first: most sibling groups (menus, paragraphs, table rows) hold no dates and no names
        if sum(len(m.text_content().split()) for m in members) < ITEM_MIN_WORDS * min_items or members[0] in seen:
            continue
        items = _with_replies(key, members)
        seen.update(items)
        group = _score(key, items)
        if group is not None and (
            best is None or (group.good, group.marks, group.words) > (best.good, best.marks, best.words)
        ):
            best = group
    if best is None:
        return []
    tuning.touch("structure")
    return list(best.items)


def _with_replies(key: tuple[str, str], members: Sequence[html.HtmlElement]) -> list[html.HtmlElement]:
    """The group's items and every element of the same tag and class nested in them (the replies)."""
    if not key[1]:
        return list(members)
    top = members[0].getparent()
    # a group of replies inside one comment: climb to the outermost comment of the same kind
    for ancestor in top.iterancestors() if top is not None else ():
        if key_of(ancestor) == key:
            top = ancestor.getparent()
    if top is None:
        return list(members)
    return [el for el in top.iterdescendants(key[0]) if key_of(el) == key]
