"""The toxicity scorers: the news model, the shipped BiLSTM pair, profanity, detoxify's errors, the measured quality."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from comments.cli import main
from comments.errors import ScorerUnavailable
from comments.score import ATTRIBUTES, BiLSTMScorer, DetoxifyScorer, NewsScorer, ProfanityScorer, toxicity_scorer
from comments.score.bilstm import MODEL_FILES, MODELS_DIR
from comments.score.news import MODEL_DIR as NEWS_DIR
from comments.score.news import MODEL_FILES as NEWS_FILES
from comments.score.toxicity import BILSTM_MODELS, _bilstm, _news

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "toxicity"
TRAIN = ROOT.parent / "shared" / "train" / "toxicity"
TEACHER_WHEELS = ("toxic-comment-classifier==0.3.0", "tox-block==0.1.2")

ABUSIVE = [
    "You are a stupid idiot and everyone hates you.",
    "Shut up, you pathetic moron.",
    "What a disgusting piece of garbage you are, go to hell.",
    "I will find you and kill you.",
]
BENIGN = [
    "Thank you for the thoughtful article, I learned a lot.",
    "The council meets again on Tuesday to discuss the budget.",
    "I disagree with the author about interest rates, but the data is interesting.",
    "Lovely photos of the harbour at sunset.",
]


@pytest.fixture(scope="module", params=["news", "bilstm"])
def any_scorer(request: pytest.FixtureRequest) -> NewsScorer | BiLSTMScorer:
    return NewsScorer() if request.param == "news" else BiLSTMScorer()


@pytest.fixture(scope="module")
def scorer() -> BiLSTMScorer:
    return BiLSTMScorer()


@pytest.fixture(scope="module")
def news() -> NewsScorer:
    return NewsScorer()


def test_every_attribute_is_a_probability(any_scorer: NewsScorer | BiLSTMScorer) -> None:
    rows = any_scorer.score([*ABUSIVE, *BENIGN, "", "!!!", "word " * 500, "zzqx " * 3])
    assert any_scorer.columns == ATTRIBUTES
    assert len(rows) == len(ABUSIVE) + len(BENIGN) + 4
    assert all(len(row) == 6 and all(0.0 <= v <= 1.0 for v in row) for row in rows)


def test_scores_are_deterministic_and_independent_of_the_batch(any_scorer: NewsScorer | BiLSTMScorer) -> None:
    long = " ".join(BENIGN * 30) + " " + ABUSIVE[1]
    texts = [*ABUSIVE, *BENIGN, long, "", "Stupid."]
    together = any_scorer.score(texts)
    assert any_scorer.score(texts) == together
    assert [any_scorer.score([t])[0] for t in texts] == together
    assert any_scorer.score(texts[::-1]) == together[::-1]
    assert any_scorer.score(texts * 20)[: len(texts)] == together  # batches of other lengths around them


def test_abusive_sentences_rank_above_benign_ones(any_scorer: NewsScorer | BiLSTMScorer) -> None:
    scorer = any_scorer
    abusive = [row[0] for row in scorer.score(ABUSIVE)]
    benign = [row[0] for row in scorer.score(BENIGN)]
    assert min(abusive) > max(benign)
    assert min(abusive) >= scorer.threshold > max(benign)
    threat = scorer.score(["I will find you and kill you."])[0][ATTRIBUTES.index("threat")]
    assert threat > max(row[ATTRIBUTES.index("threat")] for row in scorer.score(BENIGN))


def test_a_long_comment_is_read_in_overlapping_windows(scorer: BiLSTMScorer) -> None:
    model = _bilstm(BILSTM_MODELS[0])
    tokens = list(range(1, 251))
    windows = list(model.windows(tokens))
    assert [w[0] for w in windows] == [1, 51, 101, 151]  # 100 tokens, each overlapping the last by half
    assert all(len(w) == 100 for w in windows) and windows[-1][-1] == 250
    assert list(model.windows(tokens[:80])) == [tokens[:80]]
    # an insult early in a long benign comment: the package's own truncation (last 100 tokens) misses it
    calm = " ".join(BENIGN[1:3] * 12)
    text = f"{ABUSIVE[0]} {calm}"
    assert len(model.tokens(text)) > 200
    windowed = scorer.score([text])[0][0]
    assert windowed >= scorer.threshold > scorer.score([calm])[0][0]
    truncated = np.mean([_bilstm(name).predict([text], overlap=False)[0, 0] for name in BILSTM_MODELS])
    assert truncated < scorer.threshold


def test_the_news_model_reads_a_long_comment_in_overlapping_windows(news: NewsScorer) -> None:
    model = _news()
    tokens = list(range(1, 251))
    windows = model.windows(tokens)
    assert [w[0] for w in windows] == [1, 51, 101, 151]
    assert all(len(w) == 100 for w in windows) and windows[-1][-1] == 250
    assert model.windows(tokens[:80]) == [tokens[:80]]
    calm = " ".join(BENIGN[1:3] * 12)
    assert len(model.tokens(calm)) > 200
    for text in (f"{ABUSIVE[0]} {calm}", f"{calm} {ABUSIVE[0]}", f"{calm} {ABUSIVE[0]} {calm}"):
        assert news.score([text])[0][0] >= news.threshold > news.score([calm])[0][0]
    # the max over windows: the whole text scores what its worst window scores
    first = model.predict([" ".join(f"w{i}" for i in range(5))])  # no known word at all
    assert first.shape == (1, 6)


def test_the_news_graph_computes_the_documented_network(news: NewsScorer) -> None:
    """The ONNX graph equals a plain numpy BiLSTM over each window's own tokens, max over its steps."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(NEWS_DIR / "model.onnx")).graph
    w = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    hidden = w["lstm_R"].shape[-1]

    def sigmoid(x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-x))

    def direction(x: np.ndarray, d: int) -> np.ndarray:
        h = np.zeros(hidden)
        c = np.zeros(hidden)
        out = []
        for step in x:
            z = w["lstm_W"][d] @ step + w["lstm_R"][d] @ h + w["lstm_B"][d][: 4 * hidden] + w["lstm_B"][d][4 * hidden :]
            i, o, f, g = np.split(z, 4)  # ONNX gate order
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            out.append(h)
        return np.array(out)

    def reference(tokens: list[int]) -> np.ndarray:
        x = w["embedding"][tokens or [0]].astype(np.float64)
        pooled = np.concatenate([direction(x, 0).max(0), direction(x[::-1], 1).max(0)])
        hidden_layer = np.maximum(pooled @ w["dense_W"] + w["dense_B"], 0)
        return sigmoid(hidden_layer @ w["out_W"] + w["out_B"])

    model = _news()
    texts = [*ABUSIVE, *BENIGN, "", "Idiot."]
    expected = np.array([reference(model.tokens(t)) for t in texts])
    assert np.abs(model.predict(texts) - expected).max() < 1e-5


def test_the_shipped_news_model_is_complete_with_its_licences() -> None:
    assert all((NEWS_DIR / file).is_file() for file in NEWS_FILES)
    for licence in ("LICENSE-tox-block", "LICENSE-toxic-comment-classifier", "LICENSE-autolabel.txt"):
        assert "MIT License" in (NEWS_DIR / licence).read_text(encoding="utf-8"), licence
    fox = (NEWS_DIR / "LICENSE-fox-news-comments.txt").read_text(encoding="utf-8")
    assert "MIT License" in fox or "Permission is hereby granted" in fox
    if TRAIN.is_dir():  # the licence text travels unchanged with what was made from its data
        assert fox == (TRAIN / "LICENSE-fox-news-comments.txt").read_text(encoding="utf-8")
    config = _news().config
    assert tuple(config["labels"]) == ATTRIBUTES
    assert config["threshold"] == NewsScorer.threshold
    card = (NEWS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert _news().sha256 in card, "the model card names the hash of the model it describes"


@pytest.mark.skipif(not TRAIN.is_dir(), reason="the shared training data is not beside the checkout")
def test_the_news_model_records_the_data_it_was_trained_on() -> None:
    recorded = _news().config["training"]["data_sha256"]
    for name, digest in recorded.items():
        assert hashlib.sha256((TRAIN / name).read_bytes()).hexdigest() == digest, name


def test_run_json_records_the_news_model_hash(news: NewsScorer) -> None:
    described = news.describe()
    assert described["name"] == "news"
    assert described["onnx_sha256"] == hashlib.sha256((NEWS_DIR / "model.onnx").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def teacher_wheels(registry: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The teachers' wheels from the package registry, or a skip that says it cannot be reached."""
    folder = tmp_path_factory.mktemp("wheels")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), *TEACHER_WHEELS],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.skip(f"the package registry is unreachable (pip download failed: {done.stderr.strip()[-200:]})")
    return folder


def test_the_shipped_models_are_complete() -> None:
    for name in BILSTM_MODELS:
        folder = MODELS_DIR / name
        assert all((folder / file).is_file() for file in (*MODEL_FILES, "LICENSE"))
        assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert (MODELS_DIR / "MODEL_CARD.md").is_file()


@pytest.mark.registry
def test_the_export_script_rebuilds_the_shipped_files(tmp_path: Path, teacher_wheels: Path) -> None:
    """tools/export_toxicity_model.py turns both PyPI wheels into the same bytes."""
    for name in BILSTM_MODELS:
        (wheel,) = teacher_wheels.glob(f"{name.replace('-', '_')}-*.whl")
        script = ROOT / "tools" / "export_toxicity_model.py"
        done = subprocess.run(
            [sys.executable, str(script), name, "--wheel", str(wheel), "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        for file in (*MODEL_FILES, "LICENSE"):
            assert (tmp_path / name / file).read_bytes() == (MODELS_DIR / name / file).read_bytes(), (name, file)


@pytest.mark.registry
@pytest.mark.rebuild
@pytest.mark.skipif(
    os.environ.get("COMMENTS_REBUILD") != "1",
    reason="the full rebuild of the news model takes minutes and needs torch: run with COMMENTS_REBUILD=1",
)
@pytest.mark.skipif(not TRAIN.is_dir(), reason="the shared training data is not beside the checkout")
def test_the_training_script_rebuilds_the_news_model(tmp_path: Path, teacher_wheels: Path) -> None:
    """tools/train_toxicity_model.py, from ../shared/train and the teachers' wheels, gives the shipped model."""
    pytest.importorskip("torch", reason="the rebuild needs torch: pip install torch==2.13.0")
    script = ROOT / "tools" / "train_toxicity_model.py"
    done = subprocess.run(
        [sys.executable, str(script), "--wheels", str(teacher_wheels), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, done.stderr
    for file in ("vocab.json", "config.json"):
        assert (tmp_path / file).read_bytes() == (NEWS_DIR / file).read_bytes(), file
    from comments.score.news import NewsModel

    texts = [*ABUSIVE, *BENIGN]
    if EVAL.is_dir():
        sys.path.insert(0, str(ROOT / "bench"))
        from eval_toxicity import load

        texts += load(EVAL / "socc_ctc.csv", "label", sample=300)[0]
    rebuilt, shipped = NewsModel(tmp_path).predict(texts), _news().predict(texts)
    assert np.abs(rebuilt - shipped).max() <= 1e-6


def test_toxicity_scorers_by_name() -> None:
    assert isinstance(toxicity_scorer(), NewsScorer)
    assert isinstance(toxicity_scorer("news"), NewsScorer)
    assert isinstance(toxicity_scorer("bilstm"), BiLSTMScorer)
    assert isinstance(toxicity_scorer("profanity"), ProfanityScorer)
    assert isinstance(toxicity_scorer("detoxify"), DetoxifyScorer)
    with pytest.raises(ScorerUnavailable, match="choose one of news, bilstm, profanity, detoxify"):
        toxicity_scorer("perspective")


def test_detoxify_says_what_it_needs_and_never_downloads(tmp_path: Path) -> None:
    with pytest.raises(ScorerUnavailable, match="--toxicity-model-dir"):
        DetoxifyScorer().score(["hello"])
    with pytest.raises(ScorerUnavailable, match="no such folder"):
        DetoxifyScorer(tmp_path / "missing").score(["hello"])
    with pytest.raises(ScorerUnavailable, match=r"exactly one \*\.ckpt file and a config/ folder"):
        DetoxifyScorer(tmp_path).score(["hello"])


def test_cli_toxicity_choice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--out", str(tmp_path / "p"), "--quiet", "--no-charts", "--toxicity", "profanity"]) == 0
    assert "toxic: profanity toxicity probability >= 0.5" in capsys.readouterr().out
    with (tmp_path / "p" / "comments.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert "toxicity" in header and "insult" not in header
    assert main(["report", "--out", str(tmp_path / "d"), "--quiet", "--toxicity", "detoxify"]) == 1
    assert "--toxicity-model-dir" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "x"), "--quiet", "--toxicity-model-dir", str(tmp_path)]) == 1
    assert "is for --toxicity detoxify" in capsys.readouterr().err
    args = ["report", "--out", str(tmp_path / "t"), "--quiet", "--no-charts", "--toxicity-threshold", "0.05"]
    assert main(args) == 0
    assert "toxic: news toxicity probability >= 0.05" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["report", "--toxicity-threshold", "1.5"])


def _readme_sample_figures() -> dict[str, dict[tuple[str, str], float]]:
    """The README's table of ROC-AUC on the fixed 300-row samples (bench/eval_toxicity.py --sample 300)."""
    figures: dict[str, dict[tuple[str, str], float]] = {"bilstm": {}, "news": {}}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\| `(\w+\.csv)` `(\w+)` \| 300 \| ([0-9.]+) \| ([0-9.]+) \|", line):
            figures["bilstm"][match[1], match[2]] = float(match[3])
            figures["news"][match[1], match[2]] = float(match[4])
    return figures


@pytest.mark.skipif(not EVAL.is_dir(), reason="the shared evaluation data is not beside the checkout")
def test_auc_on_300_row_samples_holds_the_readme_figures(any_scorer: NewsScorer | BiLSTMScorer) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_toxicity import load

    figures = _readme_sample_figures()[any_scorer.name]
    assert len(figures) == 5
    for (name, label), expected in figures.items():
        texts, labels = load(EVAL / name, label, sample=300)
        auc = roc_auc_score(labels, [row[0] for row in any_scorer.score(texts)])
        assert auc >= expected - 0.02, (
            f"{any_scorer.name} {name} {label}: ROC-AUC {auc:.3f}, README says {expected:.3f}"
        )


def _training_tools() -> tuple[ModuleType, ModuleType]:
    """tools/train_toxicity_model.py and tools/select_toxicity_model.py as modules (they need the tools extra)."""
    pytest.importorskip("h5py", reason="the training tools need the tools extra: pip install -e '.[tools]'")
    pytest.importorskip("onnx", reason="the training tools need the tools extra: pip install -e '.[tools]'")
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    import select_toxicity_model
    import train_toxicity_model

    return train_toxicity_model, select_toxicity_model


@pytest.mark.skipif(not TRAIN.is_dir(), reason="the shared training data is not beside the checkout")
def test_selection_folds_hold_every_subset_and_label_in_every_fold() -> None:
    """Each fold holds a fifth of the ordinary comments, toxic and not, so every fold measures ranking them."""
    recipe, selection = _training_tools()
    data = recipe.read_training()
    fold = selection.folds(data, 5)
    assert np.array_equal(fold, selection.folds(data, 5))
    subsets = np.array(data.subsets)
    assert set(subsets) == {
        "civil_comments_toxic_spans",
        "fox_news_comments",
        "civil_comments_autolabel/ordinary",
        "civil_comments_autolabel/enriched",
    }
    assert (subsets == "civil_comments_autolabel/ordinary").sum() == 2193
    for subset in set(subsets):
        for label in (0, 1):
            members = fold[(subsets == subset) & (data.labels == label)]
            counts = np.bincount(members, minlength=5)
            assert counts.max() - counts.min() <= 1, (subset, label, counts)


@pytest.mark.skipif(not TRAIN.is_dir(), reason="the shared training data is not beside the checkout")
def test_the_recipes_toxicity_targets() -> None:
    """The shipped blend, and the two readings of the toxic-spans rows the selection compares."""
    recipe, _ = _training_tools()
    data = recipe.read_training()
    teacher = np.random.RandomState(0).uniform(0, 1, (len(data.texts), 6)).astype(np.float32)
    spans = np.array(data.sources) == "civil_comments_toxic_spans"
    configs = recipe.CONFIGS
    shipped = recipe.toxicity_target(configs["toxblock"], data, teacher)
    assert np.allclose(shipped, 0.5 * data.soft + 0.5 * teacher[:, 0], atol=1e-6)
    floor = recipe.toxicity_target(configs["toxblock-spans-floor"], data, teacher)
    assert np.allclose(floor[spans], 0.5 * (0.5 + 0.5 * data.soft[spans]) + 0.5 * teacher[spans, 0], atol=1e-6)
    assert np.array_equal(floor[~spans], shipped[~spans])
    none = recipe.toxicity_target(configs["toxblock-spans-none"], data, teacher)
    assert np.array_equal(none[spans], teacher[spans, 0]) and np.array_equal(none[~spans], shipped[~spans])
    hard = recipe.toxicity_target(configs["toxblock-hard"], data, teacher)
    assert set(np.round((hard - 0.5 * teacher[:, 0]) / 0.5, 5)) <= {0.0, 1.0}
    rows = np.arange(len(data.texts))
    repeated = recipe.training_rows(configs["toxblock-auto3"], data, rows)
    autolabel = int((np.array(data.sources) == "civil_comments_autolabel").sum())
    assert len(repeated) == len(rows) + 2 * autolabel


def test_the_news_tokens_are_the_keras_tokenizers_on_every_eval_text() -> None:
    """``NewsModel.tokens`` replaces the filter characters by one expression; the Keras tokenizer translates them."""
    from tests import eval_texts

    model = _news()
    config = model.config
    table = str.maketrans(dict.fromkeys(config["filters"], config["split"]))
    index = model._index

    def keras(text: str) -> list[int]:
        words = (text.lower() if config["lower"] else text).translate(table).split(config["split"])
        return [i for w in words if (i := index.get(w))][:10_000]

    hostile = ["", "\\", "\\1 a\\b", "a\tb\nc\r\nd", "\ud800 idiot", "A-B_C[d]^e", "idiot " * 20_000, "$%{}"]
    texts = [*(eval_texts.all_texts() if eval_texts.present() else ()), *ABUSIVE, *BENIGN, *hostile]
    assert [model.tokens(t) for t in texts] == [keras(t) for t in texts]
