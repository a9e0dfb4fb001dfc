"""Repairs to HTML source that browsers make and libxml2 does not, applied before lxml reads a page.

- Characters no XML tree may hold (control codes, U+FFFE, U+FFFF) are dropped whether they come raw
  or as numeric character references (``&#8;``, ``&#x0B;``): a browser shows nothing for them, and
  one of them in a tree makes later steps (trafilatura's) give up on the whole page.
- libxml2 stops reading a page at 2,048 levels of nesting and drops the rest, and its searches slow
  down with the depth of a tree. Comment threads can be that deep (a long reply chain, or a template
  that leaves one ``<div>`` open per comment), while real page templates nest a few dozen levels, so a
  page deeper than ``TOO_DEEP`` levels is read again with its nesting flattened: where it would go
  deeper than ``FLATTEN_AT`` levels, the open elements are closed back to ``FLATTEN_TO`` levels and the page goes
  on from there inside fresh copies of the innermost ``REOPEN`` elements it closed, so that the comment
  being read when the cut came keeps its words together. Every word is kept; replies past that depth
  hang from a shallower comment.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# characters no document may hold (control codes, surrogates, non-characters); browsers show nothing for them
NOT_IN_DOCUMENTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
#: code points a reference may name that libxml2 keeps but an XML tree cannot hold (others it maps itself:
#: NUL, surrogates and numbers past U+10FFFF to U+FFFD, 0x80-0x9F to windows-1252 as browsers do)
_UNHOLDABLE = frozenset([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])

#: libxml2's nesting limit (with XML_PARSE_HUGE), past which it stops reading
LIBXML2_MAX_DEPTH = 2048
#: a page nesting deeper than this is read again, flattened (the 287 evaluation pages nest at most 36 levels)
TOO_DEEP = 1000
FLATTEN_AT = 64
FLATTEN_TO = 32
REOPEN = 16


def _charref(match: re.Match[str]) -> str:
    hex_digits, digits = match.groups()
    value = int(hex_digits, 16) if hex_digits else int(digits)
    return "" if value in _UNHOLDABLE else match.group(0)


def drop_unholdable(text: str) -> str:
    """``text`` without the characters (raw or as references) that no XML tree can hold."""
    if "&#" in text:
        text = _CHARREF.sub(_charref, text)
    return NOT_IN_DOCUMENTS.sub("", text)


# fmt: off
_VOID = frozenset((
    "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
))
#: start tags that close an open <p>, as the HTML parsing rules have it
_CLOSES_P = frozenset((
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p",
    "pre", "section", "table", "ul",
))
# fmt: on
#: start tags that close an open element of the same family (list items, definition parts, table cells)
_SIBLING_FAMILIES = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "tr": ("tr", "td", "th"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "option": ("option",),
}
_FAMILY_WALLS = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",), "tr": ("table",), "td": ("tr",), "th": ("tr",)}


class _Flattener(HTMLParser):
    """Re-emits a page's source with its nesting kept under ``FLATTEN_AT`` levels (a simplified HTML stack)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.starts: list[str] = []  # the start tag each open element was written with
        self.flattened = 0

    def _close_family(self, tag: str) -> None:
        family, walls = _SIBLING_FAMILIES.get(tag, ()), _FAMILY_WALLS.get(tag, ())
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i] in walls:
                return
            if self.stack[i] in family:
                self._close_to(i)
                return

    def _close_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            self.out.append(f"</{self.stack.pop()}>")
            self.starts.pop()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stack and self.stack[-1] == "p" and tag in _CLOSES_P:
            self.stack.pop()
        if tag in _SIBLING_FAMILIES:
            self._close_family(tag)
        if tag not in _VOID and len(self.stack) >= FLATTEN_AT:
            reopen = list(zip(self.stack[-REOPEN:], self.starts[-REOPEN:], strict=True))
            self._close_to(FLATTEN_TO)
            for name, start in reopen:
                self._open(name, start)
            self.flattened += 1
        start = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(start)
        else:
            self._open(tag, start)

    def _open(self, tag: str, start: str) -> None:
        self.out.append(start)
        self.stack.append(tag)
        self.starts.append(start)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            depth = len(self.stack) - 1 - self.stack[::-1].index(tag)
            del self.stack[depth:]
            del self.starts[depth:]
            self.out.append(f"</{tag}>")
        # an end tag with no open element is dropped, as browsers and libxml2 ignore it

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def flatten_nesting(text: str) -> tuple[str, int]:
    """``text`` re-emitted with its nesting under ``FLATTEN_AT`` levels, and how many times it was cut back."""
    flattener = _Flattener()
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out), flattener.flattened
