"""The HTML report, opened in a real browser: headless Chromium (Debian's package) driven by playwright.

The browser is never downloaded: `make test` installs Debian's chromium when $CHROMIUM
(default /usr/bin/chromium) is missing, and these tests fail, not skip, without it.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from lxml import html as lxml_html
from playwright.sync_api import Browser, Page, sync_playwright

from comments.analyze import article_id_for
from comments.cli import _parser, main
from comments.cli import _settings as _settings_of
from comments.parse import bundled_pages_dir
from comments.report.html import COMMENTS_PER_FILE, LISTINGS, PAGE_ROWS
from comments.report.leaders import Leaders
from comments.run import run_report
from comments.score import Row
from comments.settings import DEFAULT_TOXICITY, AnalyzeSettings, ReportSettings, RunSettings, Settings
from tests.conftest import FakeScorer

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE_TITLE = '<script>window.pwned = "title"</script> Budget & "cuts" {{ 7*7 }} $x$'
HOSTILE_AUTHOR = "<img src=x onerror=\"window.pwned = 'author'\">"
_MARKUP = (
    "</p><h1>injected</h1><a href=\"javascript:window.pwned='text'\">click</a><script>window.pwned='text'</script>"
)
#: markup as it stands and entity-escaped: whichever the parser turns into text, markup reaches the report
HOSTILE_TEXT = f"{_MARKUP} {html.escape(_MARKUP)} 50% {{% raw %}}"
MANY_PAGES = PAGE_ROWS + 25  # the page table needs two files
LONG_THREAD = COMMENTS_PER_FILE * 2 + 50  # the thread needs three files
THRESHOLD = 0.5


class ToneScorer:
    """A stand-in for VADER: +0.6 for "good", -0.6 for "bad", else 0; scores known in advance."""

    name = "tone"
    columns = ("vader_compound",)
    aggregate = "mean"
    whole_texts = False

    def score(self, texts: Sequence[str]) -> list[Row]:
        return [(0.6 if "good" in t else -0.6 if "bad" in t else 0.0,) for t in texts]


class ToxicityScorer:
    """A stand-in for the toxicity model: 0.9 for texts holding "TOXIC", else 0.1."""

    name = "toxic-words"
    columns = ("toxicity", "insult")
    aggregate = "max"
    whole_texts = True

    def score(self, texts: Sequence[str]) -> list[Row]:
        return [(0.9, 0.8) if "TOXIC" in t else (0.1, 0.0) for t in texts]


def _export(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def build_corpus(folder: Path) -> Path:
    """A hostile page, a long thread, many small pages, a page without comments and a file that fails."""
    folder.mkdir(parents=True, exist_ok=True)
    page = {"thread_id": "hostile", "headline": HOSTILE_TITLE}
    hostile = [
        {**page, "id": "h1", "user": HOSTILE_AUTHOR, "message": HOSTILE_TEXT},
        {**page, "id": "h2", "user": "Rosa", "message": "a TOXIC reply", "in_reply_to": "h1"},
    ]
    for depth in range(3, 18):  # a chain of replies deeper than the page indents
        hostile.append(
            {**page, "id": f"h{depth}", "user": f"U{depth % 4}", "message": f"reply at depth {depth - 1}, good",
             "in_reply_to": f"h{depth - 1}"}
        )  # fmt: skip
    _export(folder / "hostile.json", hostile)
    thread = []
    for n in range(LONG_THREAD):
        reply = n % 5 != 0
        thread.append(
            {"id": f"t{n}", "thread_id": "long", "headline": "A long thread", "user": f"Reader {n % 7}",
             "message": f"comment {n} is {'TOXIC' if n < 5 or n % 11 == 0 else 'bad' if n % 3 else 'good'}",
             **({"in_reply_to": f"t{n - n % 5}"} if reply else {})}
        )  # fmt: skip
    _export(folder / "long.json", thread)
    _export(
        folder / "many.json",
        [
            {
                "id": f"m{n}",
                "thread_id": f"page{n:03d}",
                "headline": f"Small page {n:03d}",
                "user": f"Ann{n % 3}",
                "message": "good" if n % 2 else ("bad TOXIC" if n % 3 == 0 else "bad"),
            }
            for n in range(MANY_PAGES)
        ],
    )
    (folder / "quiet.txt").write_text(
        "A page nobody answered\n\nThe council met and agreed on a good plan.\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _settings(**report: Any) -> Settings:
    return Settings(
        analyze=AnalyzeSettings(toxicity_threshold=THRESHOLD),
        report=ReportSettings(page_charts=1, **report),
        run=RunSettings(jobs=1),
    )


SCORERS = (ToneScorer(), ToxicityScorer())


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = build_corpus(tmp_path_factory.mktemp("corpus"))
    out = tmp_path_factory.mktemp("report")
    summary = run_report([corpus], out, _settings(), scorers=SCORERS)
    assert summary.pages == MANY_PAGES + 3
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium, or set CHROMIUM=/path")
    with sync_playwright() as playwright:
        # launch() gives every browser a fresh temporary profile (its own --user-data-dir)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_FLAGS)
        yield browser
        browser.close()


class Tab:
    """A browser page that records every console error, script error and failed request."""

    def __init__(self, browser: Browser, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in (
            "error", "warning") else None)  # fmt: skip
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        # a request the tab cancelled by leaving the page (a click before the page's images were in) is no
        # fault of the report; a missing file fails as net::ERR_FILE_NOT_FOUND and is recorded
        self.page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else self.problems.append(
            f"failed request: {r.url} ({r.failure})"))  # fmt: skip
        self.page.on("request", lambda r: None if r.url.startswith("file://") else self.problems.append(
            f"request off the file system: {r.url}"))  # fmt: skip

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    tab = Tab(browser)
    yield tab
    tab.close()
    assert tab.problems == []


def _article_dir(report: Path, title: str) -> Path:
    for folder in report.iterdir():
        index = folder / "index.html"
        if index.exists() and title in lxml_html.parse(str(index)).findtext(".//h1"):
            return folder
    raise AssertionError(f"no page titled {title!r}")


def test_index_says_what_was_read(report: Path, tab: Tab) -> None:
    page = tab.open(report / "index.html")
    assert page.inner_text("h1") == "Comment report"
    terms, values = page.locator("dl.facts dt").all_inner_texts(), page.locator("dl.facts dd").all_inner_texts()
    facts = dict(zip(terms, values, strict=True))
    assert facts["Pages"] == str(MANY_PAGES + 3)
    assert facts["Comments"] == f"{2 + 15 + LONG_THREAD + MANY_PAGES:,}"
    assert facts["Files that failed"] == "1"
    assert facts["Toxic when toxicity ≥"] == "0.50"
    assert facts["Toxicity model"] == "toxic-words"
    assert "empty.txt" in page.inner_text("#failures")
    assert all(not note.rstrip().endswith(":") for note in page.locator(".note").all_inner_texts())  # each says why
    # the page table, the rankings and every table of the run
    assert page.locator("table.pages tbody tr").count() == PAGE_ROWS
    threads = page.locator("#threads tbody tr")
    assert threads.count() > 0 and "A long thread" in threads.first.inner_text()
    assert page.locator("#commenters tbody tr").count() > 0
    files = page.locator("#files a").all_inner_texts()
    for name in ("articles.csv", "comments.csv", "commenters.csv", "clutter.csv", "errors.csv", "run.json"):
        assert name in files


def _links(path: Path, hrefs: Sequence[str], report: Path, ids: dict[Path, set[str]]) -> list[Path]:
    """Check that each resolved link of ``path`` stays in the report and finds its file and #anchor;
    return the HTML files it leads to."""
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.scheme == "file", f"{path}: link off the file system: {href}"
        target = Path(unquote(parts.path))
        assert target.exists(), f"{path}: broken link {href}"
        assert report in target.parents, f"{path}: link out of the report: {href}"
        if target.suffix == ".html":
            if target not in ids:
                ids[target] = set(lxml_html.parse(str(target)).xpath("//@id"))
            assert not parts.fragment or parts.fragment in ids[target], f"{path}: no #{parts.fragment} in {target}"
            found.append(target)
    return found


def test_every_local_link_and_image_resolves(report: Path, browser: Browser) -> None:
    """Every HTML file the index leads to: each link's file (and its #anchor) exists, each image exists.
    The browser opens the index, the first file of every sort order, every page with charts and every
    part of a split thread (images loaded, alt text, nothing logged, no request off the file system);
    the other files, alike in all but their rows, have their links resolved from their markup."""
    tab = Tab(browser)
    ids: dict[Path, set[str]] = {}
    opened = 0
    seen, queue = set(), [report / "index.html"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        in_browser = (
            path.parent == report
            or path.name.endswith("-1.html")
            or path.name.startswith("comments-")
            or any(path.parent.glob("*.png"))
        )
        if in_browser:
            opened += 1
            page = tab.open(path)
            images = page.eval_on_selector_all("img", "els => els.map(e => [e.src, e.complete && "
                                               "e.naturalWidth > 0, e.alt])")  # fmt: skip
            for src, loaded, alt in images:
                assert loaded, f"{path}: image {src} did not load"
                assert re.search(r"\b(against|comparing)\b", alt), f"{path}: {src}: alt text {alt!r}"
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        else:
            tree = lxml_html.parse(str(path))
            tree.getroot().make_links_absolute(path.as_uri())
            hrefs = tree.xpath("//a/@href")
            for src in tree.xpath("//img/@src"):
                assert Path(unquote(urlsplit(src).path)).exists(), f"{path}: image {src}"
        queue += _links(path, hrefs, report, ids)
    tab.close()
    assert tab.problems == []
    assert set(report.rglob("*.html")) == seen, (
        f"files no link leads to: {sorted(set(report.rglob('*.html')) - seen)[:5]}"
    )
    assert opened > 10 and len(seen) > MANY_PAGES + len(list((report / LISTINGS).glob("*.html")))


def test_markup_in_the_input_shows_as_text(report: Path, tab: Tab) -> None:
    folder = _article_dir(report, "Budget")
    page = tab.open(folder / "index.html")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert HOSTILE_TITLE in page.title()
    assert page.locator("h1").count() == 1 and page.inner_text("h1") == HOSTILE_TITLE
    first = page.locator("li.comment").first
    parsed = pd.read_csv(report / "comments.csv", keep_default_na=False).set_index("comment_id").loc["h1"]
    assert parsed["author"] == HOSTILE_AUTHOR
    assert "<h1>injected</h1>" in parsed["text"] and "<script>" in parsed["text"]  # what the parser kept
    assert first.locator(".author").inner_text() == HOSTILE_AUTHOR
    assert first.locator(".body").inner_text() == parsed["text"]
    assert page.locator("img[src=x], a[href^=javascript]").count() == 0
    index = tab.open(report / "index.html")
    assert index.evaluate("typeof window.pwned") == "undefined"
    assert index.get_by_text(HOSTILE_TITLE).count() >= 1


def test_an_article_page_shows_its_thread(report: Path, tab: Tab) -> None:
    folder = _article_dir(report, "Budget")
    page = tab.open(folder / "index.html")
    comments = page.locator("li.comment")
    assert comments.count() == 17
    assert "toxic" in comments.nth(1).get_attribute("class")
    assert comments.nth(1).locator(".badge").inner_text() == "toxic"
    assert "reply to #1" in comments.nth(1).inner_text()
    indents = [page.eval_on_selector(f"#c{n}", "e => e.getBoundingClientRect().left") for n in (1, 2, 3, 17)]
    assert indents[0] < indents[1] < indents[2] < indents[3]  # deeper replies stand further right
    assert "depth 16" in comments.nth(16).inner_text()  # past the deepest indentation, the depth is written
    assert page.locator("#charts img").count() == 0 or page.locator("#charts figure").count() > 0
    assert page.locator("#article").count() == 1


def test_a_long_thread_is_split_into_files(report: Path, tab: Tab) -> None:
    folder = _article_dir(report, "A long thread")
    files = sorted(folder.glob("*.html"))
    assert [f.name for f in files] == ["comments-2.html", "comments-3.html", "index.html"]
    numbers: list[int] = []
    for name in ("index.html", "comments-2.html", "comments-3.html"):
        page = tab.open(folder / name)
        shown = [int(i.removeprefix("c")) for i in page.eval_on_selector_all("li.comment", "els => els.map(e => e.id)")]
        assert len(shown) <= COMMENTS_PER_FILE * 3 // 2
        numbers += shown
        assert page.locator("nav.pager").count() == 2
    assert numbers == list(range(1, LONG_THREAD + 1))


def _number(cell: str) -> float | None:
    cell = cell.replace("−", "-").replace("%", "").replace(",", "")
    return None if cell == "—" else float(cell)


def _listing_values(report: Path, key: str, direction: str, column: int) -> list[str]:
    """The cells of one column over every file of one sort order, read from the files."""
    values: list[str] = []
    for n in range(1, len(list((report / LISTINGS).glob(f"{key}-{direction}-*.html"))) + 1):
        tree = lxml_html.parse(str(report / LISTINGS / f"{key}-{direction}-{n}.html"))
        values += [td.text_content() for td in tree.xpath(f"//table[@class='pages']/tbody/tr/td[{column + 1}]")]
    return values


def test_the_page_table_sorts_by_every_column(report: Path, tab: Tab) -> None:
    """Each heading leads to the table sorted by it over every page (missing values last); a second click
    reverses it; the files of one order hold every page once."""
    index = tab.open(report / "index.html")
    headings = index.locator("table.pages thead th").all_inner_texts()
    assert headings[:2] == ["# ▲", "Page"] and "Share toxic" in headings and "Tone gap" in headings
    for i, heading in enumerate(headings):
        page = tab.open(report / "index.html")
        page.locator("table.pages thead th a").nth(i).click()
        for click in range(2):
            page.wait_for_load_state("load")
            sorted_by = page.locator("table.pages thead th[aria-sort]")
            assert sorted_by.inner_text().startswith(heading.removesuffix(" ▲")), heading
            direction = sorted_by.get_attribute("aria-sort")
            key, way, _ = Path(urlsplit(page.url).path).name.split("-")
            assert way == ("desc" if direction == "descending" else "asc")
            first = page.eval_on_selector_all(
                f"table.pages tbody tr td:nth-child({i + 1})", "els => els.map(e => e.innerText)"
            )
            values = _listing_values(report, key, way, i)
            assert first == values[:PAGE_ROWS] and len(values) == MANY_PAGES + 3, heading
            if i == 1:
                keys: list[Any] = [v.removesuffix(" (no title found)").casefold() for v in values]
            else:
                numbers = [_number(v) for v in values]
                keys = [n for n in numbers if n is not None]
                assert numbers[: len(keys)] == keys, f"{heading}: a missing value before a number"
            assert keys == sorted(keys, reverse=way == "desc"), f"{heading} {direction}"
            if click == 0:
                sorted_by.locator("a").click()
    orders = _listing_values(report, "order", "asc", 0)
    assert orders == [str(n) for n in range(1, MANY_PAGES + 4)]


def test_usable_without_javascript(report: Path, browser: Browser) -> None:
    tab = Tab(browser, javascript=False)
    index = tab.open(report / "index.html")
    assert index.locator("table.pages tbody tr").count() == PAGE_ROWS
    index.locator("table.pages thead th a", has_text="Share toxic").click()
    index.wait_for_load_state("load")
    assert index.locator("table.pages tbody tr").first.locator("td").last.inner_text() == "100%"
    page = tab.open(_article_dir(report, "A long thread") / "index.html")
    assert page.locator("li.comment").count() > 100
    tab.close()
    assert tab.problems == []


def test_charts_are_linked_only_where_they_were_drawn(report: Path, tab: Tab) -> None:
    """--charts 1: the first page have their charts, the others say why they have none."""
    linked = 0
    for folder in sorted(p for p in report.iterdir() if (p / "index.html").exists()):
        tree = lxml_html.parse(str(folder / "index.html"))
        images = tree.xpath("//section[@id='charts']//img/@src")
        for src in images:
            assert (folder / src).exists()
        linked += bool(images)
        pngs = {p.name for p in folder.glob("*.png")}
        assert set(images) == pngs, folder.name
        if not images:
            assert "the first page of" in tree.findtext(".//section[@id='charts']/p")
    assert linked == 1
    page = tab.open(report / "index.html")
    shown = page.eval_on_selector_all("#charts img", "els => els.map(e => e.getAttribute('src'))")
    assert "overview.png" in shown and set(shown) == {p.name for p in report.glob("*.png")}


def test_a_run_without_tone_or_toxicity_still_has_its_report(tmp_path: Path, browser: Browser) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    run_report([corpus], tmp_path / "out", _settings(charts=False), scorers=(FakeScorer("custom", ("custom_a",)),))
    tab = Tab(browser)
    index = tab.open(tmp_path / "out" / "index.html")
    assert index.locator("table.pages thead th").all_inner_texts() == ["# ▲", "Page", "Comments", "Commenters"]
    assert index.locator("#threads").count() == 0
    page = tab.open(_article_dir(tmp_path / "out", "Budget") / "index.html")
    assert "custom_a" in page.locator("li.comment").first.inner_text()
    tab.close()
    assert tab.problems == []


class FrenchToneScorer:
    """A stand-in for textblob-fr: a tone for French units only."""

    name = "french-tone"
    columns = ("textblob_fr_polarity",)
    aggregate = "mean"
    whole_texts = False
    languages = ("fr",)

    def score(self, texts: Sequence[str]) -> list[Row]:
        return [(0.5,) for _ in texts]


def test_a_page_shows_the_tones_its_charts_draw(tmp_path: Path) -> None:
    """A scorer that read nothing on a page (a French lexicon on an English page) is not named on it:
    neither on every comment with an empty score nor in the caption of a chart that does not draw it."""
    english = [
        {"id": f"e{n}", "thread_id": "en", "headline": "The council and the bridge", "user": f"Reader {n}",
         "message": f"I think the council made a {'good' if n % 2 else 'bad'} decision about the old bridge."}
        for n in range(4)
    ]  # fmt: skip
    french = [
        {"id": f"f{n}", "thread_id": "fr", "headline": "Le conseil et le pont", "user": f"Lecteur {n}",
         "message": "Je pense que le conseil municipal a pris une décision sur le vieux pont."}
        for n in range(3)
    ]  # fmt: skip
    _export(tmp_path / "en.json", english)
    _export(tmp_path / "fr.json", french)
    out = tmp_path / "out"
    settings = _settings()
    settings = Settings(analyze=settings.analyze, report=ReportSettings(page_charts=2), run=settings.run)
    run_report([tmp_path / "en.json", tmp_path / "fr.json"], out, settings, scorers=(*SCORERS, FrenchToneScorer()))
    english_page = (out / "en__en" / "index.html").read_text(encoding="utf-8")
    assert "(French)" not in english_page and "TextBlob-fr" not in english_page
    assert english_page.count("VADER <b") == 4  # each comment's tone
    french_page = (out / "fr__fr" / "index.html").read_text(encoding="utf-8")
    assert french_page.count("TextBlob (French) <b") == 3
    assert "VADER <b" not in french_page  # VADER read none of it: no row of empty VADER scores
    facts = lxml_html.fromstring(french_page).xpath("//dl[@class='facts']")[0].text_content()
    assert "Mean comment tone+0.50" in " ".join(facts.split()).replace(" +", "+")  # the tone its chart draws


def test_a_second_run_leaves_no_stale_page(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run_report([corpus], out, _settings(charts=False), scorers=SCORERS)
    (corpus / "many.json").unlink()
    _export(corpus / "long.json", json.loads((corpus / "long.json").read_text())[:10])
    run_report([corpus], out, _settings(charts=False), scorers=SCORERS)
    assert not [p for p in out.rglob("comments-*.html") if p.parent.name != LISTINGS]
    assert {p.name for p in (out / LISTINGS).glob("order-*")} == {"order-asc-1.html", "order-desc-1.html"}
    assert not list(out.rglob("*.part"))


def test_html_is_the_same_for_any_number_of_jobs(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus")
    for jobs in (1, 2):
        settings = Settings(
            analyze=AnalyzeSettings(toxicity_threshold=THRESHOLD),
            report=ReportSettings(charts=False),
            run=RunSettings(jobs=jobs),
        )
        run_report([corpus], tmp_path / str(jobs), settings, scorers=SCORERS)
    one = {p.relative_to(tmp_path / "1"): p.read_bytes() for p in (tmp_path / "1").rglob("*.html")}
    two = {p.relative_to(tmp_path / "2"): p.read_bytes() for p in (tmp_path / "2").rglob("*.html")}
    assert one == two


def test_no_html_writes_none(tmp_path: Path) -> None:
    args = _parser().parse_args(["report", "--no-html"])
    assert _settings_of(args).report.html is False
    assert _settings_of(_parser().parse_args(["report"])).report.html is True
    build_corpus(tmp_path / "corpus")
    run_report([tmp_path / "corpus"], tmp_path / "out", _settings(charts=False, html=False), scorers=SCORERS)
    assert not list((tmp_path / "out").rglob("*.html"))
    assert (tmp_path / "out" / "comments.csv").exists()


def test_the_bundled_pages_report(tmp_path: Path, browser: Browser) -> None:
    """What `make report` writes, with the real scorers (charts are tested on the report above)."""
    assert main(["report", str(bundled_pages_dir()), "--out", str(tmp_path), "--quiet", "--no-charts"]) == 0
    tab = Tab(browser)
    index = tab.open(tmp_path / "index.html")
    assert index.locator("table.pages tbody tr").count() == 2
    read = index.inner_text("#read")
    assert DEFAULT_TOXICITY in read and re.search(r"SHA-256 [0-9a-f]{64}", read) and "0.30" in read
    index.locator("table.pages tbody a", has_text="Putin aide").click()
    index.wait_for_load_state("load")
    assert index.locator("li.comment").count() == 5
    assert "Charts are off for this run" in index.inner_text("#charts")
    toxic = int(pd.read_csv(tmp_path / "comments.csv")["toxic"].sum())
    assert toxic > 0
    assert index.locator("li.comment.toxic").count() == toxic
    assert index.locator("#clutter tbody tr").count() == 6
    tab.close()
    assert tab.problems == []


def test_a_ranking_keeps_the_best_rows_and_the_first_of_a_tie() -> None:
    ranking = Leaders(lambda row: (row["n"],), k=3)
    ranking.add({"n": n, "seen": i} for i, n in enumerate([1, 5, 3, 5, 2, 5, 4]))
    assert [(row["n"], row["seen"]) for row in ranking.rows()] == [(5, 1), (5, 3), (5, 5)]


def test_a_page_named_like_a_report_file_gets_a_folder_of_its_own(tmp_path: Path) -> None:
    """index.html.txt or articles.csv.txt must not take the name of the index or of a table."""
    page = "A title\n\nThe council met and agreed.\n\n  1. Ann says:\n\n    Good plan.\n"
    (tmp_path / "in").mkdir()
    for name in ("index.html.txt", "articles.csv.txt", "run.json.txt", "_pages.txt"):
        (tmp_path / "in" / name).write_text(page, encoding="utf-8")
    summary = run_report([tmp_path / "in"], tmp_path / "out", _settings(charts=False), scorers=SCORERS)
    assert summary.pages == 4 and not summary.failures
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "articles.csv").is_file()
    assert {p.name for p in (tmp_path / "out").iterdir() if p.is_dir()} == {
        "index.html_",
        "articles.csv_",
        "run.json_",
        "pages",
        LISTINGS,
    }
    assert article_id_for("x" * 96 + ".csv.txt", set()) == "x" * 96 + ".cs_"
