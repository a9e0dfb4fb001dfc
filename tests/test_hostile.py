"""Hostile and broken input: every bad file named with its reason, every good file reported, nothing lost."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.image
import pandas as pd
import pytest

from comments import stopping
from comments.analyze import article_id_for
from comments.cli import main
from comments.errors import CommentsError, InputError
from comments.parse import parse_file, parse_page
from comments.report.files import TEMP_PATTERN
from comments.report.tables import neutralize
from comments.run import run_report
from comments.settings import ReportSettings, Settings
from tests.conftest import NO_CHARTS
from tests.hostile import GOOD_TEXT, hostile_corpus

PAGE = "Titre\n\nLe café était fermé, dit-il à Montréal, où l'été est court.\n\n  1. Zoé says:\n\n    Très bien !\n"


def test_hostile_corpus_runs_to_completion(tmp_path: Path) -> None:
    good, bad = hostile_corpus(tmp_path / "corpus", 500)
    out = tmp_path / "out"
    summary = run_report([tmp_path / "corpus"], out, NO_CHARTS)
    errors = pd.read_csv(out / "errors.csv")
    assert sorted(errors["file"]) == sorted(str(p) for p in bad)
    assert errors["message"].str.len().gt(0).all()
    assert not errors["message"].str.contains("Traceback").any()
    sources = set(pd.read_csv(out / "articles.csv")["source"])
    for path in good:
        assert any(s == path.name or s.startswith(path.name + "#") for s in sources), path
    assert summary.pages == len(good)
    assert len(summary.failures) == len(bad)
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    assert manifest["counts"]["failed"] == len(bad)


@pytest.mark.parametrize(
    ("encoding", "bom", "note"),
    [
        ("latin-1", b"", "read as"),
        ("cp1252", b"", "read as"),
        ("utf-8", codecs.BOM_UTF8, None),
        ("utf-16-le", codecs.BOM_UTF16_LE, None),
        ("utf-16-be", codecs.BOM_UTF16_BE, None),
        ("utf-16-le", b"", "no byte-order mark; read as UTF-16-LE"),
        ("utf-16-be", b"", "no byte-order mark; read as UTF-16-BE"),
    ],
)
def test_encodings_decode_and_say_how(tmp_path: Path, encoding: str, bom: bytes, note: str | None) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(bom + PAGE.encode(encoding))
    page = parse_page(path)
    assert page.comments[0].author == "Zoé"
    assert page.comments[0].text == "Très bien !"
    assert "café" in page.article.paragraphs[0]
    if note is None:
        assert page.notes == ()
    else:
        assert any(note in n for n in page.notes), page.notes


def test_mixed_line_endings_and_stray_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.replace("\n\n", "\r\n\r\n", 1).replace("\n  1.", "\r  1.").encode() + b"\x00")
    page = parse_page(path)
    assert page.comments[0].author == "Zoé"
    assert page.notes == ("dropped 1 NUL byte",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "is a PDF document"),
        (b"PK\x03\x04\x14\x00", "is a ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image"),
        (b"\x1f\x8b\x08\x00", "is gzip-compressed"),
    ],
)
def test_binary_files_are_named(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        parse_file(path)


def test_oversized_files_fail_with_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 300_000)  # 1.5 MB
    assert main(["parse", str(path), "--max-size", "1"]) == 1
    assert capsys.readouterr().err == (
        f"error: {path}: 2 MB is over the 1 MB limit for one page; split it or raise the limit with --max-size\n"
    )


def test_one_huge_line_is_scored_in_pieces(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "line.txt").write_text("Title\n\n" + "A long run-on text about the city and the council " * 100_000)
    start = time.perf_counter()
    summary = run_report([folder], tmp_path / "out", NO_CHARTS)
    assert summary.pages == 1
    assert time.perf_counter() - start < 60
    sentences = pd.read_csv(tmp_path / "out" / "sentences.csv")
    assert sentences["text"].str.len().max() <= 1_000


def test_long_comment_is_scored_per_sentence(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    body = "\n".join(f"    Sentence number {i} says the plan is good." for i in range(60))
    path.write_text(f"Title\n\nArticle text.\n\n  1. Ann says:\n\n{body}\n", encoding="utf-8")
    run_report([path], tmp_path / "out", NO_CHARTS)
    comments = pd.read_csv(tmp_path / "out" / "comments.csv")
    # sentiment per sentence; the toxicity model reads the whole comment in its windows
    assert list(comments["unit"]) == ["comment: sentence scores aggregated (news on the whole comment)"]


def test_fifty_thousand_comments_and_deep_nesting_parse(tmp_path: Path) -> None:
    many = tmp_path / "many.txt"
    many.write_text(
        "Title\n\nText.\n\n" + "".join(f"  {i}. User{i} says:\n\n    Comment {i}.\n\n" for i in range(50_000))
    )
    assert len(parse_page(many).comments) == 50_000
    deep = tmp_path / "deep.html"
    opening = "".join(f"<li class='comment'><p>reply {i}</p><ul class='children'>" for i in range(200))
    deep.write_text(
        f"<html><body><p>Article.</p><ol class='commentlist'>{opening}{'</ul></li>' * 200}</ol></body></html>"
    )
    page = parse_page(deep)
    assert len(page.comments) == 200
    assert max(c.depth for c in page.comments) == 199


def test_broken_html_and_ragged_csv(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><h1>T<p>Body text here that goes on<div class='comment'><p>Unclosed <b>bold")
    page = parse_page(broken)  # unclosed tags are closed where a browser would close them
    assert page.article.title == "T"
    assert page.article.paragraphs == ("Body text here that goes on",)  # no word of the comment
    assert "Unclosed bold" in [c.text for c in page.comments]
    for markup in ("<i>italic</i> words", "a <a href='/x'>link</a> <em>and</em> more", "<b>all bold</b>"):
        broken.write_text(f"<html><body><h1>T<p>Body text here that goes on<div class='comment'><p>Said {markup}")
        page = parse_page(broken)  # the comment's line, broken at its inline tags, never reaches the article
        assert page.article.paragraphs == ("Body text here that goes on",), markup
        assert len(page.comments) == 1
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("article_id,author,text\na1,Ann,one,extra,cells\na1,Bob\na1,Cy,three\n")
    (page,) = parse_file(ragged)
    # a short row is read as far as it goes: Bob's has no text, so it is no comment, and a note says so
    assert [c.author for c in page.comments] == ["Ann", "Cy"]
    assert [c.text for c in page.comments] == ["one", "three"]
    assert "1 row without text: left out, not comments" in page.notes


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(start: str) -> None:
    assert neutralize(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert neutralize("plain text") == "plain text"
    assert neutralize(-1.5) == -1.5


def test_csv_injection_and_raw_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('article_id,author,text\na1,=cmd|"/c calc"!A1,"=SUM(1,2) is not an argument"\n')
    run_report([path], tmp_path / "safe", NO_CHARTS)
    safe = pd.read_csv(tmp_path / "safe" / "comments.csv")
    assert safe.loc[0, "author"] == '\'=cmd|"/c calc"!A1'
    assert safe.loc[0, "text"] == "'=SUM(1,2) is not an argument"
    run_report([path], tmp_path / "raw", Settings(report=ReportSettings(charts=False, raw_csv=True)))
    raw = pd.read_csv(tmp_path / "raw" / "comments.csv")
    numbers = [c for c in safe.columns if pd.api.types.is_numeric_dtype(safe[c])]
    assert "vader_compound" in numbers and "depth" in numbers
    assert safe[numbers].equals(raw[numbers])  # numbers are never touched, negative ones included
    assert raw.loc[0, "text"] == "=SUM(1,2) is not an argument"
    assert raw.loc[0, "author"] == '=cmd|"/c calc"!A1'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("../../x.txt", "x"),
        ("..", "page"),
        ("CON.txt", "CON_"),
        ("com1", "com1_"),
        ("a..b.txt", "a.b"),
        ("x" * 300, "x" * 100),
    ],
)
def test_folder_names_are_safe(source: str, expected: str) -> None:
    assert article_id_for(source, set()) == expected


def test_manifest_records_the_run(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(GOOD_TEXT.format(n=1), encoding="utf-8")
    run_report([page, tmp_path / "missing.txt"], tmp_path / "out", NO_CHARTS)
    manifest = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "complete"
    assert manifest["libraries"]["vaderSentiment"] and manifest["libraries"]["textblob"]
    toxicity = next(s for s in manifest["scorers"] if s["name"] == "news")
    assert len(toxicity["onnx_sha256"]) == 64
    assert set(toxicity["training"]["teachers"]) == {"toxic-comment-classifier", "tox-block"}
    assert manifest["settings"]["analyze"]["toxicity_threshold"] == 0.3
    assert manifest["inputs"][0]["sha256"] and manifest["inputs"][1]["sha256"] is None
    assert manifest["counts"] == {"files": 2, "pages": 1, "comments": 1, "commenters": 1, "failed": 1}
    assert manifest["started"] <= manifest["finished"]
    assert "comments.csv" in manifest["outputs"]


def _complete(out: Path) -> None:
    """Every CSV and PNG under its final name is whole."""
    for csv_file in out.rglob("*.csv"):
        frame = pd.read_csv(csv_file)
        assert len(frame.columns) > 1, csv_file
    for png in out.rglob("*.png"):
        assert matplotlib.image.imread(png).size > 0, png


#: the flags of the runs the kill tests interrupt: one process, and charts for the first pages only (enough
#: to kill a run between charts, few enough to keep the tests short)
KILLED_RUN = ("--jobs", "1", "--charts", "2")


def _start(corpus: Path, out: Path, *flags: str, text: bool = False) -> subprocess.Popen[Any]:
    return subprocess.Popen(
        [sys.executable, "-m", "comments", "report", str(corpus), "--out", str(out), *KILLED_RUN, *flags],
        stdout=subprocess.PIPE if text else subprocess.DEVNULL,
        stderr=subprocess.PIPE if text else subprocess.DEVNULL,
        text=text,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _wait_for(found: Callable[[], bool], process: subprocess.Popen[Any], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not found():
        assert process.poll() is None, "the run ended before the moment the test waits for"
        assert time.monotonic() < deadline, "the run never reached the moment the test waits for"
        time.sleep(0.02)


def _status(out: Path) -> str | None:
    try:
        return str(json.loads((out / "run.json").read_text(encoding="utf-8"))["status"])
    except (OSError, ValueError):
        return None


def _final_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name != "run.json"
    }


@pytest.fixture(scope="module")
def completed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A corpus and the files a whole run of it writes, to hold interrupted runs against."""
    root = tmp_path_factory.mktemp("killed")
    hostile_corpus(root / "corpus", 60)
    assert main(["report", str(root / "corpus"), "--out", str(root / "whole"), "--quiet", *KILLED_RUN]) == 30
    return root / "corpus", _final_files(root / "whole")


@pytest.mark.parametrize("moment", ["first temporary file", "first chart in place"])
def test_killing_a_run_leaves_only_whole_files(
    tmp_path: Path, completed_run: tuple[Path, dict[str, bytes]], moment: str
) -> None:
    corpus, whole = completed_run
    out = tmp_path / "out"
    process = _start(corpus, out, "--quiet")
    if moment == "first temporary file":
        # a table's temporary file: run.json (written first, atomically too) is in place by then
        _wait_for(lambda: any(out.glob(".comments.csv" + TEMP_PATTERN.removeprefix(".*"))), process)
    else:
        _wait_for(lambda: any(out.rglob("*.png")), process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _status(out) == "running"
    left = _final_files(out)
    assert bool(left) == (moment == "first chart in place")
    for name, data in left.items():
        assert data == whole[name], f"{name} under its final name differs from a whole run's"
    # a rerun clears what the killed one left (only its own temporary files) and completes
    (out / ".holiday.mov.part").write_bytes(b"not ours")
    assert main(["report", str(corpus), "--out", str(out), "--quiet", *KILLED_RUN]) == 30
    assert [p.name for p in out.rglob("*.part")] == [".holiday.mov.part"]
    assert _status(out) == "complete" and _final_files(out) == whole


def test_ctrl_c_stops_with_a_message(tmp_path: Path, completed_run: tuple[Path, dict[str, bytes]]) -> None:
    corpus, _ = completed_run
    out = tmp_path / "out"
    process = _start(corpus, out, text=True)
    _wait_for(lambda: _status(out) == "running", process)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.rstrip().endswith("interrupted")
    assert "Traceback" not in err
    assert not any(out.rglob(TEMP_PATTERN)) and not (out / ".scores.run.sqlite").exists()
    assert _status(out) == "interrupted"


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_kill_and_a_closed_terminal_stop_the_run_as_ctrl_c_does(
    tmp_path: Path, completed_run: tuple[Path, dict[str, bytes]], name: str
) -> None:
    corpus, whole = completed_run
    out = tmp_path / "out"
    signum = getattr(signal, name)
    for jobs in ("1", "2"):
        process = _start(corpus, out, "--jobs", jobs, text=True)
        # once the tables are being written: the moment a kill used to leave their .part files behind
        _wait_for(lambda: any(out.glob(".comments.csv" + TEMP_PATTERN.removeprefix(".*"))), process)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 128 + signum, err
        assert err.rstrip().endswith(f"stopped by {name}") and "Traceback" not in err
        assert not any(out.rglob(TEMP_PATTERN)) and _status(out) == "interrupted"
    assert main(["report", str(corpus), "--out", str(out), "--quiet", *KILLED_RUN]) == 30  # the corpus's bad files
    assert _status(out) == "complete" and _final_files(out) == whole


@pytest.mark.parametrize("table", [1, 4])
def test_ctrl_c_while_the_tables_are_opened_leaves_none_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: int
) -> None:
    # the moment the SIGINT test above hits now and then: the writer has opened some of its tables and
    # is not yet inside the run's `with`, so nothing but the writer itself can remove them
    from comments.report import writer

    opened = 0
    real = writer.ReportWriter._append

    def append(self: writer.ReportWriter, name: str, frame: pd.DataFrame, *, header: bool = False) -> None:
        nonlocal opened
        opened += 1
        if opened == table:
            raise KeyboardInterrupt
        real(self, name, frame, header=header)

    monkeypatch.setattr(writer.ReportWriter, "_append", append)
    with pytest.raises(KeyboardInterrupt):
        writer.ReportWriter(tmp_path / "direct", scorers=[])
    assert list((tmp_path / "direct").iterdir()) == []
    opened = 0
    out = tmp_path / "run"
    with pytest.raises(KeyboardInterrupt):
        run_report([_pages(tmp_path)], out, NO_CHARTS)
    assert not any(out.rglob(TEMP_PATTERN))


def test_a_run_stopped_anywhere_removes_what_it_left_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # wherever the interrupt lands (between a temporary file's creation and the code that would remove it,
    # say), the run removes the temporary files in the folder it holds
    from comments.report import writer

    def add(self: writer.ReportWriter, pages: object) -> None:
        (self.out_dir / ".comments.csv.comments-x.part").write_text("half a table", encoding="utf-8")
        (self.out_dir / "page").mkdir(exist_ok=True)
        (self.out_dir / "page" / ".index.html.comments-y.part").write_text("<p>half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.ReportWriter, "add", add)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".holiday.mov.part").write_bytes(b"not ours")
    with pytest.raises(KeyboardInterrupt):
        run_report([_pages(tmp_path)], out, NO_CHARTS)
    assert not any(out.rglob(TEMP_PATTERN))
    assert (out / ".holiday.mov.part").is_file()


def _pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    for n in range(3):
        (folder / f"page{n}.txt").write_text(
            f"Title {n}\n\nThe council met.\n\n  1. Ann says:\n\n    A comment {n}.\n", encoding="utf-8"
        )
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_at_any_moment_is_interrupted_never_a_traceback(tmp_path: Path, jobs: str) -> None:
    # the first half second is the libraries' imports (where a Ctrl-C used to end in a traceback), the models'
    # loading (where onnxruntime turned it into "needs onnxruntime") and the pool's fork (where it was dropped)
    command = Path(sys.executable).parent / "comments"
    pages = _pages(tmp_path)
    for n, delay in enumerate((0.05, 0.15, 0.3, 0.45, 0.6, 0.8, 1.2)):
        out = tmp_path / f"out{n}"
        process = subprocess.Popen(
            [str(command), "report", str(pages), "--out", str(out), "--jobs", jobs, "--no-charts"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if process.returncode == 0:
            continue  # it finished first
        assert process.returncode == 130, (delay, err)
        assert err.rstrip().endswith("interrupted") and "Traceback" not in err and "Exception ignored" not in err
        assert not out.exists() or not any(out.rglob(TEMP_PATTERN))


def test_a_signal_whose_exception_python_dropped_still_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a handler's exception raised inside a finalizer or os.fork's callbacks is printed and dropped: the run
    # finds the signal between chunks and stops all the same
    from comments.report import writer

    real = writer.ReportWriter.add

    def add(self: writer.ReportWriter, pages: Any) -> None:
        with contextlib.suppress(stopping.Stopped):  # what the SIGTERM handler does, its exception then dropped
            stopping._stop(signal.SIGTERM, None)
        real(self, pages)

    monkeypatch.setattr(writer.ReportWriter, "add", add)
    out = tmp_path / "out"
    with stopping.stopping_on_signals(), pytest.raises(stopping.Stopped):
        run_report([_pages(tmp_path)], out, NO_CHARTS)
    assert _status(out) == "interrupted" and not any(out.rglob(TEMP_PATTERN))
    assert stopping.received() is None  # and a later call in this process is not stopped by it


def test_an_error_a_signal_caused_is_said_as_the_stop(capsys: pytest.CaptureFixture[str]) -> None:
    # onnxruntime's extension turns a Ctrl-C during its import into an ImportError, which the scorer reports
    # as "needs onnxruntime": after a signal, the command says it was stopped
    from comments import cli

    def command() -> int:
        with contextlib.suppress(KeyboardInterrupt):
            stopping._stop(signal.SIGINT, None)
        raise CommentsError("the news scorer needs onnxruntime; install it with: pip install onnxruntime")

    with stopping.stopping_on_signals():
        assert cli._stops_reported(command) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_library_errors_are_comments_errors(tmp_path: Path) -> None:
    with pytest.raises(CommentsError):
        parse_file(tmp_path / "nope.html")
