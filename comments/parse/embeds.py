"""Comment systems that load their comments by script, recognised in a saved page's markup.

A saved page of a site that embeds Disqus, Coral, Facebook's comments plugin and the like holds only
a placeholder (an empty ``<div id="disqus_thread">``, "Join the conversation") and the script that
would fetch the comments. This module is data, as ``selectors.py`` is: each system is named by the
containers it fills and the addresses of its scripts, and adding one is adding a line. The HTML
parser asks :func:`find_embed` before it drops scripts; when the markup holds no comments, the page
is reported with none and a note naming the system, and the placeholder is never read as a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml import html
from lxml.cssselect import CSSSelector

from comments.parse.presence import Presence


@dataclass(frozen=True, slots=True, kw_only=True)
class Embed:
    """A comment system that a page embeds by script."""

    name: str
    containers: tuple[str, ...]
    """CSS selectors of the elements the script fills with the comments (placeholders in a saved page)."""
    scripts: str
    """A pattern of the addresses (or inline code) of the script that loads them."""
    script_example: str
    """An address or a line of code that ``scripts`` matches (the tests check it)."""
    export: str
    """Where a user gets the comments instead."""


EMBEDS: tuple[Embed, ...] = (
    Embed(
        name="Disqus",
        script_example="https://dailyexample.disqus.com/embed.js",
        containers=("#disqus_thread", "[data-disqus-identifier]:not(a)"),
        scripts=r"disqus\.com/embed\.js|disqus_config",
        export="export them from Disqus (Admin > Moderation > Export) and pass the XML",
    ),
    Embed(
        name="Coral Talk",
        script_example="Coral.createStreamEmbed({id: 'coral_thread', rootURL: 'https://talk.example'})",
        containers=("#coral_thread", "#coral_talk_stream", "#coral-comments", "[id^='coral_talk_']"),
        scripts=r"Coral\.createStreamEmbed|Coral\.Talk\.render|coralproject|/coral\.js",
        export="ask the site for an export of its Coral comments",
    ),
    Embed(
        name="Facebook comments",
        script_example="https://www.facebook.com/plugins/comments.php?href=https://example.org/a",
        containers=(".fb-comments", "fb:comments"),
        scripts=r"facebook\.com/plugins/comments\.php",
        export="Facebook's comments plugin has no export; the site can read them with the Graph API",
    ),
    Embed(
        name="OpenWeb",
        script_example="https://launcher.spot.im/spot/sp_AbCdEf12",
        containers=("[data-spotim-module]", "[data-openweb-module]", ".spot-im-frame-inpage", "openweb-conversation"),
        scripts=r"launcher\.spot\.im|launcher\.openweb\.com|spotim\.market|openweb\.com/.*launcher",
        export="ask the site for an export of its OpenWeb (Spot.IM) comments",
    ),
    Embed(
        name="Viafoura",
        script_example="//cdn.viafoura.net/entry/index.js",
        containers=("vf-conversations", ".viafoura", "#vf-conversations", "[class^='vf-conversations']"),
        scripts=r"cdn\.viafoura\.net|viafoura\.co/|vf-conversations",
        export="ask the site for an export of its Viafoura comments",
    ),
    Embed(
        name="Commento",
        script_example="https://cdn.commento.io/js/commento.js",
        containers=("#commento",),
        scripts=r"cdn\.commento\.io|commento\.js",
        export="export them from Commento (Dashboard > Export) and pass a table of them",
    ),
    Embed(
        name="Hyvor Talk",
        script_example="https://talk.hyvor.com/embed/embed.js",
        containers=("#hyvor-talk-view", "hyvor-talk-comments"),
        scripts=r"talk\.hyvor\.com",
        export="export them from Hyvor Talk (Console > Export) and pass a table of them",
    ),
    Embed(
        name="Remark42",
        script_example="https://remark42.example.org/web/embed.js",
        containers=("#remark42",),
        scripts=r"remark42|/web/embed\.js.*remark",
        export="export them from Remark42 and pass a table of them",
    ),
    Embed(
        name="Giscus",
        script_example="https://giscus.app/client.js",
        containers=(".giscus",),
        scripts=r"giscus\.app/client\.js",
        export="the comments are GitHub Discussions; fetch them with GitHub's API",
    ),
    Embed(
        name="Utterances",
        script_example="https://utteranc.es/client.js",
        containers=(".utterances",),
        scripts=r"utteranc\.es/client\.js",
        export="the comments are GitHub issues; fetch them with GitHub's API",
    ),
    Embed(
        name="IntenseDebate",
        script_example="https://www.intensedebate.com/js/genericCommentWrapperV2.js",
        containers=("#idc-container",),
        scripts=r"intensedebate\.com/js/",
        export="export them from IntenseDebate (as WordPress comments) and pass the WXR export",
    ),
    Embed(
        name="Vuukle",
        script_example="https://cdn.vuukle.com/platform.js",
        containers=(".vuukle-comments", "#vuukle-comments"),
        scripts=r"cdn\.vuukle\.com",
        export="ask the site for an export of its Vuukle comments",
    ),
    Embed(
        name="Isso",
        script_example="data-isso=//comments.example.org/",
        containers=("#isso-thread",),
        scripts=r"/js/embed\.min\.js[^\"']*\"?\s*data-isso|data-isso",
        export="Isso keeps its comments in an SQLite file; export a table of them",
    ),
    Embed(
        name="Cusdis",
        script_example="https://cusdis.com/js/cusdis.es.js",
        containers=("#cusdis_thread",),
        scripts=r"cusdis\.com/js/",
        export="export them from Cusdis and pass a table of them",
    ),
)


_PREFIXED_TAG = re.compile(r"[\w-]+:[\w-]+")


@cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


@cache
def _pattern(scripts: str) -> re.Pattern[str]:
    return re.compile(scripts, re.IGNORECASE)


def _script_code(root: html.HtmlElement) -> str:
    parts = []
    for script in root.iter("script"):
        parts.append(script.get("src") or "")
        parts.append(script.text or "")
        parts.extend(f"{name}={value}" for name, value in script.attrib.items() if name.startswith("data-"))
    for frame in root.iter("iframe"):
        parts.append(frame.get("src") or "")
    return "\n".join(parts)


def _containers(root: html.HtmlElement, embed: Embed, presence: Presence | None) -> list[html.HtmlElement]:
    found: list[html.HtmlElement] = []
    for css in embed.containers:
        if _PREFIXED_TAG.fullmatch(css):  # an XFBML tag such as <fb:comments>, named as the parser keeps it
            found += root.iter(css)
            continue
        if presence is not None and not presence.may_match(css):
            continue
        try:
            found += _selector(css)(root)
        except Exception:  # a selector the HTML translator cannot read matches nothing
            continue
    return found


def find_embed(root: html.HtmlElement, presence: Presence | None = None) -> tuple[Embed, list[html.HtmlElement]] | None:
    """The comment system a page embeds by script, with its placeholder elements; None when none.

    A system counts when the page holds its container or loads its script: a container alone is a
    placeholder left by a saved page, a script alone fills a container made at run time. ``presence``, of
    ``root``, skips the containers the page cannot hold.
    """
    code = _script_code(root)
    for embed in EMBEDS:
        containers = _containers(root, embed, presence)
        if containers or _pattern(embed.scripts).search(code):
            return embed, containers
    return None


def note(embed: Embed) -> str:
    """What a page's notes say when its comments load by script."""
    return f"comments load by script ({embed.name}); {embed.export}"


__all__ = ["EMBEDS", "Embed", "find_embed", "note"]
