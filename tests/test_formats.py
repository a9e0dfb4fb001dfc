"""Every input format, on small fixtures written for the tests: golden parses, table options, clear errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comments.cli import main
from comments.errors import ParseError
from comments.parse import Columns, ParseSettings, parse_file

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.is_file()))
def test_fixture_parses_to_its_golden_file(name: str, golden: Callable[[str, Any], None]) -> None:
    pages = parse_file(FIXTURES / name)
    shown = pages[0].to_json() if len(pages) == 1 else [page.to_json() for page in pages]
    golden(f"parse/{name}.json", shown)


def test_html_comment_tree_authors_and_times() -> None:
    (page,) = parse_file(FIXTURES / "wordpress.html")
    assert [(c.author, c.parent_id, c.depth) for c in page.comments] == [
        ("Maria Lopez", None, 0),
        ("Tom Baker", "c1", 1),
        ("Anonymous", None, 0),
    ]
    assert page.comments[0].posted_at == "March 3, 2012 at 5:12 pm"
    everything = " ".join([*page.article.paragraphs, *(c.text for c in page.comments)])
    for interface in ("Reply", "Leave a Reply", "Post Comment", "tracking", "Home"):
        assert interface not in everything
    assert not any("Finally!" in p for p in page.article.paragraphs)


def test_declared_charset_is_honoured() -> None:
    (page,) = parse_file(FIXTURES / "blogger_cp1252.html")
    assert page.comments[0].author == "Élodie"
    assert page.comments[0].text == "Très bonne nouvelle, j’y vais demain !"


def test_a_table_holds_one_page_per_article() -> None:
    pages = parse_file(FIXTURES / "comments.csv")
    assert [p.source for p in pages] == ["comments.csv#a1", "comments.csv#b2"]
    assert [(c.id, c.parent_id, c.depth) for c in pages[0].comments] == [("1", None, 0), ("2", "1", 1), ("3", "2", 2)]
    assert pages[1].comments[1].parent_id is None  # its parent is not in the export


def test_columns_can_be_named(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("story,who,what\ns1,Ann,Nice one\ns1,Bob,Not for me\n", encoding="utf-8")
    with pytest.raises(ParseError, match="no comment text column"):
        parse_file(path)
    (page,) = parse_file(path, ParseSettings(columns=Columns(text="what", author="who", article="story")))
    assert [(c.author, c.text) for c in page.comments] == [("Ann", "Nice one"), ("Bob", "Not for me")]
    with pytest.raises(ParseError, match=r"no column 'nope' .*--author-col"):
        parse_file(path, ParseSettings(columns=Columns(text="what", author="nope")))


def test_a_json_text_given_as_paragraphs_is_read_as_paragraphs(tmp_path: Path) -> None:
    def texts(records: list[dict[str, Any]]) -> list[tuple[str | None, str]]:
        path = tmp_path / "export.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        (page,) = parse_file(path)
        return [(c.author, c.text) for c in page.comments]

    as_list = texts(
        [
            {"id": "1", "author": "Ann", "text": ["First point.", "  ", "Second point."]},
            {"id": "2", "author": "Bob", "text": [1, 2]},  # not a list of texts: kept as its JSON
            {"id": "3", "author": "Cy", "text": ["", " "]},  # no words: no comment
        ]
    )
    as_text = texts([{"id": "1", "author": "Ann", "text": "First point.\n\nSecond point."}])
    assert as_list == [*as_text, ("Bob", "[1, 2]")]
    assert "[" not in as_text[0][1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", '"just a string"', "JSON holds a str, not a list of comments"),
        ("b.json", '{"count": 3}', "a JSON object without a list of comments"),
        ("c.json", "[1, 2]", "record 1 is a int, not an object"),
        ("d.json", "{broken", "not valid JSON"),
        ("e.jsonl", '{"text": "ok"}\nnot json\n', "line 2 is not JSON"),
        ("f.csv", "text\n", "the table has no rows"),
    ],
)
def test_malformed_tables_say_what_is_wrong(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        parse_file(path)


def test_format_option_overrides_the_file_ending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "saved_page.txt"
    path.write_bytes((FIXTURES / "wordpress.html").read_bytes())
    assert main(["parse", str(path), "--format", "html"]) == 0
    assert json.loads(capsys.readouterr().out)["comments"][1]["author"] == "Tom Baker"


def test_report_over_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", str(FIXTURES), "--out", str(out), "--quiet", "--no-charts"]) == 0
    summary = capsys.readouterr().out
    # the platform exports (16 pages, 40 comments) and the saved pages whose comments load by script (7) count too
    assert summary.startswith("31 pages, 59 comments, 55 commenters, 0 failed")
