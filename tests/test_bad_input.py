"""Every reason the README's "Bad input" gives: one stderr line, its errors.csv row, the exit status."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from comments.cli import MAX_EXIT, main
from comments.parse.exports import KNOWN_FORMATS

GOOD = "A title\n\nSome article text.\n\n  1. Ann says:\n\n    Nice piece.\n"

#: (file name, bytes or None for a missing file, stage, error, the message after "PATH: ")
REASONS = [
    ("missing.txt", None, "read", "InputError", "no such file; check the path"),
    ("empty.txt", b"", "read", "InputError", "the file is empty; nothing to parse"),
    ("blank.txt", b" \n\t\r\n", "read", "InputError", "the file is empty; nothing to parse"),
    (
        "big.txt",
        b"word " * 220_000,
        "read",
        "InputError",
        "1 MB is over the 1 MB limit for one page; split it or raise the limit with --max-size",
    ),
    ("doc.txt", b"%PDF-1.4\n%\xe2\xe3", "read", "InputError", "is a PDF document; save the page as HTML or text"),
    ("pic.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "read", "InputError", "is a PNG image, not a page"),
    ("photo.txt", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "read", "InputError", "is a JPEG image, not a page"),
    (
        "archive.txt",
        b"PK\x03\x04" + b"\x00" * 30,
        "read",
        "InputError",
        "is a ZIP archive (or an Office document); unpack it or export the page as HTML or text",
    ),
    (
        "page.txt.gz.txt",
        gzip.compress(b"x" * 100),
        "read",
        "InputError",
        "is gzip-compressed; decompress it first (gunzip)",
    ),
    (
        "binary.txt",
        bytes(range(1, 256)) * 4 + b"\x00" * 200,
        "read",
        "InputError",
        "not a text file (it holds NUL bytes); give a saved page as text",
    ),
    (
        "notext.csv",
        b"author,when\nAnn,today\n",
        "parse",
        "ParseError",
        "no comment text column (columns: author, when); name it with --text-col",
    ),
    (
        "string.json",
        b'"a string, not a list"',
        "parse",
        "ParseError",
        f"JSON holds a str, not a list of comments; {KNOWN_FORMATS}",
    ),
    (
        "broken.jsonl",
        b'{"text": "ok"}\n{broken\n',
        "parse",
        "ParseError",
        "line 2 is not JSON (Expecting property name enclosed in double quotes); give one object per line",
    ),
    (
        "nothing.html",
        b"<html><body><script>x()</script></body></html>",
        "parse",
        "ParseError",
        "found no article text and no comments; is this a saved page?",
    ),
    (
        "page.pdf",
        b"%PDF-1.4",
        "read",
        "InputError",
        "unknown page format '.pdf'; give a file ending in .csv, .htm, .html, .json, .jsonl, .ndjson, .tsv, .txt, "
        ".xml or choose one with --format",
    ),
]


@pytest.mark.parametrize(("name", "data", "stage", "error", "message"), REASONS, ids=[r[0] for r in REASONS])
def test_each_reason_is_one_line_one_row_and_the_exit_status(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes | None,
    stage: str,
    error: str,
    message: str,
) -> None:
    bad = tmp_path / name
    if data is not None:
        bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["report", str(bad), str(good), "--out", str(out), "--quiet", "--no-charts", "--max-size", "1"])
    assert status == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {bad}: {message}\n"
    assert captured.out.startswith("1 page, 1 comment, 1 commenter, 1 failed; ")
    errors = pd.read_csv(out / "errors.csv")
    assert errors.to_dict("records") == [
        {"file": str(bad), "stage": stage, "error": error, "message": f"{bad}: {message}"}
    ]
    assert len(pd.read_csv(out / "comments.csv")) == 1  # the good page is reported


def test_the_exit_status_counts_failures_up_to_a_hundred(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(MAX_EXIT + 1):
        (folder / f"empty{n:03d}.txt").write_bytes(b"")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    assert main(["report", str(folder), "--out", str(tmp_path / "out"), "--quiet", "--no-charts"]) == MAX_EXIT
    assert f", {MAX_EXIT + 1} failed; " in capsys.readouterr().out
    assert len(pd.read_csv(tmp_path / "out" / "errors.csv")) == MAX_EXIT + 1


def test_a_bug_met_on_one_page_costs_that_page_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from comments.parse import text

    real = text.parse_text

    def fragile(page: str, **options: object) -> object:
        if "boom" in page:
            raise RecursionError("maximum recursion depth exceeded")
        return real(page, **options)  # type: ignore[arg-type]

    monkeypatch.setattr("comments.parse.formats.parse_text", fragile)  # the reader parse_file hands text to
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD + "\nboom\n", encoding="utf-8")
    status = main(["report", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--out", str(tmp_path / "o"), "-q"])
    assert status == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {tmp_path / 'b.txt'}: could not be parsed (RecursionError: maximum recursion depth exceeded); "
        "the other files are reported; please report this\n"
    )
    assert len(pd.read_csv(tmp_path / "o" / "comments.csv")) == 1
