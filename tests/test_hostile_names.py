"""Hostile names and fields: file names and cells that hold escapes, line breaks, control characters,
lone surrogates or bytes that are not UTF-8 cost no table and cannot drive the terminal."""

from __future__ import annotations

import codecs
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from comments.cli import main
from comments.parse import parse_file

GOOD_PAGE = "A title\n\nThe council met on Tuesday and agreed the budget.\n\n  1. Ann says:\n\n    A fine decision.\n"
#: names a terminal would act on: colour and screen-clearing escapes, a forged line, a bidirectional override
HOSTILE_NAMES = [
    "red\x1b[31m.txt",
    "clear\x1b[2J\x1b[H.txt",
    "two\nerror: forged line.txt",
    "bell\x07.txt",
    "evil\u202etxt.exe.txt",
]
#: bytes a file system allows in a name that are not UTF-8 (Python holds them as lone surrogates)
NOT_UTF8 = pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")


def _comments(*args: bytes, command: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, b"-m", b"comments", command, *args], capture_output=True, timeout=300)


def _terminal_safe(text: str) -> None:
    assert all(ch.isprintable() or ch == "\n" for ch in text), repr(text)


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=ascii)
def test_a_file_name_cannot_forge_a_line_or_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / name).write_bytes(b"")  # empty: named in an error line
    (pages / ("good " + name)).write_text(GOOD_PAGE, encoding="utf-8")  # read: named in no line, but in the tables
    code = main(["report", str(pages), "--out", str(tmp_path / "out"), "--no-charts", "--no-html", "--quiet"])
    assert code == 1
    captured = capsys.readouterr()
    _terminal_safe(captured.err)
    _terminal_safe(captured.out)
    (error,) = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert error.endswith("the file is empty; nothing to parse")
    assert not any(line.startswith("error: forged") for line in captured.err.splitlines())
    # the tables keep the name as it is
    assert pd.read_csv(tmp_path / "out" / "errors.csv")["file"].tolist() == [str(pages / name)]
    assert pd.read_csv(tmp_path / "out" / "articles.csv")["source"].tolist() == ["good " + name]


@pytest.mark.parametrize("raw", [False, True], ids=["default", "raw csv"])
def test_a_bare_cr_in_a_file_name_keeps_its_table_row(tmp_path: Path, raw: bool) -> None:
    # the csv module quotes a cell holding LF but not one holding only CR, which readers take for a row's end
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "old\rmac.txt").write_bytes(b"")
    (pages / "good\rone.txt").write_text(GOOD_PAGE, encoding="utf-8")
    flags = ["--raw-csv"] if raw else []
    code = main(["report", str(pages), "--out", str(tmp_path / "out"), "--no-charts", "--no-html", "--quiet", *flags])
    assert code == 1
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert errors["file"].tolist() == [f"{pages}/old\nmac.txt"]
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert articles["source"].tolist() == ["good\none.txt"] and articles["n_comments"].tolist() == [1]
    comments = pd.read_csv(tmp_path / "out" / "comments.csv")
    assert len(comments) == 1


def test_parse_notes_name_the_file_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rows\x1b[31m\nnote: forged.csv"
    path.write_text("text\nFirst comment here.\nSecond comment here.\n", encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    err = capsys.readouterr().err
    _terminal_safe(err)
    assert err.count("\n") >= 1
    assert all(line.startswith("note: ") for line in err.splitlines())
    assert not any(line.startswith("note: forged") for line in err.splitlines())


@NOT_UTF8
def test_a_file_name_that_is_not_utf8_is_reported_not_a_traceback(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    good = os.path.join(os.fsencode(pages), b"caf\xe9.txt")
    bad = os.path.join(os.fsencode(pages), b"vide\xff.txt")
    with open(good, "wb") as handle:
        handle.write(GOOD_PAGE.encode())
    with open(bad, "wb"):
        pass
    out = tmp_path / "out"
    # in a process of its own: the log lines name the file, and pytest-xdist cannot carry them back
    done = _comments(os.fsencode(pages), b"--out", os.fsencode(out), b"--no-charts", b"--quiet", command=b"report")
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"vide\\udcff.txt: the file is empty" in done.stderr
    # every table, run.json and the HTML report are written, the name with the escape of its odd byte
    assert pd.read_csv(out / "articles.csv")["source"].tolist() == ["caf\\udce9.txt"]
    assert len(pd.read_csv(out / "comments.csv")) == 1
    assert pd.read_csv(out / "errors.csv")["file"].tolist() == [f"{pages}/vide\\udcff.txt"]
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    assert "\\udce9" in json.dumps(manifest)  # JSON's own escape: the name is kept exactly
    assert (out / "index.html").is_file()


@NOT_UTF8
def test_parse_prints_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(path, "wb") as handle:
        handle.write(GOOD_PAGE.encode())
    done = _comments(path, command=b"parse")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["source"] == "caf\udce9.txt"  # JSON's \udce9 escape read back
    assert shown["comments"][0]["text"] == "A fine decision."


#: what a cell may hold that no report may: escapes, a bell, NUL, DEL, C1 controls, lone surrogates, a bare CR
HOSTILE_CELLS = ["\x1b[2J\x1b[H", "\x07", "\x00", "\x7f", "\x85\x9b", "\ud800", "\udfff", "\r", "\r\n\t"]


def _export_rows(bad: str) -> list[dict[str, str]]:
    return [
        {"id": f"root{bad}1", "author": f"Ann{bad}", "title": f"The{bad} budget", "text": f"A fine{bad} decision."},
        {"id": "two", "author": f"{bad}", "title": "The budget", "text": "I disagree with all of it."},
        {"id": "three", "parent_id": f"root{bad}1", "author": "Cy", "title": "The budget", "text": "Agreed."},
    ]


def _json_escaped(rows: list[dict[str, str]]) -> str:
    # json.dumps writes a lone surrogate as its \\udXXX escape, as a hostile export would spell it
    return json.dumps(rows, ensure_ascii=True)


@pytest.mark.parametrize("bad", HOSTILE_CELLS, ids=ascii)
@pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
def test_hostile_characters_in_every_field_cost_no_table(tmp_path: Path, kind: str, bad: str) -> None:
    rows = _export_rows(bad)
    path = tmp_path / "pages" / f"export.{kind}"
    path.parent.mkdir()
    if kind == "json":
        path.write_text(_json_escaped(rows), encoding="ascii")
    elif kind == "jsonl":
        path.write_text("\n".join(json.dumps(row) for row in rows), encoding="ascii")
    else:
        if any("\ud800" <= ch <= "\udfff" for ch in bad) or "\x00" in bad:
            pytest.skip("a CSV file is bytes: no lone surrogate; a NUL byte makes it binary, refused when read")
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=["id", "parent_id", "author", "title", "text"], quoting=csv.QUOTE_ALL
            )
            writer.writeheader()
            writer.writerows(rows)
    out = tmp_path / "out"
    assert main(["report", str(path.parent), "--out", str(out), "--no-charts", "--quiet"]) == 0
    for table in out.glob("*.csv"):
        text = table.read_text(encoding="utf-8")  # every table UTF-8
        assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in text), (table, text)
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    first, *others = comments["text"].tolist()
    assert first.startswith("A fine") and first.endswith("decision.") and len(first) < 30  # what is left of it
    assert others == ["I disagree with all of it.", "Agreed."]
    assert len(set(comments["comment_id"])) == 3
    assert comments["parent_id"].tolist()[2] == comments["comment_id"].tolist()[0]  # the reply found its parent
    assert comments["depth"].tolist() == ["0", "0", "1"]
    assert pd.read_csv(out / "articles.csv")["title"].str.contains("budget").all()


def test_a_row_without_an_id_never_takes_an_id_the_table_gives(tmp_path: Path) -> None:
    # rows without an id are named c<row>; here the table itself uses c2 and c3, for other rows
    path = tmp_path / "comments.csv"
    path.write_text(
        "id,parent_id,author,text\n"
        "c2,,Ann,The first comment of the table.\n"
        ",,Bob,The second comment has no id.\n"
        ",c2,Cy,A reply to the first comment.\n"
        "c3,,Dee,The fourth comment calls itself c3.\n"
        "c3,,Eve,The fifth repeats that id.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out), "--no-charts", "--quiet"]) == 0
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    ids = comments["comment_id"].tolist()
    assert len(set(ids)) == 5 and ids[0] == "c2" and ids[3] == "c3"
    reply = comments[comments["author"] == "Cy"].iloc[0]
    assert reply["parent_id"] == "c2" and reply["depth"] == "1"
    assert comments[comments["comment_id"] == "c2"]["author"].tolist() == ["Ann"]


@pytest.mark.parametrize("extra", ["\x07", "\x1b[0m", "\x7f", "\x9b"], ids=ascii)
def test_ids_that_differ_only_in_control_characters_stay_two_comments(tmp_path: Path, extra: str) -> None:
    # cleaning takes the control characters out of ids; the reply tree must not change for it
    records = [
        {"id": "a", "author": "Ann", "text": "The first comment."},
        {"id": f"a{extra}", "parent_id": "a", "author": "Bob", "text": "A reply to Ann."},
        {"id": "b", "parent_id": f"a{extra}", "author": "Cy", "text": "A reply to Bob."},
        {"id": "c", "parent_id": "a", "author": "Dee", "text": "Another reply to Ann."},
    ]
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    (page,) = parse_file(path)
    by_author = {c.author: c for c in page.comments}
    assert len({c.id for c in page.comments}) == 4
    assert by_author["Bob"].parent_id == by_author["Ann"].id == "a"
    assert by_author["Cy"].parent_id == by_author["Bob"].id and by_author["Cy"].depth == 2
    assert by_author["Dee"].parent_id == "a" and by_author["Dee"].depth == 1
    assert all(ch.isprintable() for c in page.comments for ch in c.id)


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_row_without_words_is_no_comment_and_gets_no_score(tmp_path: Path, kind: str) -> None:
    # an empty cell, spaces, markup only, JSON null: nothing to score (the toxicity model gives "" 0.16, VADER 0),
    # so not a comment counted in the page's means and shares; the reply under it hangs under what it answered
    rows: list[dict[str, str | None]] = [
        {"id": "1", "parent_id": None, "author": "Ann", "text": "A real comment about the budget."},
        {"id": "2", "parent_id": "1", "author": "Bob", "text": ""},
        {"id": "3", "parent_id": "2", "author": "Cy", "text": "A reply under the empty one."},
        {"id": "4", "parent_id": None, "author": "Dee", "text": "   "},
        {"id": "5", "parent_id": None, "author": "Eve", "text": "<p></p>"},
        {"id": "6", "parent_id": None, "author": "Fay", "text": None},
    ]
    path = tmp_path / f"comments.{kind}"
    if kind == "json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        path.write_text(pd.DataFrame.from_records(rows).to_csv(index=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out), "--no-charts", "--no-html", "--quiet"]) == 0
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    assert comments["comment_id"].tolist() == ["1", "3"]
    assert comments["depth"].tolist() == ["0", "1"] and comments["parent_id"].tolist() == ["", "1"]
    assert comments["thread_id"].tolist() == ["1", "1"]
    (article,) = pd.read_csv(out / "articles.csv").to_dict("records")
    assert article["n_comments"] == 2 and article["n_commenters"] == 2
    assert "4 rows without text: left out, not comments" in article["notes"]


@pytest.mark.parametrize(
    "table",
    [
        'text;author;article_id\n"Good point, well made";Ann;1\n"I disagree, strongly";Bob;1\n',  # a European Excel
        'sep=;\ntext;author;article_id\n"Good point, well made";Ann;1\n"I disagree, strongly";Bob;1\n',  # Excel's hint
        "\ufeffsep=|\r\ntext|author|article_id\r\nGood point, well made|Ann|1\r\nI disagree, strongly|Bob|1\r\n",
        'text\tauthor\tarticle_id\n"Good point, well made"\tAnn\t1\n"I disagree, strongly"\tBob\t1\n',
        # a name holding a comma, quoted: the header is cut by semicolons all the same
        '"Title, full";text;author;article_id\nT;"Good point, well made";Ann;1\nT;"I disagree, strongly";Bob;1\n',
        # lines ended by a bare CR, as old Mac tools write them: the header is the first line all the same
        'text;author;article_id\r"Good point, well made";Ann;1\r"I disagree, strongly";Bob;1\r',
        'sep=;\rtext;author;article_id\r"Good point, well made";Ann;1\r"I disagree, strongly";Bob;1\r',
    ],
    ids=[
        "semicolons",
        "sep= line",
        "sep= line after a BOM, CRLF",
        "tabs",
        "a quoted name with a comma",
        "bare CR",
        "sep= line, bare CR",
    ],
)
def test_the_delimiter_is_the_one_that_cuts_the_header(tmp_path: Path, table: str) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(table, encoding="utf-8", newline="")
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out), "--no-charts", "--no-html", "--quiet"]) == 0
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    assert comments["text"].tolist() == ["Good point, well made", "I disagree, strongly"]
    assert comments["author"].tolist() == ["Ann", "Bob"]


@pytest.mark.parametrize("before", ["\ufeff", "\ufeff\ufeff", "\u200b", "\u2060"], ids=ascii)
def test_invisible_characters_before_a_column_name_do_not_hide_it(tmp_path: Path, before: str) -> None:
    # a file that holds a second byte-order mark (two tools each wrote one) or a pasted zero-width space
    path = tmp_path / "comments.csv"
    path.write_bytes(codecs.BOM_UTF8 + f'{before}text,{before}author\n"Good point, well made",Ann\n'.encode())
    out = tmp_path / "out"
    assert main(["report", str(path), "--out", str(out), "--no-charts", "--no-html", "--quiet"]) == 0
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False, dtype=str)
    assert comments[["text", "author"]].to_dict("records") == [{"text": "Good point, well made", "author": "Ann"}]
