"""Scores are computed once per text: across a run, and across runs with --cache."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from comments.cli import main
from comments.run import CHUNK_FILES, run_report
from comments.score import MemoryCache, ScoreCache, ScoreCounts, default_scorers, score_table, sentences
from comments.score.cache import COLUMN_RANGES, scorer_version, text_key, valid_row
from comments.settings import ReportSettings, RunSettings, ScoreSettings, Settings
from tests.conftest import NO_CHARTS, FakeScorer

PAGE = "Title {n}\n\nThe council met on day {n}. The plan is shared by all.\n\n  1. Ann says:\n\n    {comment}\n"


def _write(folder: Path, n: int, comment: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"page{n:02d}.txt").write_text(PAGE.format(n=n, comment=comment), encoding="utf-8")


def _scored(scorer: FakeScorer) -> list[str]:
    return [text for call in scorer.calls for text in call]


def test_a_text_repeated_across_pages_is_scored_once_per_run(tmp_path: Path) -> None:
    for n in range(20):  # three chunks of files
        _write(tmp_path / "pages", n, "Same reposted comment.")
    scorer = FakeScorer("fake", ("fake_a",))
    run_report([tmp_path / "pages"], tmp_path / "out", NO_CHARTS, scorers=[scorer])
    scored = _scored(scorer)
    assert scored.count("Same reposted comment.") == 1
    assert scored.count("The plan is shared by all.") == 1
    assert len(scored) == len(set(scored)) == 1 + 1 + 20  # the comment, the shared sentence, 20 day sentences
    manifest = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert manifest["texts"]["scored"] == {"fake": 22}
    # within a chunk repeats are folded before scoring; later chunks find the two shared texts in the cache
    chunks = -(-20 // CHUNK_FILES)
    assert manifest["texts"]["from_cache"] == {"fake": 2 * (chunks - 1)}
    assert not list((tmp_path / "out").glob(".scores*"))  # the run's own cache is gone


def test_cache_scores_only_new_texts_on_a_second_run(tmp_path: Path) -> None:
    for n in range(10):
        _write(tmp_path / "pages", n, f"Comment number {n}.")
    cache = tmp_path / "cache"
    first = FakeScorer("fake", ("fake_a", "fake_b"))
    run_report([tmp_path / "pages"], tmp_path / "one", _cached(cache), scorers=[first])
    assert (cache / "scores.sqlite").is_file()
    for n in range(10, 13):  # the archive grows by three pages
        _write(tmp_path / "pages", n, f"Comment number {n}.")
    second = FakeScorer("fake", ("fake_a", "fake_b"))
    run_report([tmp_path / "pages"], tmp_path / "two", _cached(cache), scorers=[second])
    assert sorted(_scored(second)) == sorted(
        [f"Comment number {n}." for n in range(10, 13)] + [f"The council met on day {n}." for n in range(10, 13)]
    )
    # the rows of the old pages are the same as the first run's
    old = (tmp_path / "one" / "comments.csv").read_text(encoding="utf-8").splitlines()
    new = (tmp_path / "two" / "comments.csv").read_text(encoding="utf-8").splitlines()
    assert new[: len(old)] == old and len(new) == len(old) + 3
    # a new model version never reads the old one's scores
    changed = FakeScorer("fake", ("fake_a", "fake_c"))
    run_report([tmp_path / "pages"], tmp_path / "three", _cached(cache), scorers=[changed])
    assert len(_scored(changed)) == 13 * 2 + 1


def test_cached_rows_are_exactly_the_scored_rows(tmp_path: Path) -> None:
    texts = [f"text {n} {'é' * n}" for n in range(50)] + ["\ud800 lone surrogate", ""]
    scorer = FakeScorer("fake", ("a", "b", "c"))
    cache = ScoreCache(tmp_path / "s.sqlite")
    direct = score_table(texts, [scorer])
    counts = ScoreCounts()
    assert score_table(texts, [scorer], cache, counts) == direct
    assert score_table(texts, [scorer], cache, counts) == direct
    assert counts.scored["fake"] == len(texts) and counts.cached["fake"] == len(texts)
    assert scorer_version(scorer) != scorer_version(FakeScorer("fake", ("a", "b")))


def test_sentences_are_split_once_and_read_back_as_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = ["Mr. Smith went to Washington. He said “hi.” Then he left!", "One.  Two? \ud800 Three…", "   ", "x"]
    direct = {p: sentences.split_sentences(p) for p in paragraphs}
    cache = ScoreCache(tmp_path / "s.sqlite")
    assert sentences.split_table([*paragraphs, *paragraphs], cache) == direct
    split: list[str] = []
    monkeypatch.setattr(sentences, "split_sentences", lambda p: split.append(p) or direct[p])
    assert sentences.split_table(paragraphs, cache) == direct
    assert split == []  # every paragraph read back from the cache
    # damaged rows (not JSON, not a list of sentences) are split again, and mended
    db = cache._db()
    version = sentences.splitter_version()
    for paragraph, stored in zip(paragraphs, ("{", '"one"', "[1, 2]"), strict=False):
        db.execute(
            "UPDATE splits SET sentences = ? WHERE splitter = ? AND key = ?", (stored, version, text_key(paragraph))
        )
    assert sentences.split_table(paragraphs, cache) == direct
    assert split == paragraphs[:3]
    assert sentences.split_table(paragraphs, cache) == direct
    assert split == paragraphs[:3]


def test_a_memory_cache_gives_the_rows_a_file_would_and_keeps_the_latest(tmp_path: Path) -> None:
    texts = [f"text {n}" for n in range(12)]
    scorer = FakeScorer("fake", ("a", "b"))
    memory, file = MemoryCache(kept=8), ScoreCache(tmp_path / "s.sqlite")
    direct = score_table(texts, [scorer])
    assert score_table(texts, [scorer], memory) == score_table(texts, [scorer], file) == direct
    version = scorer_version(scorer)
    # past 8 rows the oldest went (a quarter more than needed at a time); the ones kept are the file's values
    kept = memory.get(version, texts, scorer.columns)
    assert list(kept) == texts[-6:]
    assert kept == file.get(version, texts[-6:], scorer.columns)
    assert all(type(value) is float for row in kept.values() for value in row)
    memory.put(version, [("ints", (1, 0))])  # stored as floats, as a file stores them
    assert memory.get(version, ["ints"], scorer.columns) == {"ints": (1.0, 0.0)}
    assert memory.get("another:version", texts, scorer.columns) == {}
    memory.put_splits("splitter", [("A. B.", ("A.", "B."))])
    assert memory.get_splits("splitter", ["A. B.", "C."]) == {"A. B.": ("A.", "B.")}
    # another process (a pool or Dask worker) gets an empty one of its own, not the rows
    copy = pickle.loads(pickle.dumps(memory))
    assert copy.get(version, texts, scorer.columns) == {} and copy.get_splits("splitter", ["A. B."]) == {}
    assert memory.get_splits("splitter", ["A. B."]) == {"A. B.": ("A.", "B.")}


@pytest.mark.parametrize("under", ["", "cache", "cache/deeper"])
def test_an_unusable_cache_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], under: str
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    folder = blocker / under if under else blocker
    assert main(["report", "--out", str(tmp_path / "out"), "--quiet", "--no-charts", "--cache", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "cannot use the score cache" in err and f"{blocker} is a file, and the cache needs a folder there" in err
    assert "Errno" not in err and "Traceback" not in err


def test_a_folder_where_the_cache_file_goes_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cache" / "scores.sqlite"
    (folder / "mine").mkdir(parents=True)
    out = str(tmp_path / "out")
    assert main(["report", "--out", out, "--quiet", "--no-charts", "--cache", str(folder.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{folder} is a folder, and the cache needs a file there; pass another --cache folder" in err
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["scores.sqlite"] and (folder / "mine").is_dir()


def _cached(cache: Path) -> Settings:
    return Settings(report=ReportSettings(charts=False), run=RunSettings(cache_dir=cache))


@pytest.mark.parametrize("toxicity", ["news", "bilstm", "profanity"])
def test_every_column_of_every_built_in_scorer_has_its_range(toxicity: str) -> None:
    # a cached value outside its column's range is damage, scored again: a column without a range (textblob-fr's
    # were missing) would let a damaged row through as a score, 5.0 on a -1 … +1 scale
    for scorer in default_scorers(ScoreSettings(toxicity=toxicity)):
        for column in scorer.columns:
            low, high = COLUMN_RANGES[column]
            assert -1.0 <= low < high <= 1.0, column
        assert valid_row(tuple(0.5 for _ in scorer.columns), scorer.columns)
        assert not valid_row(tuple(5.0 for _ in scorer.columns), scorer.columns)
        for n in range(len(scorer.columns)):  # one bad value is enough
            assert not valid_row(tuple(-5.0 if i == n else 0.5 for i in range(len(scorer.columns))), scorer.columns)
