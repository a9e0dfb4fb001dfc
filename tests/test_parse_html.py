"""The HTML parser on pages written for the tests: markup libxml2 cannot hold, comments no selector names,
and the checks between stages that put a doubtful split in the page's notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from comments.model import Article, Comment
from comments.parse import parse_page
from comments.parse.checks import doubts
from comments.parse.html import parse_html_text

ARTICLE = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The council voted seven to two on Tuesday to build protected bike lanes along Main Street.",
        "Supporters said the lanes would make the street safer for children who cycle to school.",
        "Construction is expected to start in the summer and to take about four months.",
    )
)


def _page(body: str) -> str:
    return f"<html><head><title>Bike lanes</title></head><body><article><h1>Bike lanes</h1>{ARTICLE}</article>{body}"


@pytest.mark.parametrize("reference", ["&#8;", "&#x0B;", "&#27;", "&#xFFFE;", "&#x1F;", "&#1;", "&#xffff;"])
@pytest.mark.parametrize("where", ["text", "attribute", "comment"])
def test_a_control_character_reference_never_costs_the_article(reference: str, where: str) -> None:
    """A browser shows nothing for these; an XML tree cannot hold them, and one of them made the article vanish."""
    comment = (
        "<li class='comment'><cite class='fn'>Ann</cite>"
        "<p>A comment with enough words to count as a comment section of its own here.</p></li>"
    )
    body = {
        "text": f"<p>Words {reference} between.</p>",
        "attribute": f"<p title='x{reference}y'>Words between.</p>",
        "comment": f"<ol class='commentlist'>{comment.replace('enough', 'enough' + reference)}</ol>",
    }[where]
    page = parse_html_text(_page(body), source="refs.html")
    assert len(page.article.paragraphs) >= 3
    assert page.article.paragraphs[0].startswith("The council voted")
    shown = " ".join([*page.article.paragraphs, *(c.text for c in page.comments)])
    assert not any(ch in shown for ch in "\x01\x08\x0b\x1b\x1f\ufffe\uffff")
    if where == "comment":
        assert [c.author for c in page.comments] == ["Ann"]


def _item(n: int) -> str:
    return f"<li class='comment' id='comment-{n}'><cite class='fn'>User{n}</cite><p>Reply number {n} is here.</p>"


@pytest.mark.parametrize(
    ("name", "thread"),
    [
        # a reply chain of 1,100 comments: 2,200 levels, past libxml2's 2,048
        ("reply chain", "".join(_item(n) + "<ul class='children'>" for n in range(1100)) + "</ul></li>" * 1100),
        # a template that leaves one <div> open per comment
        ("unclosed template", "".join(_item(n).replace("<li ", "<div ") for n in range(2100))),
    ],
)
def test_comment_trees_past_the_parsers_depth_limit_keep_every_comment(name: str, thread: str) -> None:
    page = parse_html_text(_page(f"<ol class='commentlist'>{thread}</ol></body></html>"), source=f"{name}.html")
    count = thread.count("class='comment'")
    assert [c.text for c in page.comments] == [f"Reply number {n} is here." for n in range(count)]
    assert [c.author for c in page.comments] == [f"User{n}" for n in range(count)]
    seen: dict[str, int] = {}
    for comment in page.comments:
        assert comment.parent_id is None or comment.parent_id in seen
        assert comment.depth == (0 if comment.parent_id is None else seen[comment.parent_id] + 1)
        seen[comment.id] = comment.depth
    assert any("flattened" in note for note in page.notes)
    assert page.article.paragraphs[0].startswith("The council voted")


def test_a_page_of_ordinary_depth_is_not_flattened() -> None:
    thread = "".join(_item(n) + "<ul class='children'>" for n in range(200)) + "</ul></li>" * 200
    page = parse_html_text(_page(f"<ol class='commentlist'>{thread}</ol></body></html>"), source="deep.html")
    assert max(c.depth for c in page.comments) == 199
    assert page.notes == ()


FOOTERS = "".join(
    f"<p>{text}</p><p class='small'>Posted by: {name} | March {n + 3}, 2024 at 5:1{n} PM</p>"
    for n, (name, text) in enumerate(
        [
            ("Gail T.", "My son catches the bus at six fifty and is tired by third period."),
            ("Coach R", "Later starts mean practice ends after dark in the winter months."),
            ("Elena", "Other districts made this change years ago and their teams are fine."),
        ]
    )
)


def test_comment_marks_in_the_rendered_text_find_comments_no_markup_names() -> None:
    page = parse_html_text(_page(f"<div class='col'><h4>Reader comments</h4>{FOOTERS}</div></body></html>"), source="f")
    assert [c.author for c in page.comments] == ["Gail T.", "Coach R", "Elena"]
    assert page.comments[1].text == "Later starts mean practice ends after dark in the winter months."
    assert page.comments[0].posted_at == "March 3, 2024 at 5:10 PM"
    article = " ".join(page.article.paragraphs)
    assert "bus at six fifty" not in article and "Posted by" not in article
    assert "Construction is expected" in article


def test_an_article_byline_is_not_a_comment() -> None:
    byline = "<p class='byline'>Posted by Jane Reporter at 9:30 AM, March 3, 2024</p>"
    page = parse_html_text(
        _page("</body></html>").replace("<h1>Bike lanes</h1>", "<h1>Bike lanes</h1>" + byline), source="b"
    )
    assert page.comments == ()
    assert "Construction is expected" in " ".join(page.article.paragraphs)


def _comment(n: int, author: str | None, text: str) -> Comment:
    return Comment(id=f"c{n}", author=author, parent_id=None, depth=0, text=text)


LEAD = "The city council voted seven to two on Tuesday to build protected bike lanes along the whole of Main Street."


@pytest.mark.parametrize(
    ("article", "comments", "kind"),
    [
        (Article(title="T", paragraphs=tuple(f"Paragraph {n}." for n in range(200))), (), "many_paragraphs"),
        (Article(title="T", paragraphs=(LEAD, "More.")), (_comment(1, "Ann", f"Intro. {LEAD}"),), "lead_in_comments"),
        (
            Article(title="T", paragraphs=(LEAD,)),
            tuple(_comment(n, "Site Editor", f"Comment {n} words.") for n in range(5)),
            "one_author",
        ),
        (
            Article(
                title="T",
                paragraphs=(
                    " ".join(["Words of a comment that ran into the article."] * 15)
                    + " Posted by: Ann | March 3, 2024 at 5:12 PM and more words follow here.",
                ),
            ),
            (),
            "marks_in_article",
        ),
    ],
)
def test_each_sign_of_a_wrong_split_is_a_doubt(article: Article, comments: tuple[Comment, ...], kind: str) -> None:
    assert [d.kind for d in doubts(article, comments)] == [kind]


def test_a_clean_split_raises_no_doubt() -> None:
    article = Article(title="T", paragraphs=(LEAD, "Second paragraph of the article."))
    comments = (_comment(1, "Ann", "I agree."), _comment(2, "Bob", "I do not."), _comment(3, None, "Maybe."))
    assert doubts(article, comments) == []


def test_all_comments_by_one_name_take_their_own_header_lines_or_say_so(tmp_path: Path) -> None:
    items = "".join(
        f"<li class='comment'><span class='author'>Site Editor</span><p>{name} says:</p><p>{text}</p></li>"
        for name, text in [
            ("Ann", "Finally the lanes are coming to our street."),
            ("Bob", "My shop will lose customers because of this."),
            ("Cy", "Good news for the children of the neighbourhood."),
            ("Dee", "Let us hope they finish the work before winter."),
        ]
    )
    page = parse_html_text(_page(f"<ol class='commentlist'>{items}</ol></body></html>"), source="one.html")
    assert [c.author for c in page.comments] == ["Ann", "Bob", "Cy", "Dee"]
    assert page.comments[0].text == "Finally the lanes are coming to our street."
    same = items.replace(" says:", " agrees")
    path = tmp_path / "same.html"
    path.write_text(_page(f"<ol class='commentlist'>{same}</ol></body></html>"), encoding="utf-8")
    page = parse_page(path)
    assert {c.author for c in page.comments} == {"Site Editor"}
    assert any("all 4 comments have the author 'Site Editor'" in note for note in page.notes)


@pytest.mark.parametrize(
    ("verb", "name"),
    [
        ("says:", "Ann Lee"),
        ("sagt:", "Jürgen H."),
        ("a écrit :", "Léa"),
        ("dijo:", "José"),
        ("zegt:", "Piet"),
        ("ha scritto:", "Marco"),
        ("escreveu:", "João"),
    ],
)
@pytest.mark.parametrize("apart", [True, False], ids=["own-element", "in-the-name"])
def test_the_header_verb_after_a_name_is_neither_name_nor_text(verb: str, name: str, apart: bool) -> None:
    """WordPress's '%s says:' in every translation: the verb belongs to the header, not to the comment, whether it
    has an element of its own or shares the name's."""
    header = f"<cite class='fn'>{name}</cite> <span class='says'>{verb}</span>" if apart else f"{name} {verb}"
    items = "".join(
        f"<li class='comment' id='comment-{n}'><div class='comment-author vcard'>{header}</div><p>{text}</p></li>"
        for n, text in enumerate(("The lanes were overdue, buses crawl every morning.", "Where do vans stop now?"))
    )
    page = parse_html_text(_page(f"<ol class='commentlist'>{items}</ol>"), source="verbs.html")
    assert [c.author for c in page.comments] == [name, name]
    assert [c.text.split("\n")[0] for c in page.comments] == [
        "The lanes were overdue, buses crawl every morning.",
        "Where do vans stop now?",
    ]


def _typepad(name: str, text: str, stamp: str) -> str:
    return (
        f"<div class='comment' id='comment-{len(name)}'><div class='comment-content'><p>{text}</p></div>"
        f"<p class='comment-footer'>\n\t\tPosted by:\n\t\t{name} |\n\t\t"
        f"<a rel='nofollow' href='#c{len(name)}'>{stamp}</a>\n\t</p></div>"
    )


def test_a_permalink_date_is_not_the_author_the_byline_around_it_names_them() -> None:
    """A footer's first link is the author's where the author left a web address, else the comment's permalink,
    which shows its date; the name then stands in the footer's own text, broken over source lines."""
    comments = "".join(
        _typepad(name, text, stamp)
        for name, text, stamp in (
            (
                "Janet",
                "Loved this post, and I will pass it on to my friends.",
                "Thursday, November 08, 2012 at 01:26 PM",
            ),
            ("Karen W.", "The happy ending made my day, thank you for writing it.", "November 08, 2012 at 01:33 PM"),
        )
    )
    page = parse_html_text(_page(f"<div class='comments'>{comments}</div></body></html>"), source="t")
    assert [c.author for c in page.comments] == ["Janet", "Karen W."]
    assert page.comments[1].posted_at == "November 08, 2012 at 01:33 PM"
    assert all("Posted by" not in c.text and "2012" not in c.text for c in page.comments)


def test_a_permalink_date_alone_in_a_footer_leaves_the_name_to_the_header() -> None:
    """The footer holds nothing but the permalink: the name is in the item's header, outside its body."""
    items = "".join(
        f"<div class='comment-odd' id='comment-{n}'><div class='inner'><div class='comment-header'>{name} said:</div>"
        f"<div class='comment-content'><p>{text}</p></div>"
        f"<div class='comment-footer'><a href='#comment-{n}' title='Permalink'>November 10, 2012  {n}:52 PM</a></div>"
        "</div></div>"
        for n, name, text in (
            (1, "Forlork", "The dialog insists that the hero is a boy, and nothing is to be done about it."),
            (2, "Radiant Sophia", "Seems a little excessive in my opinion, but the game is lovely."),
        )
    )
    page = parse_html_text(_page(f"<div class='comments-content'>{items}</div></body></html>"), source="s")
    assert [c.author for c in page.comments] == ["Forlork", "Radiant Sophia"]
    assert [c.posted_at for c in page.comments] == ["November 10, 2012 1:52 PM", "November 10, 2012 2:52 PM"]


@pytest.mark.parametrize("before", ["<!</div>", "<!-- a note -->", "<?php echo 1; ?>"])
def test_an_html_comment_before_a_block_of_replies_is_passed_by(before: str) -> None:
    # bench/fuzz_parse.py found the first: a bogus comment, then a comment item, made the reply finder ask an
    # HTML comment for its text (lxml: "Input object is not an XML element")
    page = parse_html_text(f"{before}<div class='comment'> . . . . . . . . . . . . . . . . . . . .", source="f.html")
    assert page.article is not None
    # Drupal's replies follow their parent in a div.indented of their own: a comment between the two changes nothing
    drupal = (Path(__file__).parent / "modern" / "drupal_es.html").read_text(encoding="utf-8")
    assert drupal.count('</article>\n<div class="indented">') == 1
    noted = drupal.replace('</article>\n<div class="indented">', f'</article>\n{before}\n<div class="indented">')
    expected = parse_html_text(drupal, source="drupal_es.html").comments
    assert any(c.parent_id for c in expected)
    assert parse_html_text(noted, source="drupal_es.html").comments == expected
