"""One frozen settings object: validated where it is built, recorded whole, and charts that follow the scorers."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import matplotlib.image
import pandas as pd
import pytest

import comments
from comments.analyze import analyze_pages, table_columns
from comments.cli import main
from comments.parse import bundled_pages_dir, parse_file
from comments.report import charts
from comments.run import run_report
from comments.settings import (
    AnalyzeSettings,
    Columns,
    ParseSettings,
    ReportSettings,
    RunSettings,
    ScoreSettings,
    Settings,
    SettingsError,
)
from tests.conftest import SEED_WITH_COMMENTS, FakeScorer

PAGE = "004_2d0e51718fae0afb"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ParseSettings(format="pdf"), "unknown format 'pdf'; choose one of text, html"),
        (lambda: ParseSettings(max_bytes=0), "--max-size: give a size above 0 MB"),
        (lambda: ParseSettings(max_bytes=-5), "--max-size: give a size above 0 MB"),
        (lambda: Columns(text=""), "--text-col: give a column name"),
        (lambda: ScoreSettings(toxicity="perspective"), "no toxicity scorer called 'perspective'"),
        (lambda: ScoreSettings(toxicity_model_dir=Path("m")), "--toxicity-model-dir is for --toxicity detoxify"),
        (lambda: AnalyzeSettings(toxicity_threshold=1.5), "--toxicity-threshold: give a probability between 0 and 1"),
        (lambda: AnalyzeSettings(toxicity_threshold=float("nan")), "--toxicity-threshold: give a probability"),
        (lambda: AnalyzeSettings(long_comment_chars=0), "long_comment_chars must be at least 1"),
        (lambda: ReportSettings(page_charts=-1), "--charts: give all, none or a number of pages"),
        (lambda: RunSettings(jobs=0), "--jobs: give a number of worker processes of at least 1"),
        (lambda: RunSettings(engine="spark"), "unknown engine 'spark'; choose one of local, dask"),
        (lambda: RunSettings(scheduler="tcp://x:1"), "--scheduler is for --engine dask"),
        (lambda: Settings(run=ReportSettings()), "Settings.run must be a RunSettings"),
    ],
)
def test_a_library_caller_gets_the_same_one_line_errors(build: Any, message: str) -> None:
    with pytest.raises(SettingsError, match="^" + message.replace("(", r"\(")):
        build()


def test_settings_are_frozen_and_keyword_only() -> None:
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.run = RunSettings()  # type: ignore[misc]
    with pytest.raises(TypeError):
        RunSettings(2)  # type: ignore[misc]


def test_a_negative_zero_threshold_is_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = AnalyzeSettings(toxicity_threshold=-0.0, hold_threshold=-0.0)
    assert str(settings.toxicity_threshold) == "0.0" and str(settings.hold_threshold) == "0.0"
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nThe article says a thing.\n", encoding="utf-8")
    flags = ["--toxicity", "profanity", "--toxicity-threshold", "-0", "--no-charts", "--no-html"]
    assert main(["report", str(page), "--out", str(tmp_path / "out"), *flags]) == 0
    said = capsys.readouterr()
    assert "probability >= 0" in said.out + said.err and ">= -0" not in said.out + said.err


def _field_paths(cls: type, prefix: str = "") -> set[str]:
    paths = set()
    for field in dataclasses.fields(cls):
        default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
        if dataclasses.is_dataclass(default):
            paths |= _field_paths(type(default), f"{prefix}{field.name}.")
        else:
            paths.add(prefix + field.name)
    return paths


def _json_paths(value: dict[str, Any], prefix: str = "") -> set[str]:
    paths = set()
    for key, item in value.items():
        paths |= _json_paths(item, f"{prefix}{key}.") if isinstance(item, dict) else {prefix + key}
    return paths


def test_run_json_records_every_field(tmp_path: Path, fake_scorers: tuple[FakeScorer, ...]) -> None:
    settings = Settings(
        parse=ParseSettings(max_bytes=2_000_000, columns=Columns(text="body")),
        report=ReportSettings(charts=False, raw_csv=True),
        run=RunSettings(cache_dir=tmp_path / "cache"),
    )
    summary = run_report([bundled_pages_dir()], tmp_path / "out", settings, scorers=fake_scorers)
    recorded = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["settings"]
    assert _json_paths(recorded) == _field_paths(Settings)
    assert recorded["parse"]["max_bytes"] == 2_000_000 and recorded["parse"]["columns"]["text"] == "body"
    assert recorded["run"]["cache_dir"] == str(tmp_path / "cache")
    # the threshold is decided once, by the toxicity scorer, and recorded as used
    assert recorded["analyze"]["toxicity_threshold"] == 0.5 == summary.settings.analyze.toxicity_threshold
    assert recorded == summary.settings.to_json()


def _pngs(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.png"))


def test_a_custom_scorer_without_tone_or_toxicity_still_gets_every_table(tmp_path: Path) -> None:
    summary = run_report([bundled_pages_dir()], tmp_path, Settings(), scorers=[FakeScorer()])
    for name in table_columns([FakeScorer()]):
        assert tuple(pd.read_csv(tmp_path / name).columns) == table_columns([FakeScorer()])[name]
    assert _pngs(tmp_path) == ["targets.png"]  # what the comments are aimed at needs no score
    assert summary.failures == ()
    assert any(note.startswith("overview.png not drawn: needs a tone column") for note in summary.notes)
    assert any(note.startswith("thread.png not drawn for 1 page: needs a tone column") for note in summary.notes)
    assert json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))["notes"] == list(summary.notes)


def test_charts_follow_the_columns_the_scorers_give(tmp_path: Path) -> None:
    toxicity_only = FakeScorer("tox", ("toxicity", "insult"), aggregate="max", whole_texts=True)
    summary = run_report([bundled_pages_dir()], tmp_path / "tox", Settings(), scorers=[toxicity_only])
    assert _pngs(tmp_path / "tox") == [
        f"{PAGE}/commenters.png",
        f"{PAGE}/thread.png",
        "escalation.png",
        "targets.png",
    ]
    assert {note.split(" ")[0] for note in summary.notes} == {
        *("tone_contrast.png", "article_tone.png", "overview.png", "entities.png"),
    }  # authors.png and moderation.png have nothing to show (no author with 5 comments, nothing held): no note

    textblob_only = FakeScorer("textblob", ("textblob_polarity", "textblob_subjectivity"))
    summary = run_report([bundled_pages_dir()], tmp_path / "tb", Settings(), scorers=[textblob_only])
    assert len(_pngs(tmp_path / "tb")) == 6  # the five of the page charts and targets.png
    assert {note.split(" ")[0] for note in summary.notes} == {
        "entities.png",
        "escalation.png",
        "authors.png",
        "moderation.png",
    }
    for name in _pngs(tmp_path / "tb"):
        image = matplotlib.image.imread(tmp_path / "tb" / name)
        assert image[..., :3].std() > 0.05


def test_a_failing_chart_costs_that_chart_only(
    tmp_path: Path, fake_scorers: tuple[FakeScorer, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("no room on the canvas")

    monkeypatch.setattr(charts, "thread", broken)
    summary = run_report([bundled_pages_dir()], tmp_path, Settings(), scorers=fake_scorers)
    errors = pd.read_csv(tmp_path / "errors.csv")
    assert list(errors["stage"]) == ["chart"]
    assert errors["message"][0] == f"{SEED_WITH_COMMENTS}: thread.png not drawn (RuntimeError: no room on the canvas)"
    assert len(summary.failed_files) == 0 and len(summary.failures) == 1
    assert not (tmp_path / PAGE / "thread.png").exists() and (tmp_path / PAGE / "commenters.png").exists()
    assert len(pd.read_csv(tmp_path / "comments.csv")) == 5


def test_the_cli_builds_the_settings_and_reports_bad_ones_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags, message in (
        (["--max-size", "0"], "error: --max-size: give a size above 0 MB, not 0\n"),
        (["--max-size", "nan"], "error: --max-size: give a size above 0 MB, not nan\n"),
        (["--max-size", "-1"], "error: --max-size: give a size above 0 MB, not -1\n"),
        (["--jobs", "0"], "error: --jobs: give a number of worker processes of at least 1, not 0\n"),
        (["--scheduler", "tcp://x:1"], "error: --scheduler is for --engine dask\n"),
    ):
        assert main(["report", "--out", str(tmp_path), "--quiet", *flags]) == 1
        assert capsys.readouterr().err == message


def test_the_public_api_from_the_package_root(fake_scorers: tuple[FakeScorer, ...]) -> None:
    for name in comments.__all__:
        assert getattr(comments, name) is not None, name
    pages = comments.parse_file(bundled_pages_dir() / SEED_WITH_COMMENTS)
    tables = comments.analyze_pages(pages, article_ids=["p"], scorers=fake_scorers)
    frames = comments.tables_as_frames(tables, fake_scorers)
    columns = table_columns(fake_scorers)
    assert set(frames) == {name.removesuffix(".csv") for name in columns}
    for name, frame in frames.items():
        assert tuple(frame.columns) == columns[f"{name}.csv"]
    assert list(frames["comments"]["author"]) == ["Tony", "Eolone", "Mick Servian", "Gary Hylton", "zorbatheturk"]
    assert frames["articles"]["n_comments"].tolist() == [5]
    assert frames["comments"]["vader_compound"].tolist() == [row["vader_compound"] for row in tables[0].comments]


def test_stage_functions_take_their_part(fake_scorers: tuple[FakeScorer, ...]) -> None:
    (page,) = parse_file(bundled_pages_dir() / SEED_WITH_COMMENTS, ParseSettings(format="text"))
    (strict,) = analyze_pages([page], AnalyzeSettings(toxicity_threshold=0.0), article_ids=["p"], scorers=fake_scorers)
    assert all(row["toxic"] for row in strict.comments)
    (lenient,) = analyze_pages([page], AnalyzeSettings(toxicity_threshold=1.0), article_ids=["p"], scorers=fake_scorers)
    assert not any(row["toxic"] for row in lenient.comments)
