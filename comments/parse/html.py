"""Parse a saved HTML page: comments from the markup, the article from what remains.

Comment items are found with the selector table (``selectors.py``); each item's
author, time and body come from its markup, and its place in the reply tree from
nesting (or WordPress's ``depth-N`` class on flat lists). The comment section is
then cut out of the document, and trafilatura, a library made for the job,
extracts the article from the rest, so no comment found can leak into it. A page
whose markup names no comments falls back to the text parser on trafilatura's
comment text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import trafilatura
from lxml import etree, html
from lxml.cssselect import CSSSelector

from comments.errors import ParseError
from comments.model import Article, Clutter, Comment, Page
from comments.parse import selectors
from comments.parse.cues import INTERFACE_LINE_CUES
from comments.parse.embeds import find_embed
from comments.parse.embeds import note as embed_note
from comments.parse.render import text_lines
from comments.parse.text import classify_blocks, parse_text
from comments.parse.thread import DATE_TIME_PATTERN, MARK_TABLE

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DEPTH_CLASS = re.compile(r"\bdepth-(\d+)\b")
_AUTHOR_NOISE = re.compile(
    r"^\s*(?:by|posted by|written by|from)\s*:?\s+|\s+(?:says|said|wrote)\s*(?:\.{3}|…|:)?\s*$|\s*:\s*$", re.IGNORECASE
)
#: a selector's items must hold this many words in all to be a comment section (not a lone widget)
MIN_SECTION_WORDS = 12
#: browsers look for a charset declaration in the first 1,024 bytes; pages saved with a BOM or a long
#: head push it further, so look a little further than they do
CHARSET_SCAN_BYTES = 4096
#: a form holding this much text is a page wrapped in a form (ASP.NET), not a reply form
PAGE_FORM_CHARS = 20_000
#: an author name is never longer than this
AUTHOR_MAX_CHARS = 120
#: a header or footer line naming the author is among a comment's first or last this many lines
AUTHOR_LINE_REACH = 2
#: the element around the items is the comment section when the items hold at least this share of its words
SECTION_ITEM_SHARE = 0.5
#: a section selector matching more than this share of the page's words is a page wrapper, not a section
SECTION_MAX_PAGE_SHARE = 0.6


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few kilobytes, if any."""
    match = _DECLARED.search(data[:CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


@cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


def _is_interface(line: str) -> bool:
    return any(cue.search(line) for cue in INTERFACE_LINE_CUES)


_PARSER = html.HTMLParser(huge_tree=True)  # comment threads nest deeper than libxml2's default limit


# characters no document may hold (control codes, surrogates, non-characters); browsers drop them too
_NOT_IN_DOCUMENTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def load_tree(text: str, *, source: str) -> html.HtmlElement:
    try:
        cleaned = _NOT_IN_DOCUMENTS.sub("", _XML_DECL.sub("", text, count=1))
        root = html.document_fromstring(cleaned, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ParseError(f"{source}: not an HTML page ({err}); give a saved page") from err
    return root


def _page_title(root: html.HtmlElement) -> str | None:
    for css in ("meta[property='og:title']", "meta[name='twitter:title']"):
        found = _selector(css)(root)
        if found and found[0].get("content", "").strip():
            return " ".join(found[0].get("content").split())
    for css in ("h1.entry-title", "h1.post-title", ".entry-title", ".post-title", "h1", "title"):
        found = _selector(css)(root)
        if found:
            title = " ".join(found[0].text_content().split())
            if title:
                return title
    return None


def _strip(root: html.HtmlElement) -> None:
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        parent = element.getparent()
        if parent is not None:
            tail = element.tail
            parent.remove(element)
            if tail:
                previous = parent[-1] if len(parent) else None
                if previous is not None and previous.tail is not None:
                    previous.tail += tail
                elif previous is not None:
                    previous.tail = tail
                else:
                    parent.text = (parent.text or "") + tail
    for element in list(root.iter(*selectors.DROP_TAGS)):
        element.drop_tree()
    for css in selectors.HIDDEN_SELECTORS:
        for element in _selector(css)(root):
            if element.getparent() is not None and element.tag not in ("html", "body"):
                element.drop_tree()


def _find_items(root: html.HtmlElement) -> list[html.HtmlElement]:
    for _, css in selectors.ITEM_SELECTORS:
        items = _without_wrappers([el for el in _selector(css)(root) if el.tag != "form" and not _in_form(el)])
        words = sum(len(el.text_content().split()) for el in items)
        if items and words >= MIN_SECTION_WORDS:
            return items
    return []


def _without_wrappers(items: list[html.HtmlElement]) -> list[html.HtmlElement]:
    """Drop items that are a part of another item rather than a reply to it.

    An inner item whose id extends the outer one's (``#comment-12`` and ``#comment-12-content``) is
    the outer one's body. (A rule by share of text would also swallow real chains of single replies.)
    """
    owners = _Owners(items)
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
    return [el for i, el in enumerate(items) if i not in parts]


def _in_form(element: html.HtmlElement) -> bool:
    return any(a.tag in ("form", "textarea") for a in element.iterancestors()) and not any(
        a.tag == "form" and len(a.text_content()) > PAGE_FORM_CHARS for a in element.iterancestors()
    )


def _clean_author(text: str) -> str | None:
    text = " ".join(text.split())
    for _ in range(2):  # "Posted by: Ann says:" carries noise at both ends
        text = _AUTHOR_NOISE.sub("", text).strip()
    return text[:AUTHOR_MAX_CHARS] or None


class _Owners:
    """Which comment item each element of the page belongs to: its nearest ancestor item."""

    def __init__(self, items: Sequence[html.HtmlElement]) -> None:
        self.index = {id(el): i for i, el in enumerate(items)}

    def of(self, element: html.HtmlElement) -> int | None:
        for ancestor in element.iterancestors():
            found = self.index.get(id(ancestor))
            if found is not None:
                return found
        return None

    def first_per_item(self, root: html.HtmlElement, css_list: Iterable[str]) -> dict[int, html.HtmlElement]:
        """For each item, the first element matched by the earliest selector in ``css_list`` that matches in it."""
        found: dict[int, html.HtmlElement] = {}
        for css in css_list:
            for element in _selector(css)(root):
                owner = self.of(element)
                if owner is not None and owner not in found:
                    found[owner] = element
        return found

    def all_per_item(self, root: html.HtmlElement, css_list: Iterable[str]) -> dict[int, list[html.HtmlElement]]:
        found: dict[int, list[html.HtmlElement]] = {}
        for css in css_list:
            for element in _selector(css)(root):
                owner = self.of(element)
                if owner is not None:
                    found.setdefault(owner, []).append(element)
        return found


def _author_line(lines: Sequence[str]) -> tuple[int, str, str | None] | None:
    """(index, author, time) of a header or footer line among a comment's first and last lines."""
    reach = AUTHOR_LINE_REACH
    for at in dict.fromkeys([*range(min(reach, len(lines))), *range(max(0, len(lines) - reach), len(lines))]):
        found = MARK_TABLE.first(lines[at])
        author = found[1].groupdict().get("author") if found is not None else None
        cleaned = _clean_author(author) if author else None
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


def _comments(items: Sequence[html.HtmlElement], section: html.HtmlElement) -> tuple[Comment, ...]:
    """The comments of ``items``; every part of an item is looked for inside ``section``, which holds them all."""
    owners = _Owners(items)
    parents = [owners.of(el) for el in items]
    nested: dict[int, list[html.HtmlElement]] = {}
    for i, element in enumerate(items):
        ancestor = parents[i]
        while ancestor is not None:
            nested.setdefault(ancestor, []).append(element)
            ancestor = parents[ancestor]
    authors = owners.first_per_item(section, selectors.AUTHOR_SELECTORS)
    times = owners.first_per_item(section, selectors.TIME_SELECTORS)
    bodies = owners.first_per_item(section, selectors.BODY_SELECTORS)
    interface = owners.all_per_item(section, selectors.INTERFACE_SELECTORS)

    comments: list[Comment] = []
    last_at_depth: dict[int, str] = {}
    depth_of: dict[str, int] = {}
    kept_parent: dict[str, str | None] = {}  # a comment's id, or for a left-out item the parent its replies take
    for i, element in enumerate(items):
        skip = {*nested.get(i, ()), *interface.get(i, ())}
        author_el, time_el = authors.get(i), times.get(i)
        if element.tag == "dd" and (author_el is None or time_el is None):
            header = _dt_header(element)
            if header is not None:
                header_owners = _Owners([header])
                if author_el is None:
                    author_el = header_owners.first_per_item(header, selectors.AUTHOR_SELECTORS).get(0, header)
                if time_el is None:
                    time_el = header_owners.first_per_item(header, selectors.TIME_SELECTORS).get(0)
        body_el = bodies.get(i)
        if body_el is not None:
            lines = text_lines(body_el, skip)
        else:
            lines = text_lines(element, skip | {el for el in (author_el, time_el) if el is not None})
        author = _clean_author(" ".join(text_lines(author_el, skip))) if author_el is not None else None
        posted_at = " ".join(text_lines(time_el, skip)) if time_el is not None else None
        lines = [line for line in lines if not _is_interface(line)]
        if author is None or DATE_TIME_PATTERN.search(author):
            # no name in the markup (or a date where the name should be): a "Posted by: NAME | DATE"
            # or "NAME says:" line of the comment's own text
            found = _author_line(lines)
            if found is not None:
                at, author, stamp = found
                posted_at = posted_at or stamp
                del lines[at]
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


def _section_root(items: Sequence[html.HtmlElement]) -> html.HtmlElement | None:
    """The smallest element holding every comment item."""
    if not items:
        return None
    chains = [[items[0], *items[0].iterancestors()]]
    common = chains[0]
    for element in items[1:]:
        ancestors = {id(a) for a in (element, *element.iterancestors())}
        common = [a for a in common if id(a) in ancestors]
    return common[0] if common else None


def _cut_sections(root: html.HtmlElement, items: Sequence[html.HtmlElement], section: html.HtmlElement) -> None:
    """Remove the comment section and the reply form from the document."""
    page_words = max(1, len(root.text_content().split()))
    doomed = list(items)
    if section.tag not in ("html", "body"):
        item_words = sum(len(el.text_content().split()) for el in items if el.getparent() is not None)
        if item_words >= SECTION_ITEM_SHARE * len(section.text_content().split()):
            doomed.append(section)
    for css in selectors.SECTION_SELECTORS:
        doomed += [
            el for el in _selector(css)(root) if len(el.text_content().split()) < SECTION_MAX_PAGE_SHARE * page_words
        ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def parse_html_text(text: str, *, source: str) -> Page:
    root = load_tree(text, source=source)
    title = _page_title(root)
    embedded = find_embed(root)  # before _strip drops the scripts that name the comment system
    _strip(root)
    items = _find_items(root)
    found = _section_root(items)
    section = root if found is None else found
    comments = _comments(items, section)
    if comments:
        _cut_sections(root, items, section)
    by_script = embedded if embedded is not None and not comments else None
    for placeholder in by_script[1] if by_script else ():  # never read a placeholder as a comment
        if placeholder.getparent() is not None:
            placeholder.drop_tree()
    # one extraction: the article, and, when the markup named no comments, trafilatura's own comment text
    fallback = not comments and by_script is None
    document = trafilatura.bare_extraction(root, include_comments=fallback, include_tables=True, fast=True)
    body = (getattr(document, "text", None) or "") if document is not None else ""
    comment_text = (getattr(document, "comments", None) or "") if document is not None and fallback else ""
    comment_lines = [line for line in comment_text.split("\n") if line.strip()]
    if comment_lines:
        # trafilatura can leave comment lines in the text too; they are the comments', not the article's
        taken = set(comment_lines)
        body = "\n".join(line for line in body.split("\n") if line not in taken)
        comments = parse_text("\n\n".join(comment_lines), source=source, comments_only=True).comments
    blocks = [[line] for line in body.split("\n") if line.strip()]
    paragraphs, clutter = classify_blocks(blocks)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Page(
        source=source,
        article=Article(title=title, paragraphs=tuple(paragraphs), clutter=tuple(clutter)),
        comments=comments,
        notes=(embed_note(by_script[0]),) if by_script else (),
        comment_system=by_script[0].name if by_script else None,
    )


__all__ = ["Clutter", "declared_charset", "parse_html_text"]
