"""The command line: exact output, one-line errors, help everywhere, failures isolated."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from comments.cli import main
from comments.parse import bundled_pages_dir
from tests.conftest import SEED_WITH_COMMENTS

GOOD_PAGE = "A title\n\nSome article text.\n\n  1. Ann says:\n\n    Nice piece.\n"


def test_parse_prints_the_stable_json_shape(
    capsys: pytest.CaptureFixture[str], golden: Callable[[str, Any], None]
) -> None:
    assert main(["parse", str(bundled_pages_dir() / SEED_WITH_COMMENTS)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["source", "title", "paragraphs", "clutter", "comments"]
    assert all(list(c) == ["kind", "text"] for c in out["clutter"])
    assert all(list(c) == ["id", "parent_id", "depth", "author", "text"] for c in out["comments"])
    golden(f"parse/{Path(SEED_WITH_COMMENTS).stem}.json", out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; check the path"),
        (b"", "the file is empty; nothing to parse"),
        (b" \n\t\n", "the file is empty; nothing to parse"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not a page"),
        (b"\x00\x01\x02\x03" * 64, "not a text file (it holds NUL bytes)"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    path = tmp_path / "page.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["parse", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: {path}: {message}")
    assert captured.err.count("\n") == 1


def test_unknown_format_says_which_endings_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert main(["parse", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"error: {path}: unknown page format '.pdf'; "
        "give a file ending in .csv, .htm, .html, .json, .jsonl, .ndjson, .tsv, .txt, .xml "
        "or choose one with --format\n"
    )


def test_legacy_encodings_are_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin.txt"
    text = "Café crème à la française\n\nUn article très intéressant sur la société, écrit à Montréal.\n"
    path.write_bytes(text.encode("cp1252"))
    assert main(["parse", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "Café crème à la française"


def test_one_bad_page_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00")
    (pages / "notes.md").write_text("not a page format, so not picked up", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(pages), "--out", str(out), "--quiet"]) == 2  # the number of files that failed
    captured = capsys.readouterr()
    assert captured.out == (
        f"1 page, 1 comment, 1 commenter, 2 failed; reports in {out}/ (failures listed in {out / 'errors.csv'})\n"
        "toxic: news toxicity probability >= 0.3\n"
    )
    assert sorted(captured.err.splitlines()) == [
        f"error: {pages / 'binary.txt'}: is gzip-compressed; decompress it first (gunzip)",
        f"error: {pages / 'empty.txt'}: the file is empty; nothing to parse",
    ]
    errors = pd.read_csv(out / "errors.csv")
    assert sorted(errors["file"]) == [str(pages / "binary.txt"), str(pages / "empty.txt")]
    assert set(errors["stage"]) == {"read"}
    assert list(pd.read_csv(out / "articles.csv")["source"]) == ["good.txt"]
    assert (out / "good" / "thread.png").exists()


def test_missing_path_in_report_is_a_failure_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["report", str(missing), "--out", str(tmp_path / "out"), "--quiet", "--no-charts"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {missing}: no such file; check the path\n"
    assert "0 pages, 0 comments, 0 commenters, 1 failed" in captured.out


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["parse", "--help"]])
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: comments")
    assert len(out.splitlines()) > 4


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "comments", "parse", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == f"error: {tmp_path / 'missing.txt'}: no such file; check the path\n"


def test_only_errors_reach_the_terminal_whatever_a_library_sets_its_loggers_to() -> None:
    # distributed sets its loggers to INFO when --engine dask imports it, after the CLI configured logging:
    # 33 lines of "INFO: Start Nanny at ..." even with --quiet
    code = (
        "import logging\n"
        "from comments.cli import configure_logging\n"
        "configure_logging()\n"
        "logging.getLogger('distributed').setLevel(logging.INFO)\n"
        "logging.getLogger('distributed.scheduler').info('State start')\n"
        "logging.getLogger('distributed.nanny').warning('Restarting worker')\n"
        "logging.getLogger('comments.run').error('a chart failed')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stderr == "ERROR: a chart failed\n"
