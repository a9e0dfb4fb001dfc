"""Visible text of an HTML subtree, laid out in lines the way a browser breaks blocks."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from lxml import html

# fmt: off
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
))
# fmt: on
_SPACE = re.compile(r"\s+")


def _pieces(root: html.HtmlElement, skip: Collection[html.HtmlElement]) -> Iterator[str]:
    # An explicit stack instead of recursion: pages nest deeper than Python's recursion limit.
    stack: list[tuple[html.HtmlElement, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                yield "\n"
            if node is not root and node.tail:
                yield node.tail
            continue
        if node is not root and (node in skip or not tag):
            if node.tail:
                yield node.tail
            continue
        if tag in BLOCK_TAGS:
            yield "\n"
        if node.text:
            yield node.text
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))


def text_lines(root: html.HtmlElement, skip: Collection[html.HtmlElement] = ()) -> list[str]:
    """The non-empty lines of visible text under ``root``, white space collapsed, ``skip`` subtrees left out."""
    joined = "".join(_pieces(root, skip))
    return [line for line in (_SPACE.sub(" ", raw).strip() for raw in joined.split("\n")) if line]


@dataclass(frozen=True, slots=True)
class Rendering:
    """The visible lines of a subtree, and for every element the range of lines its subtree shows."""

    lines: list[str]
    spans: dict[html.HtmlElement, tuple[int, int]]
    """element -> (first line, line after its last); an element showing no text spans no lines (start == end)."""


def render(root: html.HtmlElement) -> Rendering:
    """``text_lines`` of ``root`` with the line span of every element, to map found text back to the markup."""
    lines: list[str] = []
    buffer: list[str] = []
    opened: dict[html.HtmlElement, int] = {}
    spans: dict[html.HtmlElement, tuple[int, int]] = {}
    stack: list[tuple[html.HtmlElement, bool]] = [(root, False)]

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if line:
            lines.append(line)

    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            # an inline element ends on the line in progress: that line is part of it
            end = len(lines) + (1 if buffer and "".join(buffer).strip() else 0)
            spans[node] = (opened.pop(node), end)
            if node is not root and node.tail:
                buffer.append(node.tail)
            continue
        if node is not root and not tag:
            if node.tail:
                buffer.append(node.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        opened[node] = len(lines)
        if node.text:
            buffer.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return Rendering(lines, spans)
