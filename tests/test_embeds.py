"""Saved pages whose comments load by script: the system is named, the page is still reported, and no
placeholder ("Join the conversation") ever becomes a comment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comments.cli import main
from comments.parse import parse_file
from comments.parse.embeds import EMBEDS, Embed
from comments.parse.html import parse_html_text

PAGES = Path(__file__).parent / "fixtures" / "embeds"
SYSTEMS = {
    "disqus.html": "Disqus",
    "coral.html": "Coral Talk",
    "facebook_plugin.html": "Facebook comments",
    "openweb.html": "OpenWeb",
    "viafoura.html": "Viafoura",
    "commento.html": "Commento",
    "hyvor.html": "Hyvor Talk",
}
ARTICLE = (
    "<html><head><title>T</title></head><body><article><h1>Night buses</h1>{paragraphs}</article>{tail}</body></html>"
)
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of an article about night buses, long enough to be read as the article itself.</p>"
    for n in range(3)
)


@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_saved_page_names_the_system_that_loads_its_comments(name: str, golden: Callable[[str, Any], None]) -> None:
    (page,) = parse_file(PAGES / name)
    assert page.comment_system == SYSTEMS[name]
    assert page.comments == ()
    assert page.notes[0].startswith(f"comments load by script ({SYSTEMS[name]}); ")
    assert len(page.article.paragraphs) == 3
    assert page.article.paragraphs[-1].startswith("Opponents on the council")
    golden(f"parse/embeds/{name}.json", {**page.to_json(), "notes": list(page.notes)})


def test_placeholder_text_is_never_a_comment() -> None:
    (page,) = parse_file(PAGES / "coral.html")
    everything = " ".join([*page.article.paragraphs, *(c.text for c in page.comments)])
    assert "Loading comments" not in everything


@pytest.mark.parametrize("embed", EMBEDS, ids=lambda e: e.name)
def test_every_system_is_found_from_its_container(embed: Embed) -> None:
    css = embed.containers[0]
    if css.startswith("#"):
        tail = f'<div id="{css[1:]}"></div>'
    elif css.startswith("."):
        tail = f'<div class="{css[1:]}"></div>'
    elif css.startswith("["):
        tail = f"<div {css[1:-1].split(':')[0]}='x'></div>"
    else:
        tail = f"<{css}></{css}>"
    page = parse_html_text(ARTICLE.format(paragraphs=PARAGRAPHS, tail=tail), source="page.html")
    assert page.comment_system == embed.name


def test_comments_in_the_markup_win_over_the_script() -> None:
    items = "".join(
        f"<li id='dsq-comment-{n}'><div class='dsq-comment-header'><span class='dsq-commenter-name'>Reader {n}"
        f"</span></div><div class='dsq-comment-message'>A rendered Disqus comment number {n} with its words.</div></li>"
        for n in range(3)
    )
    tail = f"<div id='disqus_thread'><ul id='dsq-comments'>{items}</ul></div><script src='https://x.disqus.com/embed.js'></script>"
    page = parse_html_text(ARTICLE.format(paragraphs=PARAGRAPHS, tail=tail), source="page.html")
    assert len(page.comments) == 3
    assert page.comment_system is None and page.notes == ()


def test_a_page_without_an_embed_has_no_note() -> None:
    (page,) = parse_file(Path(__file__).parent / "fixtures" / "wordpress.html")
    assert page.comment_system is None and page.notes == ()


def test_run_ends_naming_the_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["report", str(PAGES), "--out", str(tmp_path), "--quiet", "--no-charts", "--toxicity", "profanity"]) == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("7 pages, 0 comments")
    assert lines[-1] == (
        "comments load by script, not in the saved page: commento.html (Commento), coral.html (Coral Talk), "
        "disqus.html (Disqus), facebook_plugin.html (Facebook comments), hyvor.html (Hyvor Talk) and 2 more; "
        "export them from the comment system and pass the export (see notes in articles.csv)"
    )
    articles = (tmp_path / "articles.csv").read_text(encoding="utf-8")
    assert "comments load by script (Viafoura)" in articles


@pytest.mark.parametrize("embed", EMBEDS, ids=lambda e: e.name)
def test_every_system_is_found_from_its_script(embed: Embed) -> None:
    example = embed.script_example
    tail = f"<script {example}></script>" if example.startswith("data-") else f"<script src='{example}'></script>"
    if not example.startswith(("http", "//", "data-")):
        tail = f"<script>{example}</script>"
    page = parse_html_text(ARTICLE.format(paragraphs=PARAGRAPHS, tail=tail), source="page.html")
    assert page.comment_system == embed.name


@pytest.mark.parametrize(
    "tail",
    [
        "<script id='dsq-count-scr' src='//dailyexample.disqus.com/count.js' async></script>",  # comment counts only
        "<script src='https://connect.facebook.net/en_US/sdk.js'></script><div class='fb-like'></div>",  # a like button
        "<p>We moved our comments to Disqus last year.</p>",
    ],
)
def test_what_is_not_an_embedded_comment_section(tail: str) -> None:
    page = parse_html_text(ARTICLE.format(paragraphs=PARAGRAPHS, tail=tail), source="page.html")
    assert page.comment_system is None
