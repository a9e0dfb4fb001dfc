"""The text parser's rules and invariants, on small pages written for the tests."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from comments import parse_text

THREAD = textwrap.dedent(
    """\
    A short title

    The article's only paragraph, which
    is wrapped over two lines.

      1. Avatar Ann says:

        First comment.

        1. Bob says:

          A reply to Ann,
          on two lines.

          1. Avatar Cy says:

            A reply to Bob.

        2. Dee wrote:

          Another reply to Ann.

      2. Eve says:

        Top level again.
    """
)


def test_reply_tree_follows_indentation() -> None:
    page = parse_text(THREAD, source="thread.txt")
    assert [(c.id, c.author, c.parent_id, c.depth) for c in page.comments] == [
        ("c1", "Ann", None, 0),
        ("c2", "Bob", "c1", 1),
        ("c3", "Cy", "c2", 2),
        ("c4", "Dee", "c1", 1),
        ("c5", "Eve", None, 0),
    ]
    assert page.comments[1].text == "A reply to Ann,\non two lines."


def test_wrapped_paragraph_lines_are_joined() -> None:
    page = parse_text(THREAD, source="thread.txt")
    assert page.article.title == "A short title"
    assert page.article.paragraphs == ("The article's only paragraph, which is wrapped over two lines.",)


def test_text_after_the_last_comment_at_its_indentation_is_not_comment_text() -> None:
    text = "Title\n\nBody.\n\n  1. Ann says:\n\n    Hello.\n\nLeave a Reply\n"
    page = parse_text(text, source="t.txt")
    assert [c.text for c in page.comments] == ["Hello."]
    assert [(c.kind, c.text) for c in page.article.clutter] == [("after_comments", "Leave a Reply")]


def test_a_page_without_comments_is_a_result() -> None:
    page = parse_text("A standfirst sentence that ends.\n\nBody text.\n", source="t.txt")
    assert page.comments == ()
    assert page.article.title is None
    assert len(page.article.paragraphs) == 2


def test_windows_and_old_mac_line_endings_parse_alike() -> None:
    unix = parse_text(THREAD, source="t.txt")
    assert parse_text(THREAD.replace("\n", "\r\n"), source="t.txt") == unix
    assert parse_text(THREAD.replace("\n", "\r"), source="t.txt") == unix


LINES = st.sampled_from(
    [
        "",
        "  ",
        "Title line",
        "A paragraph of article text.",
        "Tags: a, b",
        "Also read: something",
        "  1. Avatar Ann says:",
        "    1. Bob says:",
        "      Reply text here.",
        "    Comment text.",
        "\tTabbed says:",
        "says:",
        " says:",
        "Photo: Someone",
    ]
)


@settings(max_examples=300, deadline=1000)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40))
@example(lines=["      Reply text here.", "Tags: a, b", "  1. Avatar Ann says:", "b"])  # "b" is a word of a line
def test_parser_invariants(lines: list[str]) -> None:
    text = "\n".join(lines)
    page = parse_text(text, source="fuzz.txt")
    ids = {c.id for c in page.comments}
    depth_of: dict[str, int] = {}
    for comment in page.comments:
        # parents come before their replies, so the links form a tree in page order
        assert comment.parent_id is None or comment.parent_id in depth_of
        expected = 0 if comment.parent_id is None else depth_of[comment.parent_id] + 1
        assert comment.depth == expected
        depth_of[comment.id] = comment.depth
        for line in comment.text.splitlines():
            assert line.strip() in text
    assert len(ids) == len(page.comments)
    # no region of the input lands both in the article and in a comment: a comment line is
    # used no more often than the input holds it
    input_lines = [line.strip() for line in text.splitlines()]
    comment_lines = [line.strip() for c in page.comments for line in c.text.splitlines()]
    article_lines = [line for p in page.article.paragraphs for line in _source_lines(p, input_lines)]
    for line in set(comment_lines) - {""}:
        assert input_lines.count(line) >= comment_lines.count(line) + article_lines.count(line)


def _source_lines(paragraph: str, input_lines: list[str]) -> list[str]:
    """The run of consecutive input lines a paragraph was joined from (with single spaces), if there is one.

    Matching whole lines, not substrings: a one-word line "b" is not in "Tags: a, b".
    """
    for start, first in enumerate(input_lines):
        if not first or not paragraph.startswith(first):
            continue
        run: list[str] = []
        for line in input_lines[start:]:
            if not line:
                continue
            run.append(line)
            joined = " ".join(run)
            if joined == paragraph:
                return run
            if not paragraph.startswith(joined):
                break
    return []


@pytest.mark.parametrize(
    "header",
    [
        "On August 24, 2012 at 10:52 pm NAME said:",
        "NAME on August 24, 2012 at 10:52 pm said:",
        "#1 NAME says:",
        "(1) NAME says:",
        "1  NAME http://name.example.com says:",
        "NAME (162192) says:",
        "  o NAME says:",
    ],
)
def test_a_name_keeps_neither_its_date_nor_its_number_nor_its_link(header: str) -> None:
    """What comment systems and text browsers print around a name (a date, a list number, a bullet, a user
    number, the commenter's site) is not the name; a date in the header is the comment's time."""
    article = "Some article text that goes on for a while and says things about the council and its vote."
    comments = "".join(
        f"   {header.replace('NAME', name)}\n\n   {text}\n\n"
        for name, text in (("Drew Meyers", "Great post, thanks for writing it."), ("Ann Lee", "I disagree."))
    )
    page = parse_text(f"Title\n\n{article}\n\n2 Comments\n\n{comments}Leave a Reply\n", source="names.txt")
    assert [c.author for c in page.comments] == ["Drew Meyers", "Ann Lee"]
    assert [c.text for c in page.comments] == ["Great post, thanks for writing it.", "I disagree."]
    if "2012" in header:
        assert [c.posted_at for c in page.comments] == ["August 24, 2012 at 10:52 pm"] * 2


def test_a_by_name_on_date_line_under_a_comment_names_its_author() -> None:
    article = "Some article text that goes on for a while and says things about the council and its vote."
    page = parse_text(
        f"Title\n\n{article}\n\n2 Comments\n\nGreat post, thanks for writing it.\n\n"
        "by james on January 31, 2011 at 9:59 am\n\nI disagree with it.\n\n"
        "von Hans am 1. Februar 2011 um 10:00\n\nLeave a Reply\n",
        source="footers.txt",
    )
    assert [(c.author, c.text) for c in page.comments] == [
        ("james", "Great post, thanks for writing it."),
        ("Hans", "I disagree with it."),
    ]
