"""The discourse analyses on a small hand-made corpus whose answers are known.

Two articles of a table export, eight comments, with stand-in scorers whose scores follow from words
(``idiot``, ``moron`` are toxic; ``good``/``great`` are +0.5, ``bad``/``awful`` -0.5), so that every
figure below can be worked out by hand.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from comments import parse_file, parse_text
from comments.analyze import analyze_page
from comments.analyze.authors import person_key, source_of
from comments.analyze.moderation import HOLD_THRESHOLDS, UNMEASURED_HOLD, TopThreads, default_hold_threshold
from comments.analyze.stats import wilson
from comments.analyze.targets import RULES, Rule
from comments.analyze.threads import EscalationTally
from comments.run import run_report
from comments.score import Row, default_scorers, toxicity_scorer
from comments.settings import ReportSettings, Settings
from tests.conftest import TESTS, FakeScorer

FIXTURES = TESTS / "fixtures"

A1 = ("a1", "Council approves bridge")
A2 = ("a2", "Library hours")
ROWS = [
    ("article_id", "title", "article_text", "comment_id", "parent_id", "author", "created_at", "text"),
    (*A1, "Mayor Jane Smith said the bridge is good. The council agreed.", "1", "", "Ann", "2024-05-01 10:00",
     "The bridge is great news."),
    (*A1, "", "2", "1", "Ben", "2024-05-01 10:30", "You are an idiot, Ann."),
    (*A1, "", "3", "2", "Ann", "2024-05-01 11:00", "> You are an idiot\nPlease keep it civil."),
    (*A1, "", "4", "", "Anonymous", "", "Smith is bad for this town."),
    (*A1, "", "5", "4", "Guest", "", "This article is awful."),
    (*A2, "The library opens late. Critics called the plan stupid.", "6", "", "Ben", "2024-04-30 09:00",
     'Calling the plan "stupid" is unfair.'),
    (*A2, "", "7", "6", "Cleo", "2024-05-02 08:00", "Ben is an idiot."),
    (*A2, "", "8", "7", "Ben", "2024-05-03 12:00", "Stop it, moron."),
]  # fmt: skip


def export_text() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(ROWS)
    return out.getvalue()


TOXIC_WORDS = ("idiot", "moron", "stupid")


class WordTone:
    name = "wordtone"
    columns = ("vader_compound",)
    aggregate = "mean"
    whole_texts = False

    def score(self, texts: Sequence[str]) -> list[Row]:
        def tone(text: str) -> float:
            words = text.lower()
            return 0.5 * (any(w in words for w in ("good", "great")) - any(w in words for w in ("bad", "awful")))

        return [(tone(text),) for text in texts]


class WordToxicity:
    name = "wordtoxicity"
    columns = ("toxicity", "insult")
    aggregate = "max"
    whole_texts = True
    threshold = 0.5
    hold_threshold = 0.8

    def score(self, texts: Sequence[str]) -> list[Row]:
        return [(0.9, 0.7) if any(w in text.lower() for w in TOXIC_WORDS) else (0.05, 0.01) for text in texts]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("discourse")
    (folder / "in").mkdir()
    (folder / "in" / "export.csv").write_text(export_text(), encoding="utf-8")
    settings = Settings(report=ReportSettings(min_author_comments=2))
    summary = run_report([folder / "in"], folder / "out", settings, scorers=(WordTone(), WordToxicity()))
    assert not summary.failures
    return folder / "out"


def _csv(report: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(report / name, keep_default_na=False, na_values=[""], dtype={"comment_id": str})


def test_quoted_text_is_set_aside_and_kept_in_text(report: Path) -> None:
    comments = _csv(report, "comments.csv").set_index("comment_id")
    assert comments.loc["3", "quoted_chars"] == len("> You are an idiot")
    assert comments.loc["3", "text"].startswith("> You are an idiot")  # the quote stays in the text
    assert not comments.loc["3", "toxic"]  # quoting an insult to object to it is not toxic
    assert comments.loc["6", "quoted_chars"] == len('"stupid"')  # a span found in the article
    assert not comments.loc["6", "toxic"]
    assert comments.loc["1", "quoted_chars"] == 0
    assert list(comments["toxic"]) == [False, True, False, False, False, False, True, True]


def test_replies_carry_their_parent_and_the_shift(report: Path) -> None:
    comments = _csv(report, "comments.csv").set_index("comment_id")
    assert math.isnan(comments.loc["1", "parent_toxicity"])
    assert comments.loc["2", "parent_toxicity"] == pytest.approx(0.05)
    assert comments.loc["2", "toxicity_shift"] == pytest.approx(0.85)
    assert comments.loc["5", "parent_vader_compound"] == pytest.approx(-0.5)
    assert comments.loc["5", "tone_shift"] == pytest.approx(0.0)
    assert list(comments["thread_id"].astype(str)) == ["1", "1", "1", "4", "4", "6", "6", "6"]


def test_targets_follow_the_rules(report: Path) -> None:
    comments = _csv(report, "comments.csv").set_index("comment_id")
    assert dict(comments["target"]) == {
        "1": "none",
        "2": "commenter",
        "3": "commenter",
        "4": "named",
        "5": "article",
        "6": "none",
        "7": "commenter",
        "8": "commenter",
    }
    assert comments.loc["2", "target_rule"] == "reply-in-second-person"
    assert comments.loc["7", "target_rule"] == "names-a-commenter"
    targets = _csv(report, "targets.csv")
    a2 = targets[targets["article_id"] == "export__a2"].set_index("target")
    assert a2.loc["commenter", "n_comments"] == 2 and a2.loc["commenter", "n_toxic"] == 2
    assert a2.loc["commenter", "share_of_toxic"] == 1.0 and a2.loc["none", "share_toxic"] == 0.0


def test_threads(report: Path) -> None:
    threads = _csv(report, "threads.csv").set_index("thread_id")
    assert list(threads.index.astype(str)) == ["1", "4", "6"]
    first = threads.loc[1]
    assert (first["n_comments"], first["max_depth"], first["n_participants"]) == (3, 2, 2)
    assert (first["n_toxic"], first["first_toxic_position"], first["first_toxic_depth"]) == (1, 1, 1)
    assert first["mean_toxicity_before"] == pytest.approx(0.05) and first["mean_toxicity_after"] == pytest.approx(0.05)
    assert threads.loc[4, "n_participants"] == 2  # "Anonymous" and "Guest" are two people, not one
    assert threads.loc[4, "tone_drift"] == pytest.approx(0.0)
    assert threads.loc[6, "n_held"] == 2


def test_held_comments(report: Path) -> None:
    held = _csv(report, "held.csv")
    assert list(held["comment_id"]) == ["2", "7", "8"]
    assert set(held["hold_threshold"]) == {0.8}
    assert list(held["thread_n_held"]) == [1, 2, 2]
    assert list(_csv(report, "articles.csv")["n_held"]) == [1, 2]


@pytest.mark.parametrize("name", ["news", "bilstm", "profanity"])
def test_each_shipped_toxicity_scorer_holds_at_its_own_measured_threshold(name: str) -> None:
    """The default queue of a shipped scorer is the one measured for it (news: on its out-of-fold scores)."""
    scorers = (*default_scorers()[:3], toxicity_scorer(name))
    assert default_hold_threshold(scorers) == HOLD_THRESHOLDS[name] != UNMEASURED_HOLD
    assert default_hold_threshold(default_scorers()[:3]) is None  # nothing gives toxicity: nothing is held


def test_authors_across_pages(report: Path) -> None:
    authors = _csv(report, "authors.csv").set_index("author")
    assert list(authors.index) == ["Ben", "Ann", "Cleo"]  # anonymous and placeholder names are nobody
    ben = authors.loc["Ben"]
    assert (ben["source"], ben["n_articles"], ben["n_comments"]) == ("export.csv", 2, 3)
    assert (ben["n_replies_given"], ben["n_replies_received"], ben["n_toxic"]) == (2, 2, 2)
    assert ben["share_toxic"] == pytest.approx(2 / 3, abs=1e-4)
    assert ben["share_toxic_low"] == pytest.approx(0.2077, abs=1e-4)  # Wilson, 95%
    assert ben["share_toxic_high"] == pytest.approx(0.9385, abs=1e-4)
    assert (ben["first_posted_at"], ben["last_posted_at"]) == ("2024-04-30T09:00:00", "2024-05-03T12:00:00")
    assert ben["max_toxicity"] == pytest.approx(0.9)
    assert (authors.loc["Ann", "n_replies_given"], authors.loc["Ann", "n_replies_received"]) == (1, 1)
    assert list(authors["toxicity_rank"].astype("Int64")) == [1, 2, pd.NA]  # Cleo has fewer than 2 comments


def test_escalation_by_depth_and_parent(report: Path) -> None:
    rows = _csv(report, "escalation.csv")
    share = rows[rows["measure"] == "share_toxic"].set_index("group")
    assert share.loc["depth 0", "value"] == 0 and share.loc["depth 0", "n"] == 3
    assert share.loc["depth 1", "value"] == pytest.approx(2 / 3, abs=1e-4)
    assert share.loc["depth 2", "value"] == pytest.approx(1 / 2)
    assert (share.loc["reply to a toxic comment", "n"], share.loc["reply to a toxic comment", "value"]) == (2, 0.5)
    after_civil = share.loc["reply to a comment that is not toxic"]
    assert (after_civil["n"], after_civil["value"]) == (3, pytest.approx(2 / 3, abs=1e-4))
    assert 0 < after_civil["low"] < after_civil["value"] < after_civil["high"] < 1


def test_entities_merge_a_surname_into_the_full_name(report: Path) -> None:
    entities = _csv(report, "entities.csv")
    a1 = entities[entities["article_id"] == "export__a1"].set_index("entity")
    assert list(a1.index) == ["Jane Smith"]  # "Mayor" is a title; commenters' names are not entities
    smith = a1.loc["Jane Smith"]
    assert (smith["n_article_mentions"], smith["n_comment_mentions"], smith["n_comments"]) == (1, 1, 1)
    assert (smith["article_tone"], smith["comments_tone"], smith["tone_gap"]) == (0.5, -0.5, -1.0)
    assert smith["comments_toxicity"] == pytest.approx(0.05)


def test_corpus_charts_are_drawn(report: Path) -> None:
    for name in ("authors.png", "escalation.png", "targets.png", "moderation.png", "export__a1/entities.png"):
        assert (report / name).stat().st_size > 10_000, name


@pytest.mark.parametrize(
    ("name", "key"),
    [("Ann", "ann"), ("  Mick   Servian ", "mick servian"), ("Anonymous", None), ("guest123", None), ("", None),
     ("[deleted]", None), (None, None), ("Ａnn", "ann"), ("Thu", None), ("Aug 9 2012", None), ("May", None),
     ("Maya", "maya"), ("Jan Novak", "jan novak")],
)  # fmt: skip
def test_placeholder_names_are_nobody(name: str | None, key: str | None) -> None:
    assert person_key(name) == key


def test_sources_of_authors() -> None:
    assert source_of("export.csv#a1") == "export.csv"
    assert source_of("site/page.html") == "site/"
    assert source_of("page.html") == "./"


def test_a_quoted_insult_objected_to_is_not_toxic_with_the_real_model() -> None:
    page = parse_text(
        "Bridge opens\n\nThe new bridge opened on Monday.\n\n"
        "  1. Sam says:\n\n    Go back where you came from, you stupid idiot.\n\n"
        "    1. Kim says:\n\n      > you stupid idiot\n      Please do not talk to people like that.\n\n"
        "    2. Lou says:\n\n      Calling someone a “stupid idiot” is not how we talk here.\n",
        source="p.txt",
    )
    tables = analyze_page(page, article_id="p", scorers=default_scorers())
    insult, quoting, quoting_marks = tables.comments
    assert insult["toxic"] and not quoting["toxic"] and not quoting_marks["toxic"]
    assert quoting["quoted_chars"] == len("> you stupid idiot")
    assert quoting_marks["quoted_chars"] == len("“stupid idiot”")
    assert "stupid idiot" in quoting["text"] and "stupid idiot" in quoting_marks["text"]


def test_every_input_format_gets_every_discourse_table(tmp_path: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    run_report([FIXTURES], tmp_path, Settings(report=ReportSettings(charts=False)), scorers=fake_scorers)
    articles = _csv(tmp_path, "articles.csv").set_index("article_id")
    threads = _csv(tmp_path, "threads.csv").groupby("article_id")["n_comments"].sum()
    targets = _csv(tmp_path, "targets.csv").groupby("article_id")["n_comments"].agg(["sum", "size"])
    with_comments = articles[articles["n_comments"] > 0]
    assert len(with_comments) >= 8  # text dumps, HTML, CSV, JSON, JSON lines and the platform exports
    for article_id, row in with_comments.iterrows():
        assert threads[article_id] == row["n_comments"], article_id
        assert tuple(targets.loc[article_id]) == (row["n_comments"], 4), article_id
    authors = _csv(tmp_path, "authors.csv")
    assert {"./", "comments.csv", "comments.json", "comments.jsonl"} <= set(authors["source"])
    assert "Anonymous" not in set(authors["author"])  # the WordPress fixture's anonymous commenter
    comments = _csv(tmp_path, "comments.csv")
    attributed = comments["author"].map(lambda name: person_key(name if isinstance(name, str) else None)).notna()
    assert authors["n_comments"].sum() == attributed.sum()


def test_names_on_the_bundled_page(pages_dir: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    """Every name found is a proper name (precision 1 on this page), aliases merged, Kremlin and Moscow apart."""
    page = parse_file(pages_dir / "004_2d0e51718fae0afb.txt")[0]
    entities = {row["entity"]: row for row in analyze_page(page, article_id="p", scorers=fake_scorers).entities}
    assert set(entities) == {
        *("Donald Trump", "Vladimir Putin", "Yury Ushakov", "Primakov"),
        *("US", "America", "American", "Americans", "NATO", "Kremlin", "Moscow", "Washington"),
        *("Russia", "Ukraine", "Syria"),
    }
    trump, putin = entities["Donald Trump"], entities["Vladimir Putin"]
    assert (trump["n_article_mentions"], trump["n_comment_mentions"], trump["n_comments"]) == (10, 8, 3)
    assert (putin["n_article_mentions"], putin["n_comment_mentions"], putin["n_comments"]) == (8, 3, 2)
    assert entities["Kremlin"]["n_comment_mentions"] == 1 and entities["Moscow"]["n_comment_mentions"] == 0
    assert list(entities)[:3] == ["Donald Trump", "US", "Vladimir Putin"]  # most mentioned first


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_target_rule_matches_its_examples(rule: Rule) -> None:
    assert all(rule.applies(example) for example in rule.examples), rule.name
    assert not any(rule.applies(example) for example in rule.counter_examples), rule.name


def test_wilson_interval() -> None:
    assert wilson(0, 3) == (0.0, pytest.approx(0.5615, abs=1e-4))
    assert wilson(5, 10) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_escalation_intervals_stay_on_the_scale_of_their_measure() -> None:
    # two toxicities far apart and three tones far apart: the normal interval of their mean runs past 0 and -1
    tally = EscalationTally()
    page = [
        {"comment_id": "1", "parent_id": None, "depth": 0, "toxicity": 0.01, "toxic": False, "vader_compound": -0.95},
        {"comment_id": "2", "parent_id": None, "depth": 0, "toxicity": 0.9, "toxic": True, "vader_compound": 0.9},
        {"comment_id": "3", "parent_id": None, "depth": 0, "toxicity": 0.02, "toxic": False, "vader_compound": -0.9},
    ]
    tally.add(page, {"article_vader_compound": -0.99})
    rows = {row["measure"]: row for row in tally.rows()}
    assert 0.0 <= rows["mean_toxicity"]["low"] < rows["mean_toxicity"]["value"] < rows["mean_toxicity"]["high"] <= 1
    tone = rows["mean_vader_compound"]
    assert -1.0 <= tone["low"] < tone["value"] < tone["high"] <= 1.0
    assert rows["mean_toxicity"]["low"] == 0.0 and tone["low"] == -1.0  # cut at the end of the scale, not beyond


def test_whole_numbers_that_may_be_missing_are_written_as_whole_numbers(report: Path) -> None:
    with (report / "threads.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [row["first_toxic_position"] for row in rows] == ["1", "", "1"]  # not 1.0000
    assert [row["first_toxic_depth"] for row in rows] == ["1", "", "1"]


def test_the_corpus_keeps_only_its_most_toxic_threads() -> None:
    top = TopThreads(size=3)
    for n in range(50):
        thread = {"thread_id": f"t{n}", "n_held": n % 7, "max_toxicity": 0.5 + n / 100, "n_toxic": n % 7}
        top.add([thread], [], title=None)
    kept = top.rows()
    assert [row["thread_id"] for row in kept] == ["t48", "t41", "t34"]  # most held, then most toxic
    assert len(top._heap) == 3
