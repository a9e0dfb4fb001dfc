"""The analyze stage on hostile and large input: the same rows whatever the text holds, and work that grows
with the input, never with its square (a 60 KB comment of initials once took 38 s to split into sentences)."""

from __future__ import annotations

import resource
from collections.abc import Callable

import pytest

from comments.analyze import analyze_page
from comments.analyze.entities import comment_sentences, names_in, page_mentions
from comments.analyze.quotes import page_own_words
from comments.analyze.targets import CommenterNames
from comments.model import Article, Comment, Page
from tests.conftest import FakeScorer

HOSTILE = (
    "$1 {0} %s %(x)s {} <b>Vladimir Putin</b> &amp; <script>alert(1)</script>",
    "",
    "   ",
    'Mr. Smith of Acme said: "you\'re wrong" to Jane Smith.',
    '> quoted line\n"Donald Trump met Vladimir Putin" indeed, Dear Donald',
    "TRUMP IS WRONG ABOUT NATO AND THE U.S. {x} $HOME",
)


def _cpu(work: Callable[[], object]) -> float:
    """The least CPU time of three runs of ``work`` (the machine is shared: the least is the least disturbed)."""
    times = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_SELF)
        work()
        after = resource.getrusage(resource.RUSAGE_SELF)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return max(min(times), 1e-3)


def _grows_linearly(work: Callable[[int], object], n: int) -> None:
    """``work`` on four times the input costs about four times as much: well under the sixteen of a square."""
    small, large = _cpu(lambda: work(n)), _cpu(lambda: work(4 * n))
    assert large / small < 9, f"{small:.3f} s for {n}, {large:.3f} s for {4 * n}"


@pytest.mark.parametrize(
    "unit",
    ["A. ", "Mr. ", "U.S. ", "e.g. ", "Dear ", "Jan ", "Trump ", "TRUMP ", "x" + " " * 50, "Bank of "],
    ids=repr,
)
def test_sentences_and_names_grow_linearly_with_a_comment(unit: str) -> None:
    def work(n: int) -> None:
        text = "Putin " + unit * n + "Smith"
        comment_sentences(text)
        names_in(text)

    _grows_linearly(work, 4_000)


def test_a_sentence_that_runs_on_keeps_its_abbreviations_and_its_lines() -> None:
    assert comment_sentences("Mr. Putin met Dr. Smith. He left.") == ("Mr. Putin met Dr. Smith.", "He left.")
    assert comment_sentences("A. B. C. Smith won. Yes") == ("A. B. C. Smith won.", "Yes")
    assert comment_sentences("one" + " " * 1_000 + "\n two") == ("one", "two")
    assert comment_sentences("one" + " " * 1_000 + "two") == ("one" + " " * 1_000 + "two",)
    assert comment_sentences("") == () and comment_sentences(" \n ") == ()


def test_names_are_found_in_hostile_text() -> None:
    assert [n.surface for n in names_in("Dear Dear Dear Vladimir Putin")] == ["Vladimir Putin"]
    assert [n.surface for n in names_in("Putin Jan Jan")] == ["Putin"]
    assert [n.surface for n in names_in("He works at the Bank of America now")] == ["Bank of America"]
    assert names_in("") == [] and names_in("no capitals here at all") == [] and names_in("{} $ %s") == []
    mentions = page_mentions(["Donald Trump spoke."], [("TRUMP", "trump", "Trump is here."), ("Trump. Trump!",)])
    assert list(mentions.comments) == ["Donald Trump"]  # the alias, shown as written most often


def _page(n: int, *, chain: bool) -> Page:
    comments = []
    for i in range(n):
        parent = (f"c{i - 1}" if chain else f"c{i % 7}") if i else None
        text = f'"{HOSTILE[i % len(HOSTILE)]}" {HOSTILE[(i + 1) % len(HOSTILE)]} user{i % 300}, you said it'
        author = f"user{i % 300}" if i % 11 else None
        depth = min(i, 50) if chain else int(bool(i))
        comments.append(Comment(id=f"c{i}", author=author, parent_id=parent, depth=depth, text=text))
    paragraphs = ("Donald Trump met Vladimir Putin.", "{} $0 %d")
    article = Article(title="Donald Trump {title} $ %s <i>", paragraphs=paragraphs)
    return Page(source="hostile", article=article, comments=tuple(comments))


def _scorers() -> tuple[FakeScorer, ...]:
    toxicity = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
    return (
        FakeScorer("vader", ("vader_compound", "vader_pos", "vader_neu", "vader_neg")),
        FakeScorer("bilstm", toxicity, aggregate="max", whole_texts=True),
    )


@pytest.mark.parametrize("chain", [False, True], ids=["wide", "one reply chain"])
def test_three_thousand_hostile_comments_on_one_page(chain: bool) -> None:
    page = _page(3_000, chain=chain)
    tables = analyze_page(page, article_id="p", scorers=_scorers())
    assert [row["text"] for row in tables.comments] == [comment.text for comment in page.comments]
    assert sum(row["n_comments"] for row in tables.threads) == 3_000
    assert len(tables.threads) == (1 if chain else 7)
    assert {"Donald Trump", "Vladimir Putin"} <= {row["entity"] for row in tables.entities}
    assert all(row["quoted_chars"] >= 0 for row in tables.comments)
    assert sum(row["n_comments"] for row in tables.commenters) == 3_000


@pytest.mark.parametrize("chain", [False, True], ids=["wide", "one reply chain"])
def test_a_page_costs_what_its_comments_cost(chain: bool) -> None:
    scorers = _scorers()
    _grows_linearly(lambda n: analyze_page(_page(n, chain=chain), article_id="p", scorers=scorers), 500)


def test_quotes_and_commenter_names_grow_linearly_with_a_page() -> None:
    _grows_linearly(lambda n: page_own_words(_page(n, chain=True)), 500)
    names = CommenterNames([f"user {i} name" for i in range(3_000)])
    _grows_linearly(lambda n: names.named("user 7 name says " * n, author="user 8 name"), 2_000)
