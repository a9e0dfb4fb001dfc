"""What a page's tree holds, so that a selector naming what it lacks is never run.

The selector tables name some hundred and fifty class names, ids, tags and attributes,
and a page holds few of them; each selector run is a walk over the whole tree. A
:class:`Presence` reads the tree's class names and ids once (one walk) and answers
for tags and attributes when asked, and :meth:`Presence.may_match` says whether a
selector could find anything: it names nothing the tree lacks. It only ever says yes
too often, never no, so a selector it turns away would have found nothing, and its
use changes no parse.

The tree may lose elements after the index is taken (the parser only ever cuts
subtrees), which leaves the index holding more than the tree: still never a wrong no.
Selectors that reach beside their starting element (``a + b``, ``a ~ b``) are judged
by the part at or below it only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cssselect
from cssselect import parser
from lxml import etree, html
from lxml.cssselect import LxmlHTMLTranslator

_CLASSES = etree.XPath("descendant-or-self::*/@class", smart_strings=False)
_IDS = etree.XPath("descendant-or-self::*/@id", smart_strings=False)
#: an attribute name that can stand in an XPath expression as it is (else the attribute is taken to be there)
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_.-]*")
_TRANSLATOR = LxmlHTMLTranslator()


@dataclass(frozen=True, slots=True)
class _Needs:
    """What one comma-separated part of a selector names: every element it matches lies at or below the
    element the selector starts from, and all of these are there."""

    tags: frozenset[str]
    classes: frozenset[str]
    ids: frozenset[str]
    attributes: frozenset[str]


@cache
def _needs(selector: str) -> tuple[_Needs, ...] | None:
    """What each part of ``selector`` names; None when it cannot be read (it is then always run, and fails as
    it would have)."""
    try:
        _TRANSLATOR.css_to_xpath(selector)
        parsed = cssselect.parse(selector)
    except cssselect.SelectorError:
        return None
    parts = []
    for part in parsed:
        tags: set[str] = set()
        classes: set[str] = set()
        ids: set[str] = set()
        attributes: set[str] = set()
        _collect(part.parsed_tree, tags, classes, ids, attributes)
        parts.append(_Needs(frozenset(tags), frozenset(classes), frozenset(ids), frozenset(attributes)))
    return tuple(parts)


def _collect(node: object, tags: set[str], classes: set[str], ids: set[str], attributes: set[str]) -> None:
    """Add what ``node`` of a parsed selector names; a kind of node not read here adds nothing, which only
    makes the selector run more often."""
    if isinstance(node, parser.CombinedSelector):
        _collect(node.selector, tags, classes, ids, attributes)
        if node.combinator in (" ", ">"):  # a descendant or child stays below the start; a sibling may not
            _collect(node.subselector, tags, classes, ids, attributes)
    elif isinstance(node, parser.Element):
        # the HTML translator matches tag names in lower case, as lxml's HTML parser keeps them
        if node.namespace is None and node.element not in (None, "*"):
            tags.add(node.element.lower())
    elif isinstance(node, parser.Class):
        classes.add(node.class_name)
        _collect(node.selector, tags, classes, ids, attributes)
    elif isinstance(node, parser.Hash):
        ids.add(node.id)
        _collect(node.selector, tags, classes, ids, attributes)
    elif isinstance(node, parser.Attrib):
        if node.namespace is None and node.operator != "!=":  # [a!=v] also matches where a is absent
            attributes.add(node.attrib.lower())
        _collect(node.selector, tags, classes, ids, attributes)
    elif isinstance(node, (parser.Pseudo, parser.Function, parser.Negation)):
        _collect(node.selector, tags, classes, ids, attributes)  # a :not() part names what must be absent


class Presence:
    """The class names and ids under an element (itself included), and its tags and attributes as asked."""

    def __init__(self, root: html.HtmlElement) -> None:
        self._root = root
        class_values: list[str] = _CLASSES(root)
        self._classes = frozenset(" ".join(class_values).split())
        self._ids = frozenset(_IDS(root))
        self._tags: dict[str, bool] = {}
        self._attributes: dict[str, bool] = {"class": bool(class_values), "id": bool(self._ids)}

    def _has_tag(self, tag: str) -> bool:
        if tag not in self._tags:
            self._tags[tag] = next(self._root.iter(tag), None) is not None
        return self._tags[tag]

    def _has_attribute(self, name: str) -> bool:
        if name not in self._attributes:
            test = _attribute_test(name)
            self._attributes[name] = test is None or bool(test(self._root))
        return self._attributes[name]

    def _holds(self, needs: _Needs) -> bool:
        return (
            needs.classes <= self._classes
            and needs.ids <= self._ids
            and all(self._has_tag(tag) for tag in needs.tags)
            and all(self._has_attribute(name) for name in needs.attributes)
        )

    def may_match(self, selector: str) -> bool:
        """False only when ``selector`` names a class, id, tag or attribute that the tree does not hold."""
        parts = _needs(selector)
        return parts is None or any(self._holds(part) for part in parts)


@cache
def _attribute_test(name: str) -> etree.XPath | None:
    """Whether an element at or below the start carries the attribute ``name``; None for a name that is not plain."""
    return etree.XPath(f"boolean(descendant-or-self::*/@{name})") if _PLAIN_NAME.fullmatch(name) else None


__all__ = ["Presence"]
