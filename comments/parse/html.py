"""Parse a saved HTML page: comments from the markup, the article from what remains.

The comment items come from the markup: the selector table names the markup of
known comment systems, and where it names nothing, the structure of the page does
(``structure.py``: repeated sibling blocks that carry comment marks). The comment
section is then cut out of the document, and trafilatura, a library made for the
job, extracts the article from the rest, so no comment found can leak into it.

Where the markup shows no comments, the text parser's comment marks are run over
the page's rendered text (``Posted by: NAME | DATE`` footers, ``NAME says:``
headers), and the lines they find are cut out of the document the same way; failing
that, trafilatura's own comment text is cut by the text cues. Between the stages,
``checks.py`` looks for signs of a wrong split; a doubtful parse gets a second look
by the other way, and a doubt that remains is written to the page's notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import trafilatura
from lxml import etree, html

from comments.errors import ParseError
from comments.model import Article, Clutter, Comment, Page
from comments.parse import selectors, tuning
from comments.parse.checks import Doubt, doubts
from comments.parse.embeds import find_embed
from comments.parse.embeds import note as embed_note
from comments.parse.items import (
    author_line,
    comments_of,
    css,
    find_selector_items,
    section_root,
    select,
    words_of,
)
from comments.parse.markup import FLATTEN_AT, LIBXML2_MAX_DEPTH, TOO_DEEP, drop_unholdable, flatten_nesting
from comments.parse.presence import Presence
from comments.parse.render import render
from comments.parse.structure import find_structural_items
from comments.parse.text import classify_blocks, parse_text
from comments.parse.thread import MARK_TABLE, find_section, split_comments

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
#: browsers look for a charset declaration in the first 1,024 bytes; pages saved with a BOM or a long
#: head push it further, so look a little further than they do
CHARSET_SCAN_BYTES = 4096
#: the ways of reading a page's comments, in the order they are tried
PATHS = ("markup", "text", "trafilatura")
#: over a whole rendered page, a comment section that does not start after the article holds this many marks
TEXT_PATH_MIN_MARKS = 2
#: a line of at least this many words is prose; a run of such lines of at least ARTICLE_MIN_WORDS is an article
PROSE_LINE_WORDS = 12
ARTICLE_MIN_WORDS = 60


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few kilobytes, if any."""
    match = _DECLARED.search(data[:CHARSET_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


_PARSER = html.HTMLParser(huge_tree=True)  # comment threads nest deeper than libxml2's default limit


_TOO_DEEP = etree.XPath(f"(//*[count(ancestor::*) >= {TOO_DEEP}])[1]")


def _too_deep(root: html.HtmlElement) -> bool:
    """Whether libxml2 stopped at its nesting limit, or the tree nests deeper than is worth searching."""
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in _PARSER.error_log) or bool(_TOO_DEEP(root))


def load_tree(text: str, *, source: str) -> tuple[html.HtmlElement, tuple[str, ...]]:
    """The page's tree, and notes on what had to be repaired to read it whole."""
    try:
        cleaned = drop_unholdable(_XML_DECL.sub("", text, count=1))
        root = html.document_fromstring(cleaned, parser=_PARSER)
        if not _too_deep(root):
            return root, ()
        flattened, cuts = flatten_nesting(cleaned)
        root = html.document_fromstring(flattened, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ParseError(f"{source}: not an HTML page ({err}); give a saved page") from err
    note = (
        f"the page nests deeper than {TOO_DEEP} levels (the HTML parser stops at {LIBXML2_MAX_DEPTH:,}); its "
        f"nesting was flattened at {FLATTEN_AT} levels ({cuts} times), so deep replies may hang from a shallower "
        "comment"
    )
    return root, (note,)


def _page_title(root: html.HtmlElement, presence: Presence) -> str | None:
    for selector in ("meta[property='og:title']", "meta[name='twitter:title']"):
        found = css(selector)(root) if presence.may_match(selector) else []
        if found and found[0].get("content", "").strip():
            return " ".join(found[0].get("content").split())
    for selector in ("h1.entry-title", "h1.post-title", ".entry-title", ".post-title", "h1", "title"):
        found = css(selector)(root) if presence.may_match(selector) else []
        if found:
            title = " ".join(found[0].text_content().split())
            if title:
                return title
    return None


def _strip(root: html.HtmlElement, presence: Presence) -> None:
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
    for selector in selectors.HIDDEN_SELECTORS:
        for element in select("hidden", selector, root, presence):
            if element.getparent() is not None and element.tag not in ("html", "body"):
                element.drop_tree()


def _cut_sections(
    root: html.HtmlElement, items: Sequence[html.HtmlElement], section: html.HtmlElement, presence: Presence
) -> None:
    """Remove the comment section and the reply form from the document."""
    page_words = max(1, len(root.text_content().split()))
    doomed = list(items)
    if section.tag not in ("html", "body"):
        item_words = words_of(el for el in items if el.getparent() is not None)
        if item_words >= tuning.value("section_item_share") * len(section.text_content().split()):
            doomed.append(section)
    for selector in selectors.SECTION_SELECTORS:
        doomed += [
            el
            for el in select("section", selector, root, presence)
            if len(el.text_content().split()) < tuning.value("section_max_page_share") * page_words
        ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _cut_lines(element: html.HtmlElement, spans: dict[html.HtmlElement, tuple[int, int]], cut: range) -> None:
    """Remove from the document every element whose lines all lie in ``cut``, and nothing that shows others."""
    stack = [element]
    while stack:
        node = stack.pop()
        start, end = spans.get(node, (0, 0))
        if start == end or end <= cut.start or start >= cut.stop:
            continue
        if cut.start <= start and end <= cut.stop and node.getparent() is not None and node.tag != "body":
            node.drop_tree()
        else:
            stack.extend(child for child in node if isinstance(child.tag, str))


def _comments_from_text(root: html.HtmlElement) -> tuple[Comment, ...]:
    """The text parser's comment marks over the page's rendered text; the lines it takes leave the document.

    A whole page shows more than a comment section, so the section never opens with the page's longest run of
    prose lines, its article, and holds two marks unless it starts after it: a byline such as ``Posted by NAME
    at TIME`` above the article is a footer mark too, and the article would read as the first comment.
    """
    body = root.find("body")
    rendering = render(body if body is not None else root)
    # one block per rendered line, as a text dump shows a page's blocks
    lines = [piece for line in rendering.lines for piece in (line, "")]
    after = 0
    section = find_section(lines)
    if section is None or not section.marks:
        return ()
    run_start, run_end = _longest_prose_run(lines)
    second = section.marks[1].line if len(section.marks) > 1 else section.end
    if section.start <= run_start and run_end <= second:
        after = run_end
        section = find_section(lines[after:])
        run_end = 0
    # one mark is enough after the article; before it, a byline looks the same
    needed = 1 if section is not None and section.start >= run_end else TEXT_PATH_MIN_MARKS
    if section is None or len(section.marks) < needed:
        return ()
    comments, _ = split_comments(lines[after:], section)
    if comments:
        first = section.start if section.heading is None else section.heading
        cut = range((after + first) // 2, (after + section.end + 1) // 2)
        _cut_lines(body if body is not None else root, rendering.spans, cut)
    return comments


def _longest_prose_run(lines: Sequence[str]) -> tuple[int, int]:
    """(first, after last) line of the longest run of prose lines without comment marks (blank lines between)."""
    best = (0, 0)
    best_words = start = words = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        size = len(line.split())
        if size >= PROSE_LINE_WORDS and not MARK_TABLE.first(line):
            if not words:
                start = i
            words += size
            if words > best_words:
                best, best_words = (start, i + 1), words
        else:
            words = 0
    return best if best_words >= ARTICLE_MIN_WORDS else (len(lines), len(lines))


def _without_lines(lines: Sequence[str], taken: Sequence[str]) -> list[str]:
    """``lines`` without every run of them that spells one of the ``taken`` lines: trafilatura leaves a
    comment's line in the article text too, at times broken at its inline tags (``Unclosed <b>bold``)."""
    wanted = {" ".join(line.split()) for line in taken}
    longest = max((len(line) for line in wanted), default=0)
    kept: list[str] = []
    at = 0
    while at < len(lines):
        run, end = "", at
        while end < len(lines) and len(run) <= longest:
            run = " ".join((run + " " + lines[end]).split())
            end += 1
            if run in wanted:
                break
        if run in wanted:
            at = end
            continue
        kept.append(lines[at])
        at += 1
    return kept


@dataclass(frozen=True, slots=True)
class _Parse:
    page: Page
    path: str
    doubts: tuple[Doubt, ...]


def _parse(text: str, *, source: str, paths: Sequence[str]) -> _Parse:
    root, notes = load_tree(text, source=source)
    # what the page holds, read once: from here on the tree only loses elements, which this may still name
    presence = Presence(root)
    title = _page_title(root, presence)
    embedded = find_embed(root, presence)  # before _strip drops the scripts that name the comment system
    _strip(root, presence)
    comments: tuple[Comment, ...] = ()
    path = "none"
    if "markup" in paths:
        items = find_selector_items(root, presence)
        structural = not items
        if structural:
            items = find_structural_items(root)
        found = section_root(items)
        section = root if found is None else found
        comments = comments_of(items, section, structural=structural)
        if comments:
            path = "markup"
            _cut_sections(root, items, section, presence)
    by_script = embedded if embedded is not None and not comments else None
    for placeholder in by_script[1] if by_script else ():  # never read a placeholder as a comment
        if placeholder.getparent() is not None:
            placeholder.drop_tree()
    if by_script:
        notes = (*notes, embed_note(by_script[0]))
    if not comments and "text" in paths and not tuning.is_off("text_path"):
        comments = _comments_from_text(root)
        if comments:
            path = "text"
            tuning.touch("text_path")
    fallback = not comments and by_script is None and "trafilatura" in paths
    # one extraction: the article, and, when nothing else found comments, trafilatura's own comment text
    document = trafilatura.bare_extraction(root, include_comments=fallback, include_tables=True, fast=True)
    body = (getattr(document, "text", None) or "") if document is not None else ""
    comment_text = (getattr(document, "comments", None) or "") if document is not None and fallback else ""
    comment_lines = [line for line in comment_text.split("\n") if line.strip()]
    if comment_lines:
        # trafilatura can leave comment lines in the text too; they are the comments', not the article's
        body = "\n".join(_without_lines(body.split("\n"), comment_lines))
        comments = parse_text("\n\n".join(comment_lines), source=source, comments_only=True).comments
        path = "trafilatura"
    blocks = [[line] for line in body.split("\n") if line.strip()]
    paragraphs, clutter = classify_blocks(blocks)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    article = Article(title=title, paragraphs=tuple(paragraphs), clutter=tuple(clutter))
    page = Page(
        source=source,
        article=article,
        comments=comments,
        notes=notes,
        comment_system=by_script[0].name if by_script and not comments else None,
    )
    return _Parse(page, path, tuple(doubts(article, comments)))


def _second_look(first: _Parse, text: str, *, source: str) -> _Parse:
    """The parse by the other way of reading the page, when the first one is doubtful and that way is left."""
    kinds = {d.kind for d in first.doubts}
    if first.path == "markup" and kinds & {"lead_in_comments", "marks_in_article"}:
        return _parse(text, source=source, paths=("text", "trafilatura"))
    if first.path in ("trafilatura", "none") and kinds & {"many_paragraphs", "marks_in_article"}:
        return _parse(text, source=source, paths=("text",))
    return first


def _with_authors_from_text(parse: _Parse) -> _Parse:
    """All comments by one author: take each comment's own header or footer line when it names someone else."""
    changed = []
    for comment in parse.page.comments:
        lines = comment.text.split("\n")
        found = author_line(lines)
        if found is None:
            changed.append(comment)
            continue
        at, author, stamp = found
        text = "\n".join(lines[:at] + lines[at + 1 :])
        changed.append(replace(comment, author=author, text=text, posted_at=comment.posted_at or stamp))
    if len({c.author for c in changed}) <= 1:
        return parse
    page = parse.page
    return _Parse(replace(page, comments=tuple(changed)), parse.path, tuple(doubts(page.article, changed)))


def parse_html_text(text: str, *, source: str) -> Page:
    parse = _parse(text, source=source, paths=PATHS)
    if parse.doubts and not tuning.is_off("second_look"):
        second = _second_look(parse, text, source=source)
        if second is not parse and (second.page.comments or not parse.page.comments):
            tuning.touch("second_look")
            if len(second.doubts) < len(parse.doubts):
                parse = second
    if any(d.kind == "one_author" for d in parse.doubts):
        parse = _with_authors_from_text(parse)
    notes = tuple(d.note for d in parse.doubts)
    if not notes:
        return parse.page
    return replace(parse.page, notes=parse.page.notes + notes)


__all__ = ["Clutter", "declared_charset", "parse_html_text"]
