"""The index that skips selectors a page cannot match: it may run a selector for nothing, never skip one that
finds something."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from comments.parse import selectors
from comments.parse.embeds import EMBEDS
from comments.parse.html import load_tree
from comments.parse.items import css
from comments.parse.presence import Presence

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(
    [*FIXTURES.glob("*.html"), *(FIXTURES / "embeds").glob("*.html"), *(FIXTURES.parent / "modern").glob("*.html")]
)
TABLES = (
    *selectors.HIDDEN_SELECTORS,
    *(part.strip() for _, selector in selectors.ITEM_SELECTORS for part in selector.split(",")),
    *selectors.BODY_SELECTORS,
    *selectors.AUTHOR_SELECTORS,
    *selectors.TIME_SELECTORS,
    *selectors.INTERFACE_SELECTORS,
    *selectors.SECTION_SELECTORS,
    *(container for embed in EMBEDS for container in embed.containers if ":" not in container.split("[")[0]),
)
#: what the index must read right: siblings beside the start, negations, a test an absent attribute passes
TRICKY = (
    "p + .b",
    "p ~ .b",
    ".a > p",
    ".a .b",
    "div:not(.a)",
    ":not(p)",
    "[x!='y']",
    "[data-x]",
    "[data-x='1'] .b",
    "#top p:first-of-type",
    "P.A",
    "p:nth-child(2)",
    ".a, .zzz",
)
SMALL = "<div id='top' class='a'><p>one</p><p class='b'>two</p><span data-x='1'><i class='b'>three</i></span></div>"


def _elements(root: html.HtmlElement) -> list[html.HtmlElement]:
    return [root, *root.iterdescendants()]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_a_skipped_selector_finds_nothing_on_the_test_pages(path: Path) -> None:
    root, _ = load_tree(path.read_text(encoding="utf-8", errors="replace"), source=path.name)
    starts = [root, *root.iter("body", "ol", "ul", "section")]
    skipped = 0
    for start in starts:
        presence = Presence(start)
        for selector in (*TABLES, *TRICKY):
            if not presence.may_match(selector):
                skipped += 1
                assert css(selector)(start) == [], (selector, start.tag)
    assert skipped  # every page lacks most of the tables' names


def test_a_skipped_selector_finds_nothing_under_any_element() -> None:
    root = html.fragment_fromstring(SMALL)
    for start in _elements(root):
        presence = Presence(start)
        for selector in (*TRICKY, *TABLES):
            if not presence.may_match(selector):
                assert css(selector)(start) == [], (selector, start.tag)


def test_the_index_skips_what_the_tree_lacks_and_keeps_what_it_holds() -> None:
    presence = Presence(html.fragment_fromstring(SMALL))
    assert presence.may_match(".a .b") and presence.may_match("[data-x]") and presence.may_match("#top p")
    assert presence.may_match(".zzz, .b")  # one part is enough
    assert presence.may_match("[zzz!='y']")  # matches where the attribute is absent
    assert presence.may_match("zzz + p") is False and presence.may_match("p + zzz")  # the sibling may lie outside
    assert not any(presence.may_match(s) for s in (".zzz", "#zzz", "article", "[zzz]", ".a .zzz", "li.b"))


def test_a_tree_that_loses_elements_is_still_read_right() -> None:
    """The parser cuts subtrees after taking the index: what it names is then a superset of what is there."""
    root = html.fragment_fromstring(SMALL)
    presence = Presence(root)
    for element in root.find_class("b"):
        element.drop_tree()
    assert presence.may_match(".b") and css(".b")(root) == []
    assert not presence.may_match(".zzz")
