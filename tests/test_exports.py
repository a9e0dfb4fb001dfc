"""Platform exports, on fixtures written from each platform's documented shape: golden parses, the
reply tree with the platform's ids, items that are not comments, plain text, times, companion files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from comments.cli import main
from comments.errors import CompanionFile, ParseError
from comments.model import Page
from comments.parse import Columns, ParseSettings, parse_file
from comments.run import run_report
from tests.conftest import NO_CHARTS

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
COMPANIONS = ("reddit/RS_2023-01.ndjson", "nyt/ArticlesApril2017.csv")
FIXTURES = sorted(p.relative_to(EXPORTS).as_posix() for p in EXPORTS.rglob("*") if p.is_file())


def shown(pages: list[Page]) -> list[dict[str, Any]]:
    """A page as ``comments parse`` prints it, with what the golden files also pin: times and notes."""
    out = []
    for page in pages:
        value = page.to_json()
        for row, comment in zip(value["comments"], page.comments, strict=True):
            row["posted_at"] = comment.posted_at
        value["notes"] = list(page.notes)
        out.append(value)
    return out


def comments_of(page: Page) -> list[tuple[str, str | None, int, str | None]]:
    return [(c.id, c.parent_id, c.depth, c.author) for c in page.comments]


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in COMPANIONS])
def test_export_parses_to_its_golden_file(name: str, golden: Callable[[str, Any], None]) -> None:
    golden(f"parse/exports/{name}.json", shown(parse_file(EXPORTS / name)))


@pytest.mark.parametrize("name", COMPANIONS)
def test_a_companion_file_is_no_page_of_its_own(name: str) -> None:
    with pytest.raises(CompanionFile, match="joined to the comments beside it"):
        parse_file(EXPORTS / name)


def test_reddit_dump_threads_by_prefixed_ids_and_joins_its_submissions() -> None:
    bakery, metro = parse_file(EXPORTS / "reddit" / "RC_2023-01.ndjson")
    assert bakery.source == "RC_2023-01.ndjson#zz1abc"
    assert bakery.article.title == "Is the old bakery still open?"  # from RS_2023-01.ndjson beside it
    assert comments_of(bakery) == [
        ("j1a0001", None, 0, "brotfan"),
        ("j1a0003", "j1a0002", 2, "hefeteig"),  # the reply to a deleted comment keeps its place and depth
        ("j1a0005", "j1a0004", 1, "neugierig"),  # and the reply to a removed one
        ("j1a0006", "gone999", 1, "spaetzle"),  # its parent is not in the dump: kept, and said
        ("j1a0007", None, 0, None),  # the account is deleted, the comment is not
    ]
    assert dict(bakery.status_counts) == {"deleted": 1, "removed": 1}
    assert "1 reply: parent not in the file" in bakery.notes
    assert bakery.comments[0].text == "> Is the bakery on Mühlenstraße still open?\nYes & it sells Käsekuchen again."
    assert bakery.comments[1].posted_at == "2023-01-01T00:10:00Z"  # created_utc given as a string
    assert metro.article.title is None
    assert any("submission t3_zz2def not in the file" in note for note in metro.notes)
    assert metro.comments[0].text == "Ça marche très bien à Montréal <3"


def test_reddit_submissions_named_with_articles(tmp_path: Path) -> None:
    shutil.copy(EXPORTS / "reddit" / "RC_2023-01.ndjson", tmp_path)
    alone = parse_file(tmp_path / "RC_2023-01.ndjson")[0]
    assert alone.article.title is None
    settings = ParseSettings(articles=EXPORTS / "reddit" / "RS_2023-01.ndjson")
    assert parse_file(tmp_path / "RC_2023-01.ndjson", settings)[0].article.title == "Is the old bakery still open?"


def test_reddit_api_thread_with_nested_replies_and_more() -> None:
    (page,) = parse_file(EXPORTS / "reddit_thread.json")
    assert page.article.title == "Bürgermeister tritt zurück"
    assert comments_of(page) == [("k1", None, 0, "anna"), ("k2", "k1", 1, "ben"), ("k4", "k3", 1, "cara")]
    assert page.comments[1].text == "> Endlich!\nWarum *endlich*?"
    assert "3 comments not in the file (Reddit's 'load more comments')" in page.notes


def test_keep_deleted_keeps_them_as_rows_with_a_status() -> None:
    settings = ParseSettings(keep_deleted=True)
    bakery = parse_file(EXPORTS / "reddit" / "RC_2023-01.ndjson", settings)[0]
    assert [(c.id, c.status, c.depth) for c in bakery.comments][:4] == [
        ("j1a0001", None, 0),
        ("j1a0002", "deleted", 1),
        ("j1a0003", None, 2),
        ("j1a0004", "removed", 0),
    ]
    assert dict(bakery.status_counts) == {"deleted": 1, "removed": 1}
    assert bakery.to_json()["comments"][1]["status"] == "deleted"


def test_hacker_news_items_in_ranked_order_with_authors() -> None:
    story, orphans = parse_file(EXPORTS / "hackernews_items.jsonl")
    assert story.article.title == "Show HN: A café finder"
    # kids [102, 101, 105] rank the replies; 103 is deleted and 105 dead: neither is a comment
    assert comments_of(story) == [("102", None, 0, "bob"), ("101", None, 0, "alice"), ("104", "103", 2, "carol")]
    assert story.comments[1].text == "I've tried it.\nIt works in Zürich too."
    assert story.comments[0].text == "> Show HN\nLooks like http://example.org/ again."
    assert story.comments[0].posted_at == "2007-04-04T19:20:00Z"
    assert dict(story.status_counts) == {"deleted": 1, "dead": 1}
    assert orphans.source == "hackernews_items.jsonl#999"
    assert comments_of(orphans) == [("106", "999", 1, "erin")]


def test_hacker_news_algolia_tree_keeps_every_comment() -> None:
    (page,) = parse_file(EXPORTS / "hackernews_algolia.json")
    assert page.article.paragraphs == ("What do you think & why?",)
    assert comments_of(page) == [("201", None, 0, "xenia"), ("203", "202", 2, "yusuf"), ("204", None, 0, "zoe")]
    assert page.comments[0].text == "First & foremost\na second paragraph with italics"
    assert page.comments[2].text == 'Try this:\nprint("hello")\nprint("world")'
    assert dict(page.status_counts) == {"deleted": 1}


def test_youtube_json_lines_named_json_and_the_pretty_form() -> None:
    (page,) = parse_file(EXPORTS / "youtube" / "dQw4w9WgXcQ.json")
    assert page.article.title == "YouTube video dQw4w9WgXcQ"
    first, second, third, fourth, late = page.comments
    assert (second.parent_id, second.depth) == (first.id, 1)
    assert (third.parent_id, fourth.parent_id) == (first.id, None)
    assert fourth.text == "First <b>time</b> here & loving it"  # YouTube text is plain text: kept as typed
    assert (late.parent_id, late.depth) == ("UgzMISSINGparent00000", 1)
    assert first.posted_at == "2 years ago"
    assert "posted_at: 5 relative times as the platform showed them ('2 years ago')" in page.notes
    (pretty,) = parse_file(EXPORTS / "youtube" / "ScMzIvxBSi4.pretty.json")
    assert pretty.article.title == "YouTube video ScMzIvxBSi4"
    assert [c.depth for c in pretty.comments] == [0, 1]


def test_youtube_downloader_default_file_name_has_no_ending(tmp_path: Path) -> None:
    path = tmp_path / "dQw4w9WgXcQ"
    path.write_bytes((EXPORTS / "youtube" / "dQw4w9WgXcQ.json").read_bytes())
    (page,) = parse_file(path)
    assert page.article.title == "YouTube video dQw4w9WgXcQ" and len(page.comments) == 5


def test_disqus_export_one_page_per_thread_with_posts() -> None:
    tram, untitled = parse_file(EXPORTS / "disqus_export.xml")
    assert tram.article.title == "The new tram line opens in Köln"
    assert comments_of(tram) == [
        ("9001", None, 0, "Jana Weiß"),
        ("9003", "9002", 2, "guest_4471"),
        ("9005", "8999", 1, "Late Reader"),
    ]
    assert (
        tram.comments[0].text == "Finally! The tram runs every 10 minutes & the stops are on this map.\nGrüße aus Köln"
    )
    assert tram.comments[1].text == "> This was rude\nGlad it is gone.\nBack to trams."
    assert tram.comments[2].posted_at == "2015-06-01T09:00:00Z"  # +02:00 in the export
    assert dict(tram.status_counts) == {"deleted": 1, "spam": 1}
    assert untitled.article.title == "https://citynews.example/2015/untitled"


def test_wordpress_export_statuses_and_local_times() -> None:
    tomatoes, classic = parse_file(EXPORTS / "wordpress_export.xml")
    assert tomatoes.article.paragraphs == (
        "Cold nights slow tomatoes down.",
        "Cover them with fleece & wait for warmer days.",
    )
    assert comments_of(tomatoes) == [
        ("31", None, 0, "Åsa Lindqvist"),
        ("32", "31", 1, "admin"),
        ("37", "33", 1, "Old Reader"),
    ]
    assert dict(tomatoes.status_counts) == {"spam": 1, "unapproved": 1, "trash": 1, "pingback": 1}
    assert tomatoes.comments[0].text == (
        "Fleece saved mine last year.\nI also put water jugs between the plants.\nThey keep the warmth."
    )
    assert tomatoes.comments[0].posted_at == "2024-01-10T10:30:00Z"
    assert tomatoes.comments[2].posted_at == "2024-01-12 09:30:00"  # no GMT date: the blog's local time
    assert "posted_at: 1 time in the site's local time (no zone given), as found" in tomatoes.notes
    assert classic.comments[0].text == "Is 5 < 7 in your raised beds too? :-)"


def test_nyt_comments_join_their_articles_beside_them() -> None:
    hospitals, unknown = parse_file(EXPORTS / "nyt" / "CommentsApril2017.csv")
    assert hospitals.article.title == "Rural Hospitals Need a Lifeline"
    assert hospitals.article.paragraphs == ("Dozens of rural hospitals have closed since 2010, and more are at risk.",)
    assert comments_of(hospitals) == [
        ("22022598", None, 0, "Retired Nurse"),
        ("22022702", "22022598", 1, "Émile D."),
        ("22022950", "22022702", 2, "Retired Nurse"),
        ("22023100", "21999999", 1, "K. Tanaka"),
    ]
    assert hospitals.comments[0].text == (
        'This is the editorial I have waited for.\nThe "plan" still leaves rural hospitals out & nobody says why.'
    )
    assert hospitals.comments[0].posted_at == "2017-04-03T18:46:26Z"
    assert unknown.article.title is None and unknown.notes


def test_facebook_and_instagram_mojibake_is_repaired() -> None:
    (facebook,) = parse_file(EXPORTS / "facebook_comments.json")
    assert [(c.author, c.text) for c in facebook.comments] == [
        ("Lukas Müller", "Schön, dass ihr wieder da seid! 😊"),
        ("Lukas Müller", "Congrats on the new job"),
    ]
    (instagram,) = parse_file(EXPORTS / "instagram_post_comments_1.json")
    assert instagram.comments[0].text == "Très belle photo 👏"
    assert instagram.comments[0].posted_at == "2020-09-13T12:26:40Z"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "feed.xml",
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
            r"root <feed>.*it reads Reddit",
        ),
        ("broken.xml", "<disqus><thread>", "not well-formed XML"),
        ("shape.json", '{"count": 3}', "a JSON object without a list of comments; it reads Reddit"),
        ("value.json", '"text"', "JSON holds a str, not a list of comments; it reads Reddit"),
    ],
)
def test_an_unknown_shape_names_the_formats_the_tool_knows(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        parse_file(path)


def test_format_forces_a_reader(tmp_path: Path) -> None:
    dump = EXPORTS / "reddit" / "RC_2023-01.ndjson"
    with pytest.raises(ParseError, match="not a youtube export"):
        parse_file(dump, ParseSettings(format="youtube"))
    pages = parse_file(dump, ParseSettings(format="jsonl", columns=Columns(article="link_id")))
    assert [c.text for c in pages[0].comments][:2] == [
        "> Is the bakery on Mühlenstraße still open?\n"
        "Yes & it sells [Käsekuchen](https://example.org/k%C3%A4se_(torte)) again. &#x200B;",
        "[deleted]",
    ]
    xml = tmp_path / "export.txt"
    xml.write_bytes((EXPORTS / "disqus_export.xml").read_bytes())
    assert len(parse_file(xml)) == 2  # recognised from its root element, whatever its ending


def test_generic_tables_match_camel_case_and_dotted_columns(tmp_path: Path) -> None:
    camel = tmp_path / "camel.csv"
    camel.write_text("articleID,commentBody,userDisplayName,replyToID\nA1,Hello &amp; welcome<br/>friends,Ann,\n")
    (page,) = parse_file(camel)
    assert [(c.author, c.text) for c in page.comments] == [("Ann", "Hello & welcome\nfriends")]
    assert page.source == "camel.csv#A1"
    assert page.notes == ()
    nested = tmp_path / "nested.json"
    rows = [{"data": {"comment": {"comment": "Nested text", "by": {"name": "Bo"}}}}]
    nested.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ParseError, match="no comment text column"):
        parse_file(nested)
    settings = ParseSettings(columns=Columns(text="data.comment.comment", author="data.comment.by.name"))
    (page,) = parse_file(nested, settings)
    assert [(c.author, c.text) for c in page.comments] == [("Bo", "Nested text")]
    assert page.notes == (
        "columns not found: parent (no reply tree), article (all rows one article); "
        "name them with --parent-col, --article-col",
    )


def test_a_table_says_when_a_parent_is_not_earlier() -> None:
    pages = parse_file(Path(__file__).parent / "fixtures" / "comments.csv")
    assert "1 reply: parent not earlier in the table; read as top level" in pages[1].notes


def test_report_counts_what_was_left_out_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", str(EXPORTS), "--out", str(out), "--quiet", "--no-charts", "--toxicity", "profanity"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("16 pages, ") and " 0 failed" in lines[0]  # the two companion files are no pages
    assert lines[2] == (  # after the summary and the toxicity line; the lines on languages follow
        "left out, not comments: 5 deleted, 1 removed, 1 dead, 2 spam, 1 unapproved, 1 trash, 1 pingback, 1 trackback "
        "(counted in articles.csv; keep them with --keep-deleted)"
    )
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("source")
    assert articles.loc["disqus_export.xml#5001", ["n_deleted", "n_spam"]].tolist() == [1, 1]
    assert articles["n_comments"].sum() == len(pd.read_csv(out / "comments.csv"))
    assert not (out / "errors.csv").read_text().strip().count("\n")
    kept = tmp_path / "kept"
    assert (
        main(
            [
                "report",
                str(EXPORTS),
                "--out",
                str(kept),
                "--quiet",
                "--no-charts",
                "--toxicity",
                "profanity",
                "--keep-deleted",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[2].startswith("kept with their status in comments.csv: 5 deleted")
    comments = pd.read_csv(kept / "comments.csv", keep_default_na=False)
    assert sorted(set(comments["status"])) == [
        *("", "dead", "deleted", "pingback", "removed", "spam", "trackback", "trash", "unapproved")
    ]


def test_deep_and_huge_json_is_that_file_s_failure_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "deep.jsonl").write_text('{"text": "ok"}\n' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "\n")
    (folder / "deep.xml").write_text("<disqus>" + "<a>" * 100_000 + "</a>" * 100_000 + "</disqus>")
    (folder / "digits.json").write_text(json.dumps([{"text": "a long id", "id": 0}]).replace("0}", "9" * 5000 + "}"))
    (folder / "good.csv").write_text("text\nFine comment\n")
    summary = run_report([folder], tmp_path / "out", NO_CHARTS)
    failed = {Path(f.file).name: f.message for f in summary.failures}
    assert set(failed) == {"deep.json", "deep.jsonl", "deep.xml"}
    assert "JSON nested too deeply to read" in failed["deep.json"]
    assert "line 2 is JSON nested too deeply to read" in failed["deep.jsonl"]
    assert "not well-formed XML" in failed["deep.xml"]
    assert summary.pages == 2  # the 5,000-digit id is kept as text; the good table is reported
    (digits,) = parse_file(folder / "digits.json")
    assert digits.comments[0].id == "9" * 5000


def test_any_reader_error_is_that_file_s_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from comments.parse import formats

    def broken(*args: object, **kwargs: object) -> list[Page]:
        raise KeyError("surprise")

    monkeypatch.setattr(formats.youtube, "parse", broken)
    exports = [EXPORTS / "youtube" / "dQw4w9WgXcQ.json", EXPORTS / "hackernews_algolia.json"]
    summary = run_report(exports, tmp_path / "out", NO_CHARTS)
    (failure,) = summary.failures
    assert "could not be parsed (KeyError: 'surprise')" in failure.message
    assert summary.pages == 1


def test_a_csv_field_may_be_as_long_as_the_file(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("text,author\n" + '"' + "word " * 40_000 + '",Ann\n')
    (page,) = parse_file(path)
    assert len(page.comments[0].text) == len("word " * 40_000) - 1


def test_xml_entities_never_reach_outside_the_file(tmp_path: Path) -> None:
    head = '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    body = '<disqus><thread dsq:id="1" xmlns:dsq="http://disqus.com/disqus-internals"/><post><message>&xxe;</message></post></disqus>'
    (tmp_path / "xxe.xml").write_text(head + body)
    with pytest.raises(ParseError, match="not well-formed XML") as caught:
        parse_file(tmp_path / "xxe.xml")
    assert "root:" not in str(caught.value)
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE disqus [<!ENTITY l0 "lol">{lol}]>'
        "<disqus><post><message>&l9;</message></post></disqus>"
    )
    (tmp_path / "bomb.xml").write_text(bomb)
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_file(tmp_path / "bomb.xml")


def test_replies_in_a_loop_and_repeated_ids_are_kept_once(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "body": "x", "parent_id": "t1_b", "link_id": "t3_s"},
        {"id": "b", "body": "y", "parent_id": "t1_a", "link_id": "t3_s"},
        {"id": "a", "body": "again", "parent_id": "t3_s", "link_id": "t3_s"},
    ]
    (tmp_path / "RC_loop").write_text("\n".join(map(json.dumps, rows)))
    (page,) = parse_file(tmp_path / "RC_loop")
    assert [(c.id, c.parent_id, c.depth, c.text) for c in page.comments] == [("a", "b", 1, "x"), ("b", "a", 2, "y")]
    assert "1 reply in a loop of parents: the loop is cut at its first item" in page.notes
    assert "1 item repeated with the same id: kept once" in page.notes


def test_column_options_on_an_export_are_said_to_be_unused() -> None:
    settings = ParseSettings(columns=Columns(text="body"))
    (page,) = parse_file(EXPORTS / "youtube" / "dQw4w9WgXcQ.json", settings)
    assert page.notes[-1] == (
        "read as a YouTube export: the column options are for plain tables and were not used "
        "(read it as a plain table with --format jsonl)"
    )


def test_articles_must_be_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(EXPORTS / "reddit" / "RC_2023-01.ndjson"), "--articles", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"error: --articles {tmp_path}: not a file; give the Reddit submissions or NYT articles file\n"
    )


HOSTILE_VALUES = [
    None,
    0,
    -1,
    1e308,
    float("inf"),
    True,
    "",
    " ",
    "$",
    "{}",
    "%s%n",
    "<script>x</script>",
    "[deleted]",
    "t1_",
    "t3_",
    ".",
    "9" * 50,
    [],
    [None],
    {},
    {"a": {"b": None}},
    "\x00\x1b",
    "é" * 3000,
]


def _mutated(value: Any, choices: list[int]) -> Any:
    """``value`` with some of its leaves (picked by ``choices``) swapped for hostile values."""
    counter = iter(choices)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: walk(child) for key, child in node.items()}
        if isinstance(node, list):
            return [walk(child) for child in node]
        pick = next(counter, 0)
        return HOSTILE_VALUES[pick - 1] if 0 < pick <= len(HOSTILE_VALUES) else node

    return walk(value)


JSON_EXPORTS = [
    "reddit/RC_2023-01.ndjson",
    "reddit_thread.json",
    "hackernews_items.jsonl",
    "hackernews_algolia.json",
    "youtube/dQw4w9WgXcQ.json",
    "facebook_comments.json",
    "instagram_post_comments_1.json",
]


@pytest.mark.parametrize("name", JSON_EXPORTS)
def test_hostile_field_values_never_break_a_reader(name: str, tmp_path: Path) -> None:
    """Any value in any field: a parse, or a ParseError that names the problem; never a reader's own error."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    text = (EXPORTS / name).read_text(encoding="utf-8")
    lines = name.endswith(("ndjson", "jsonl")) or name.startswith("youtube")
    original = [json.loads(line) for line in text.splitlines()] if lines else json.loads(text)
    target = tmp_path / Path(name).name

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.integers(0, 3 * len(HOSTILE_VALUES)), min_size=1, max_size=200))
    def check(choices: list[int]) -> None:
        value = _mutated(original, choices)
        body = "\n".join(json.dumps(v) for v in value) if lines else json.dumps(value)
        target.write_text(body, encoding="utf-8")
        try:
            pages = parse_file(target)
        except ParseError as err:
            refused = str(err)
        else:
            refused = ""
        assert "could not be parsed" not in refused, refused  # a reader's own error, caught at the file's edge
        for page in pages if not refused else []:
            ids = [c.id for c in page.comments]
            assert len(ids) == len(set(ids))
            for comment in page.comments:
                assert (comment.depth == 0) == (comment.parent_id is None)
                assert isinstance(comment.text, str)

    check()
