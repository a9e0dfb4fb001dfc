"""A run never loses its tables: hostile situations around a run (issue 11), one test per class."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from array import array
from pathlib import Path

import matplotlib.image
import pandas as pd
import pytest

from comments.cli import main
from comments.errors import InputError
from comments.parse import find_inputs, parse_file
from comments.parse.reading import decode
from comments.report.files import claimed
from comments.run import run_report
from comments.score import ScoreCache, score_table
from comments.score.cache import scorer_version
from comments.settings import AnalyzeSettings, ParseSettings, ReportSettings, RunSettings, Settings
from tests.conftest import NO_CHARTS, FakeScorer

ROOT = Path(__file__).resolve().parents[1]
PAGE = "A title {n}\n\nThe council met and agreed on a plan.\n\n  1. Ann says:\n\n    Good plan {n}.\n"
ODD = ("$x$", "YOUR $$$$ is steves $money$ pal", r"\frac{1}{2} ^_^ {0} %s %(x)s", "<b>bold</b> $")


def _pages(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"page{i}.txt").write_text(PAGE.format(n=i), encoding="utf-8")
    return folder


@pytest.mark.parametrize("field", ["text", "author", "title"])
def test_dollars_and_braces_in_any_text_field_are_drawn_as_text(
    tmp_path: Path, fake_scorers: tuple[FakeScorer, ...], field: str
) -> None:
    rows = []
    for n, odd in enumerate(ODD):
        row = {"article_id": "a1", "title": "Tax rates", "comment_id": str(n), "author": f"Ann{n}", "text": "Fine."}
        row[field] = odd
        rows.append(row)
    # a name for entities.png; every comment held and every author shown, so that all charts draw the odd text
    rows.append({**rows[0], "comment_id": "named", "author": "Bo", "text": "Angela Merkel paid $5 {x}."})
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    settings = Settings(analyze=AnalyzeSettings(hold_threshold=0.0), report=ReportSettings(min_author_comments=1))
    summary = run_report([path], tmp_path / "out", settings, scorers=fake_scorers)
    assert summary.failures == () and summary.notes == ()
    pngs = sorted(p.name for p in (tmp_path / "out").rglob("*.png"))
    assert pngs == [
        *("authors.png", "commenters.png", "entities.png", "escalation.png", "moderation.png", "overview.png"),
        *("targets.png", "thread.png", "tone_contrast.png"),
    ]
    for png in (tmp_path / "out").rglob("*.png"):
        assert matplotlib.image.imread(png).size > 0
    comments = pd.read_csv(tmp_path / "out" / "comments.csv", keep_default_na=False)
    column = {"text": "text", "author": "author"}.get(field)
    if column:
        # comment text is plain text, its markup decoded (issue 12); an author is kept as written
        assert list(comments[column])[: len(ODD)] == ([*ODD[:3], "bold $"] if field == "text" else list(ODD))


def test_a_run_never_reads_its_own_reports(tmp_path: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    pages = _pages(tmp_path / "pages")
    for _ in range(2):  # the second run finds the first run's reports inside its input folder
        summary = run_report([pages], pages / "reports", NO_CHARTS, scorers=fake_scorers)
        assert summary.pages == 2 and summary.comments == 2
    assert summary.notes == (f"skipped {pages / 'reports'}: it is the output folder of this run",)
    # nor another run's reports, named or found
    other = run_report([pages], tmp_path / "elsewhere", NO_CHARTS, scorers=fake_scorers)
    assert other.pages == 2 and f"skipped {pages / 'reports'}: it holds a report of this tool (run.json)" in other.notes
    assert find_inputs([pages / "reports"]).files == []


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    with claimed(out):  # a run holds the folder
        leftover = out / ".comments.csv.comments-abc.part"
        leftover.write_text("the first run is still writing this", encoding="utf-8")
        assert main(["report", str(_pages(tmp_path / "pages")), "--out", str(out), "--quiet"]) == 1
        assert capsys.readouterr().err == (
            f"error: --out {out}: another run is writing its reports there; "
            "wait for it to finish or choose another --out\n"
        )
        assert leftover.exists()  # its temporary files are not touched
    # once it is over, a run takes the folder and clears only this tool's leftovers
    (out / ".holiday.mov.part").write_bytes(b"the user's")
    assert main(["report", str(tmp_path / "pages"), "--out", str(out), "--quiet", "--no-charts"]) == 0
    assert not leftover.exists() and (out / ".holiday.mov.part").read_bytes() == b"the user's"


def test_concurrent_runs_into_one_folder_one_refused_none_broken(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 30)
    codes: list[int] = []

    def report() -> None:
        codes.append(main(["report", str(pages), "--out", str(tmp_path / "out"), "--quiet", "--no-charts"]))

    threads = [threading.Thread(target=report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) in ([0, 0], [0, 1])  # refused, or the first had finished already: never a crash
    assert len(pd.read_csv(tmp_path / "out" / "comments.csv")) == 30


def _damage(path: Path, how: str, version: str) -> None:
    if how == "not a database":
        path.write_bytes(os.urandom(4096))
    elif how == "another layout":
        path.unlink()
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE scores (id INTEGER, value TEXT)")
    else:
        with sqlite3.connect(path) as db:
            blob = b"\x00" * 5 if how == "a short row" else array("d", [1e300, float("nan")]).tobytes()
            db.execute("UPDATE scores SET row = ? WHERE scorer = ?", (blob, version))


@pytest.mark.parametrize("how", ["not a database", "another layout", "a short row", "values out of range"])
def test_a_damaged_cache_is_set_aside_or_mended(tmp_path: Path, how: str) -> None:
    pages = _pages(tmp_path / "pages")
    scorer = FakeScorer("vader", ("vader_compound", "vader_pos"))
    cache = tmp_path / "cache"
    settings = Settings(report=ReportSettings(charts=False), run=RunSettings(cache_dir=cache))
    run_report([pages], tmp_path / "one", settings, scorers=[scorer])
    _damage(cache / "scores.sqlite", how, scorer_version(scorer))
    again = FakeScorer("vader", ("vader_compound", "vader_pos"))
    summary = run_report([pages], tmp_path / "two", settings, scorers=[again])
    assert (tmp_path / "one" / "comments.csv").read_bytes() == (tmp_path / "two" / "comments.csv").read_bytes()
    assert again.calls  # what could not be trusted was scored again
    if how in ("not a database", "another layout"):
        (note,) = summary.notes
        assert note.startswith(f"the score cache {cache / 'scores.sqlite'} was not usable (")
        assert note.endswith(
            "set aside as " + next(cache.glob("scores.sqlite.damaged-*")).name + ", and a new one started"
        )
    else:
        assert summary.notes == ()  # a bad row is not trusted: scored again, and mended in place
    cached = ScoreCache(cache / "scores.sqlite").get(scorer_version(again), ["Good plan 0."], again.columns)
    assert cached == {"Good plan 0.": again.score(["Good plan 0."])[0]}


def test_a_cache_damaged_inside_says_how_to_start_a_new_one(tmp_path: Path) -> None:
    # its first page (the schema) intact, so it opens; the damage shows only when a row is read
    path = tmp_path / "s.sqlite"
    scorer = FakeScorer("fake", ("a", "b"))
    texts = [f"text number {n}" for n in range(3000)]
    cache = ScoreCache(path)
    score_table(texts, [scorer], cache)
    cache.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * 4096
    data[2 * 4096 :] = os.urandom(len(data) - 2 * 4096)
    path.write_bytes(bytes(data))
    damaged = ScoreCache(path)
    assert score_table(texts, [scorer], damaged) == score_table(texts, [scorer])
    (note,) = damaged.notes
    assert note.startswith(f"the score cache {path} could not be read (")
    assert note.endswith("; delete s.sqlite there (or pass another --cache folder) to start a new cache")


def _limited_run(tmp_path: Path, limit: int, *flags: str) -> subprocess.CompletedProcess[str]:
    pages = _pages(tmp_path / "pages", 30)
    script = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "from comments.cli import main\n"
        f"sys.exit(main(['report', {str(pages)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet', *{flags!r}]))\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)


def test_a_full_disk_is_named_not_a_traceback(tmp_path: Path) -> None:
    done = _limited_run(tmp_path, 6_000, "--no-charts")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: no space left while writing ") and "free some space or choose another --out" in line
    assert "--cache" not in line


def test_a_cache_that_cannot_grow_costs_the_cache_only(tmp_path: Path) -> None:
    cache = ScoreCache(tmp_path / "c.sqlite")
    scorer = FakeScorer("fake", ("a",))
    score_table(["one"], [scorer], cache)
    cache._db().execute("PRAGMA max_page_count = 1")  # SQLite's own "database or disk is full"
    texts = [f"text {n} " * 50 for n in range(200)]
    assert score_table(texts, [scorer], cache) == score_table(texts, [scorer])
    assert cache.notes == [
        f"the score cache {tmp_path / 'c.sqlite'} could not be written (no space left on the device); "
        "the rest of the run scores without it"
    ]


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_out_that_is_a_file_is_refused_up_front(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    out = tmp_path / "taken" if where == "a file" else tmp_path / "taken" / "reports"
    assert main(["report", "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: --out {out}: ") and err.count("\n") == 1
    assert "is a file, not a folder" in err or "a part of it is a file" in err


def test_special_files_are_refused_or_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert main(["parse", str(fifo)]) == 1  # would hang if it were opened
    assert capsys.readouterr().err == f"error: {fifo}: is a FIFO (named pipe), not a page file; give a saved page\n"
    assert main(["parse", "/dev/zero", "--format", "text"]) == 1  # would read until memory runs out
    assert "/dev/zero: is a device or socket, not a page file" in capsys.readouterr().err
    folder = _pages(tmp_path / "pages")
    os.mkfifo(folder / "queue.txt")
    found = find_inputs([folder])
    assert [f.source for f in found.files] == ["page0.txt", "page1.txt"]
    assert [str(s) for s in found.skipped] == [f"skipped {folder / 'queue.txt'}: a FIFO (named pipe), not a page file"]


def test_the_size_limit_holds_while_reading() -> None:
    # /proc reports a size of 0 for its files, as some other file systems do: the limit counts bytes read
    with pytest.raises(InputError, match=r"/proc/self/maps: more than the 0.001 MB limit for one page"):
        parse_file("/proc/self/maps", ParseSettings(format="text", max_bytes=1000))


def test_links_out_of_an_input_folder_are_skipped_unless_followed(tmp_path: Path) -> None:
    folder = _pages(tmp_path / "pages")
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n\nprivate words\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "page0.txt")
    found = find_inputs([folder])
    assert [f.source for f in found.files] == ["inside.txt", "page0.txt", "page1.txt"]
    assert [str(s) for s in found.skipped] == [
        f"skipped {folder / 'passwd.txt'}: a link to a file outside {folder}; pass --follow-links to read it"
    ]
    followed = find_inputs([folder], ParseSettings(follow_links=True))
    assert "passwd.txt" in [f.source for f in followed.files] and not followed.skipped


def test_a_loop_of_folder_links_ends(tmp_path: Path) -> None:
    folder = _pages(tmp_path / "pages")
    (folder / "again").symlink_to(folder)
    found = find_inputs([folder], ParseSettings(follow_links=True))
    assert [f.source for f in found.files] == ["page0.txt", "page1.txt"]
    assert [s.reason for s in found.skipped] == ["a link back to a folder already read"]


@pytest.mark.parametrize(
    ("declared", "data", "text", "note"),
    [
        ("utf-16", "Café, naïve".encode(), "Café, naïve", "declares utf-16, which a page read as bytes cannot be"),
        ("cp037", "Café".encode(), "Café", "declares charset 'cp037', which browsers do not know; ignored"),
        ("latin1", "Café".encode("cp1252") + b" \x80", "Café €", None),  # the web reads latin1 as windows-1252
        ("utf-8", "Café".encode("cp1252"), "Café", "declares utf-8 but is not utf-8"),
    ],
)
def test_charsets_follow_the_web_rules(declared: str, data: bytes, text: str, note: str | None) -> None:
    decoded, notes = decode(data, Path("p.html"), declared=declared)
    assert decoded == text
    assert (note is None and not notes) or any(n.startswith(note or "") for n in notes)


def test_a_page_no_encoding_fits_well_is_read_as_the_webs_default() -> None:
    # control bytes and C1 codes scattered through a Latin-1 page: charset detection finds no fit, a browser reads it
    data = ("<p>Un article sur la société, écrit à Montréal.</p>\x1b\x80" * 100).encode("latin-1")
    decoded, notes = decode(data, Path("p.html"), declared=None)
    assert decoded.count("société") == 100
    assert notes == ("not UTF-8, and no encoding fits it well; read as cp1252, the web's default",)
    with pytest.raises(InputError, match="no character encoding fits it"):
        # control characters and bytes no code page defines: not a page in any encoding
        decode((bytes(range(1, 32)) + b"\x81\x8d\x8f\x90\x9d") * 100, Path("p.html"), declared=None)


def test_a_page_read_as_cp1252_says_so_in_articles(tmp_path: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Les élèves\n\nUn article très intéressant sur la société, écrit à Montréal.\n".encode("cp1252"))
    run_report([path], tmp_path / "out", NO_CHARTS, scorers=fake_scorers)
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert articles.loc[0, "notes"] == "not UTF-8; read as cp1252 (detected)"
    assert articles.loc[0, "title"] == "Les élèves"


def test_reports_get_the_users_file_mode(tmp_path: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    from comments.report import files

    assert 0o666 & ~_umask() == files.FILE_MODE
    run_report([_pages(tmp_path / "pages")], tmp_path / "out", Settings(), scorers=fake_scorers)
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {files.FILE_MODE}
    assert len(written) >= 9


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_long_comment_is_scored_as_the_readme_says(tmp_path: Path) -> None:
    """Sentiment: the mean of its sentences' scores; toxicity: the model on the whole text."""
    from comments.score import NewsScorer, TextBlobScorer, VaderScorer, split_sentences

    sentences = [f"Sentence {i} is {'lovely' if i % 2 else 'awful'}." for i in range(80)]
    text = " ".join(sentences)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"article_id": "a", "text": text}) + "\n", encoding="utf-8")
    run_report([path], tmp_path / "out", NO_CHARTS)
    row = pd.read_csv(tmp_path / "out" / "comments.csv").iloc[0]
    units = split_sentences(text)
    assert len(units) == 80
    vader = [score[0] for score in VaderScorer().score(units)]
    polarity = [score[0] for score in TextBlobScorer().score(units)]
    assert row["vader_compound"] == pytest.approx(sum(vader) / len(vader), abs=1e-4)
    assert row["textblob_polarity"] == pytest.approx(sum(polarity) / len(polarity), abs=1e-4)
    assert row["toxicity"] == pytest.approx(NewsScorer().score([text])[0][0], abs=1e-4)


def test_a_punctuated_20000_character_paragraph_splits_at_sentence_ends() -> None:
    from comments.score import split_sentences

    sentences = [f"The council met on day {i} and it agreed." for i in range(500)]
    paragraph = " ".join(sentences)
    assert len(paragraph) > 20_000
    assert split_sentences(paragraph) == tuple(sentences)


@pytest.mark.registry
@pytest.mark.usefixtures("registry")
def test_a_plain_pip_install_reads_html(tmp_path: Path) -> None:
    """What the code imports is declared: a venv made with the interpreter's own pip installs the package
    with nothing else, and its HTML stack (lxml, lxml.html.clean via justext, trafilatura) parses a page."""
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    pip = subprocess.run(
        [env / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-compile", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    page = ROOT / "tests" / "fixtures" / "wordpress.html"
    script = (
        "import sys, lxml.html.clean, trafilatura\n"
        "from comments.parse import parse_file\n"
        "(page,) = parse_file(sys.argv[1])\n"
        "print(len(page.comments), len(page.article.paragraphs))\n"
    )
    done = subprocess.run([env / "bin" / "python", "-c", script, str(page)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    comments, paragraphs = map(int, done.stdout.split())
    assert comments > 0 and paragraphs > 0


@pytest.mark.parametrize(
    "foreign",
    [
        {"index.html": b"<h1>my site</h1>"},  # a web site's folder: the report would write its own index.html
        {"articles.csv": b"mine,not,yours\n"},
        {"notes.txt": b"the user's notes"},  # the folder of the pages themselves (--out . among them)
        {"photos/holiday.jpg": b"\xff\xd8"},
    ],
    ids=["a web site", "a table of the same name", "the user's files", "a folder of the user's"],
)
def test_a_folder_of_other_files_is_refused_as_out_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], foreign: dict[str, bytes]
) -> None:
    pages = _pages(tmp_path / "pages")
    out = tmp_path / "site"
    for name, data in foreign.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: --out {out}: holds files that are not reports of this tool (")
    assert line.endswith("choose a new or empty folder, or the folder of an earlier report")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing written, nothing removed


def test_an_empty_folder_or_one_of_earlier_reports_is_used(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")  # hidden files do not count
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts"]) == 0
    (out / "my-notes.txt").write_text("added by the user beside the reports")
    # the folder of an earlier report is used again, whatever was added to it, the cache kept in it too
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts", "--cache", str(out)]) == 0
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts", "--cache", str(out)]) == 0
    assert len(pd.read_csv(out / "comments.csv")) == 2 and (out / "my-notes.txt").exists()


def test_a_folder_where_a_report_file_goes_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = _pages(tmp_path / "pages")
    out = tmp_path / "out"
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts"]) == 0
    (out / "comments.csv").unlink()
    (out / "comments.csv").mkdir()
    assert main(["report", str(pages), "--out", str(out), "--quiet", "--no-charts"]) == 1
    assert capsys.readouterr().err == (
        f"error: --out {out}: comments.csv is a folder, where the report writes a file of that name; "
        "move it away or choose another --out\n"
    )


@pytest.mark.parametrize("what", ["an empty folder", "hidden files only", "the output folder only"])
def test_a_run_that_reads_no_page_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    given = tmp_path / "given"
    given.mkdir()
    out = tmp_path / "out"
    if what == "hidden files only":
        (given / ".page.txt").write_text(PAGE.format(n=1), encoding="utf-8")
    elif what == "the output folder only":
        out = given / "reports"
        assert main(["report", str(_pages(tmp_path / "pages")), "--out", str(out), "--quiet", "--no-charts"]) == 0
        capsys.readouterr()
    assert main(["report", str(given), "--out", str(out), "--quiet", "--no-charts"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("0 pages, 0 comments, 0 commenters, 0 failed;")
    error = captured.err.splitlines()[-1]
    assert error.startswith(f"error: no page read from {given}")
    assert error.endswith("; give a saved page, a comment export or a folder of them")
    assert (out / "run.json").is_file()  # the (empty) reports are still written, and say so
