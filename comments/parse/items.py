"""Comment items of an HTML page, and the comment each item holds.

Items are found with the selector table (``selectors.py``) or, where no selector
names them, by their structure (``structure.py``). Each item's author, time and
body come from its markup (the selector table again), else from a header or footer
line of its own text that the text cues recognise (``Posted by: NAME | DATE``,
``NAME says:``); its place in the reply tree comes from nesting, or from
WordPress's ``depth-N`` class on flat lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from lxml import html
from lxml.cssselect import CSSSelector

from comments.model import Comment
from comments.parse import selectors, tuning
from comments.parse.comment_cues import INTERFACE_LINE_CUES
from comments.parse.presence import Presence
from comments.parse.render import text_lines
from comments.parse.structure import author_element, body_element, key_of, time_element
from comments.parse.thread import DATE_TIME_PATTERN, MARK_TABLE, not_a_name
from comments.parse.words import SAYS

_DEPTH_CLASS = re.compile(r"\bdepth-(\d+)\b")
_INDENT_STYLE = re.compile(r"(?:margin|padding)-left\s*:\s*(\d{1,4}(?:\.\d+)?)\s*(?:px|em|rem)", re.IGNORECASE)
_AUTHOR_NOISE = re.compile(
    r"^\s*(?:by|posted by|written by|from|von|par|por)\s*:?\s+"
    rf"|\s+(?:{SAYS})\s*(?:\.{{3}}|…|:)?\s*$"
    r"|\s*:\s*$",
    re.IGNORECASE,
)
#: a form holding this much text is a page wrapped in a form (ASP.NET), not a reply form
PAGE_FORM_CHARS = 20_000
#: what is left of a date where the name should be, when nothing is left of a name
_NOT_NAME_CHARS = re.compile(r"[\W_]+")
#: an author name is never longer than this
AUTHOR_MAX_CHARS = 120
#: a comment's header (name, time, controls) beside its text holds at most this many words
HEADER_MAX_WORDS = 30


@cache
def css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(
    table: str, selector: str, root: html.HtmlElement, presence: Presence | None = None
) -> list[html.HtmlElement]:
    """The elements ``selector`` of the selector table ``table`` finds under ``root`` (none when tuned off);
    ``presence``, of ``root`` or an element above it, skips a selector that names what the tree lacks."""
    name = f"{table}:{selector}"
    if tuning.is_off(name) or (presence is not None and not presence.may_match(selector)):
        return []
    found: list[html.HtmlElement] = css(selector)(root)
    if found:
        tuning.touch(name)
    return found


def select_parts(
    table: str, selectors_: str, root: html.HtmlElement, presence: Presence | None = None
) -> list[html.HtmlElement]:
    """The elements any part of a comma-separated selector finds, in document order: one pass over the page
    (a part that names what the tree lacks finds nothing, and is left out of it)."""
    parts = [part.strip() for part in selectors_.split(",")]
    on = [
        part
        for part in parts
        if not tuning.is_off(f"{table}:{part}") and (presence is None or presence.may_match(part))
    ]
    if not on:
        return []
    if tuning.tracing():
        for part in on:
            if css(part)(root):
                tuning.touch(f"{table}:{part}")
    found: list[html.HtmlElement] = css(", ".join(on))(root)
    return found


def is_interface(line: str) -> bool:
    return any(cue.search(line) for cue in INTERFACE_LINE_CUES)


def find_selector_items(root: html.HtmlElement, presence: Presence | None = None) -> list[html.HtmlElement]:
    """The items of the first item selector whose items hold enough words to be a comment section."""
    floor = tuning.value("min_section_words")
    in_forms: set[html.HtmlElement] | None = None
    for _, selector in selectors.ITEM_SELECTORS:
        found = select_parts("item", selector, root, presence)
        if not found:
            continue
        if in_forms is None:
            in_forms = in_reply_forms(root)
        items = without_wrappers([el for el in found if el.tag != "form" and el not in in_forms])
        if items and words_of(items) >= floor:
            return widened(items)
    return []


def in_reply_forms(root: html.HtmlElement) -> set[html.HtmlElement]:
    """Every element inside a form or text area, unless the form wraps a whole page (ASP.NET). (A saved reply
    form may have lost its fields, which a script fills in: no items come from inside any form.)"""
    inside: set[html.HtmlElement] = set()
    for form in root.iter("form", "textarea"):
        if form.tag == "textarea" or len(form.text_content()) <= PAGE_FORM_CHARS:
            inside.update(form.iterdescendants())
    return inside


def has_fields(form: html.HtmlElement) -> bool:
    """Whether a form shows something to write in or press: a text area, a visible input, a choice, a button.

    Inside a comment, a form without any wraps the comment's own text for editing in place (Reddit)."""
    return any(
        el.tag in ("textarea", "select", "button") or (el.tag == "input" and (el.get("type") or "text") != "hidden")
        for el in form.iter("textarea", "select", "button", "input")
    )


def words_of(elements: Iterable[html.HtmlElement]) -> int:
    """Words of the elements' text, each counted apart (nested replies count in their parents too, as
    blocks run their words together in ``text_content``)."""
    return sum(len(el.text_content().split()) for el in elements)


def without_wrappers(items: list[html.HtmlElement]) -> list[html.HtmlElement]:
    """Drop items that are a part of another item rather than a reply to it.

    An inner item whose id extends the outer one's (``#comment-12`` and ``#comment-12-content``) is
    the outer one's body. (A rule by share of text would also swallow real chains of single replies.)
    """
    owners = Owners(items)
    children: dict[int, list[int]] = {}
    for i, element in enumerate(items):
        owner = owners.of(element)
        if owner is not None:
            children.setdefault(owner, []).append(i)
    parts: set[int] = set()
    for outer, inner in children.items():
        outer_id = items[outer].get("id")
        if outer_id:
            parts.update(i for i in inner if (items[i].get("id") or "").startswith((f"{outer_id}-", f"{outer_id}_")))
        # a reply is built like the comment it answers; an inner block of another build with no author and
        # no time of its own, in an item whose author or time stands beside it (``div#comment-body-12`` in
        # ``div#comment-item-12``), is the outer one's body
        shape = key_of(items[outer])
        nested = {items[i] for i in inner}
        parts.update(i for i in inner if key_of(items[i]) != shape and _is_body(items[i], items[outer], nested))
    return [el for i, el in enumerate(items) if i not in parts]


def _is_body(inner: html.HtmlElement, outer: html.HtmlElement, nested: set[html.HtmlElement]) -> bool:
    """Whether ``inner`` is a part of ``outer``: it has no author and no time, and ``outer`` has one of its own
    (outside every item nested in it)."""
    if author_element(inner) is not None or time_element(inner) is not None:
        return False
    return author_element(outer, stop=nested) is not None or time_element(outer, stop=nested) is not None


def widened(items: list[html.HtmlElement]) -> list[html.HtmlElement]:
    """Items that hold neither author nor time, each replaced by the nearest ancestor holding that item alone
    and an author or a time: a selector can name a comment's text block (``div.comment``) while its header sits
    beside it in the row or box that is the comment."""
    if len(items) < 2 or any(author_element(el) is not None or time_element(el) is not None for el in items[:3]):
        return items
    index = set(items)
    out = []
    for element in items:
        chosen = element
        words = len(element.text_content().split())
        for ancestor in element.iterancestors():
            if ancestor.tag in ("body", "html") or any(el in index for el in ancestor.iter() if el is not element):
                break
            if len(ancestor.text_content().split()) > words + HEADER_MAX_WORDS:
                break  # more than a header beside the text: a block of the page, not the comment
            if author_element(ancestor) is not None or time_element(ancestor) is not None:
                chosen = ancestor
                break
        out.append(chosen)
    return out if len(set(out)) == len(out) else items


def clean_author(text: str) -> str | None:
    text = " ".join(text.split())
    for _ in range(2):  # "Posted by: Ann says:" carries noise at both ends
        text = _AUTHOR_NOISE.sub("", text).strip()
    return None if not_a_name(text) else text[:AUTHOR_MAX_CHARS]


class Owners:
    """Which comment item each element of the page belongs to: its nearest ancestor item."""

    def __init__(self, items: Sequence[html.HtmlElement]) -> None:
        self.index = {el: i for i, el in enumerate(items)}
        # the nearest item at or above an element, remembered along every path walked: threads nest
        # hundreds deep, and every author, time and body element asks
        self._at_or_above: dict[html.HtmlElement, int | None] = {}

    def of(self, element: html.HtmlElement) -> int | None:
        parent = element.getparent()
        return None if parent is None else self._nearest(parent)

    def _nearest(self, element: html.HtmlElement) -> int | None:
        walked = []
        node: html.HtmlElement | None = element
        found: int | None = None
        while node is not None:
            if node in self._at_or_above:
                found = self._at_or_above[node]
                break
            if node in self.index:
                found = self.index[node]
                break
            walked.append(node)
            node = node.getparent()
        for seen in walked:
            self._at_or_above[seen] = found
        return found

    def first_per_item(
        self,
        table: str,
        root: html.HtmlElement,
        selector_list: Iterable[str],
        *,
        need_text: bool = False,
        presence: Presence | None = None,
    ) -> dict[int, html.HtmlElement]:
        """For each item, the first element matched by the earliest selector in the list that matches in it
        (with ``need_text``, that shows some text: an avatar's empty box is no name)."""
        found: dict[int, html.HtmlElement] = {}
        for selector in selector_list:
            if len(found) == len(self.index):
                break  # every item has its part: later selectors cannot change a first match
            for element in select(table, selector, root, presence):
                owner = self.of(element)
                if owner is not None and owner not in found and (not need_text or element.text_content().strip()):
                    found[owner] = element
        return found

    def all_per_item(
        self, table: str, root: html.HtmlElement, selector_list: Iterable[str], *, presence: Presence | None = None
    ) -> dict[int, list[html.HtmlElement]]:
        found: dict[int, list[html.HtmlElement]] = {}
        for selector in selector_list:
            for element in select(table, selector, root, presence):
                owner = self.of(element)
                if owner is not None:
                    found.setdefault(owner, []).append(element)
        return found


def author_line(lines: Sequence[str]) -> tuple[int, str, str | None] | None:
    """(index, author, time) of a header or footer line among a comment's first and last lines."""
    reach = int(tuning.value("author_line_reach"))
    for at in dict.fromkeys([*range(min(reach, len(lines))), *range(max(0, len(lines) - reach), len(lines))]):
        found = MARK_TABLE.first(lines[at])
        author = found[1].groupdict().get("author") if found is not None else None
        cleaned = clean_author(author) if author else None
        if cleaned and not DATE_TIME_PATTERN.search(cleaned):
            stamp = DATE_TIME_PATTERN.search(lines[at])
            return at, cleaned, stamp.group(0) if stamp else None
    return None


def _dt_header(element: html.HtmlElement) -> html.HtmlElement | None:
    """The ``dt`` a definition-list comment body (``dd``) belongs to."""
    header = element.getprevious()
    while header is not None and header.tag != "dt":
        header = header.getprevious()
    return header


def comments_of(
    items: Sequence[html.HtmlElement], section: html.HtmlElement, *, structural: bool = False
) -> tuple[Comment, ...]:
    """The comments of ``items``; every part of an item is looked for inside ``section``, which holds them all.

    Items found by their ``structural`` marks (no selector named them) take as their body the block
    that holds most of their words, when one does (a forum post beside its author's profile box).
    """
    owners = Owners(items)
    parents = [owners.of(el) for el in items]
    nested: dict[int, list[html.HtmlElement]] = {}
    for i, element in enumerate(items):
        ancestor = parents[i]
        while ancestor is not None:
            nested.setdefault(ancestor, []).append(element)
            ancestor = parents[ancestor]
    # some hundred selectors, each a walk over the section, and a section holds few of the names they look for
    presence = Presence(section)
    authors = owners.first_per_item("author", section, selectors.AUTHOR_SELECTORS, need_text=True, presence=presence)
    times = owners.first_per_item("time", section, selectors.TIME_SELECTORS, need_text=True, presence=presence)
    bodies = owners.first_per_item("body", section, selectors.BODY_SELECTORS, presence=presence)
    interface = owners.all_per_item("interface", section, selectors.INTERFACE_SELECTORS, presence=presence)
    for controls in interface.values():
        controls[:] = [el for el in controls if el.tag != "form" or has_fields(el)]

    comments: list[Comment] = []
    indents = _indents(items) if all(p is None for p in parents) else None
    open_indents: list[tuple[float, str]] = []
    last_at_depth: dict[int, str] = {}
    depth_of: dict[str, int] = {}
    kept_parent: dict[str, str | None] = {}  # a comment's id, or for a left-out item the parent its replies take
    for i, element in enumerate(items):
        skip = {*nested.get(i, ()), *interface.get(i, ())}
        author_el, time_el = authors.get(i), times.get(i)
        if element.tag == "dd" and (author_el is None or time_el is None):
            header = _dt_header(element)
            if header is not None:
                header_owners = Owners([header])
                if author_el is None:
                    found_author = header_owners.first_per_item("author", header, selectors.AUTHOR_SELECTORS)
                    author_el = found_author.get(0, header)
                if time_el is None:
                    time_el = header_owners.first_per_item("time", header, selectors.TIME_SELECTORS).get(0)
        if author_el is None or time_el is None:
            replies = set(nested.get(i, ()))
            author_el = author_element(element, stop=replies) if author_el is None else author_el
            time_el = time_element(element, stop=replies) if time_el is None else time_el
        elif DATE_TIME_PATTERN.search(author_el.text_content()):
            # a byline element holding name and date ("von NAME » DATE"): the name inside it
            inner = author_element(author_el)
            author_el = author_el if inner is None else inner
        body_el = bodies.get(i)
        if body_el is None and structural:
            body_el = body_element(element, {el for el in (author_el, time_el) if el is not None} | skip)
        if body_el is not None:
            lines = text_lines(body_el, skip)
        else:
            lines = text_lines(element, skip | {el for el in (author_el, time_el) if el is not None})
        author = clean_author(" ".join(text_lines(author_el, skip))) if author_el is not None else None
        posted_at = " ".join(text_lines(time_el, skip)) if time_el is not None else None
        lines = [line for line in lines if not is_interface(line)]
        if author is None or DATE_TIME_PATTERN.search(author):
            # no name in the markup (or a date where the name should be): a "Posted by: NAME | DATE"
            # or "NAME says:" line of the comment's own text
            found = author_line(lines)
            if found is not None:
                at, author, stamp = found
                posted_at = posted_at or stamp
                del lines[at]
            elif author_el is not None and DATE_TIME_PATTERN.search(author_el.text_content()):
                # the element taken for the name is the comment's permalink, which shows its date: the name
                # stands in the byline around it ("Posted by: Ann | <a>DATE</a>", which the page's source may
                # break over lines a browser shows as one), or in the item's header outside its body
                byline = _byline(author_el, element)
                found = author_line([" ".join(text_lines(byline, skip))]) if byline is not None else None
                if found is not None and byline is not None:
                    dropped = {byline} if time_el is None else {byline, time_el}
                    lines = text_lines(body_el if body_el is not None else element, skip | dropped)
                    lines = [line for line in lines if not is_interface(line)]
                elif body_el is not None:
                    found = author_line(text_lines(element, skip | {body_el, author_el}))
                if found is not None:
                    _, author, stamp = found
                    posted_at = posted_at or stamp
                elif author is not None and not _NOT_NAME_CHARS.sub("", DATE_TIME_PATTERN.pattern.sub("", author)):
                    # a date alone is no name: it is the comment's time
                    posted_at = posted_at or author
                    author = None
        text = "\n".join(lines)
        depth_class = _DEPTH_CLASS.search(element.get("class", ""))
        parent: str | None = None
        owner = parents[i]
        if owner is not None:
            parent = kept_parent[f"c{owner + 1}"]
        elif depth_class and int(depth_class.group(1)) > 1:
            # WordPress counts depth from 1: the parent of a depth-N item is the last one at depth N - 1,
            # which this parser counts from 0
            parent = last_at_depth.get(int(depth_class.group(1)) - 2)
        elif (answered := _answered(element, section, owners.index)) is not None:
            parent = kept_parent[f"c{answered + 1}"]
        elif indents is not None:
            # a flat list indented by hand (Hacker News' indent="N", margin-left): the last item less indented
            while open_indents and open_indents[-1][0] >= indents[i]:
                open_indents.pop()
            parent = kept_parent[open_indents[-1][1]] if open_indents else None
            open_indents.append((indents[i], f"c{i + 1}"))
        depth = 0 if parent is None else depth_of[parent] + 1
        comment_id = f"c{i + 1}"
        if not (text or author):
            # an empty item is left out; its replies answer its parent
            kept_parent[comment_id] = parent
            continue
        kept_parent[comment_id] = comment_id
        depth_of[comment_id] = depth
        last_at_depth[depth] = comment_id
        for deeper in [d for d in last_at_depth if d > depth]:
            del last_at_depth[deeper]
        comments.append(
            Comment(id=comment_id, author=author, parent_id=parent, depth=depth, text=text, posted_at=posted_at or None)
        )
    return tuple(comments)


def _indents(items: Sequence[html.HtmlElement]) -> list[float] | None:
    """How far each item is indented by its markup, when they differ: an ``indent`` attribute, or a left margin
    or padding in an inline style, on the first element of the item's own stretch of the page that has one."""
    found: list[float] = []
    index = set(items)
    for item in items:
        value = 0.0
        # the item's own stretch of the page: up to the largest block that holds no other item (its table row)
        region = item
        for ancestor in item.iterancestors():
            if any(el in index and el is not item for el in ancestor.iter()):
                break
            region = ancestor
        for element in region.iter():
            if not isinstance(element.tag, str):
                continue
            if (indent := element.get("indent")) is not None and indent.strip().isdigit():
                value = float(indent)
                break
            if (style := _INDENT_STYLE.search(element.get("style") or "")) is not None:
                value = float(style.group(1))
                break
        found.append(value)
    return found if len(set(found)) > 1 else None


def _answered(item: html.HtmlElement, section: html.HtmlElement, index: dict[html.HtmlElement, int]) -> int | None:
    """The item a reply answers when replies are not nested in it but follow it in a block of their own
    (Drupal's ``div.indented``): the item just before the block that holds this one."""
    node = item
    while (parent := node.getparent()) is not None and parent is not section:
        before = parent.getprevious()
        # an empty anchor (<a id="comment-5">) or an HTML comment between them: passed by
        while before is not None and (not isinstance(before.tag, str) or not before.text_content().strip()):
            before = before.getprevious()
        if before is not None:
            # an item right before the block (a wrapper of an item before it is a list of wrapped items)
            return index.get(before)
        node = parent
    return None


def section_root(items: Sequence[html.HtmlElement]) -> html.HtmlElement | None:
    """The smallest element holding every comment item."""
    if not items:
        return None
    common = [items[0], *items[0].iterancestors()]
    for element in items[1:]:
        ancestors = {element, *element.iterancestors()}
        common = [a for a in common if a in ancestors]
    return common[0] if common else None


def _byline(author_el: html.HtmlElement, item: html.HtmlElement) -> html.HtmlElement | None:
    """The block around an author element that reads as a date: the byline it is the permalink of, when that
    block is part of the item and short (a header or footer, not the comment)."""
    byline = author_el.getparent()
    if byline is None or byline is item or not isinstance(byline.tag, str):
        return None
    if len(byline.text_content()) > AUTHOR_MAX_CHARS * 2 or item not in byline.iterancestors():
        return None
    return byline
