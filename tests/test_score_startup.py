"""The sentiment scorers start without importing NLTK (TextBlob's and textblob-fr's ``__init__``
import it, with SciPy and scikit-learn), and give what the libraries give."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from comments.score import TextBlobFrScorer
from comments.score.submodules import import_submodules

ROOT = Path(__file__).resolve().parent.parent

SCORE_AND_LIST = """
import json, sys
from comments.score import TextBlobFrScorer, TextBlobScorer, VaderScorer
rows = [s.score(["A truly great day.", "Ce film est vraiment magnifique."]) for s in
        (VaderScorer(), TextBlobScorer(), TextBlobFrScorer())]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("nltk", "scipy", "sklearn", "textblob", "textblob_fr"))
from textblob import TextBlob
from textblob_fr import PatternAnalyzer
french = PatternAnalyzer().analyze("Ce film est vraiment magnifique.")
library = [tuple(TextBlob("A truly great day.").sentiment), french]
print(json.dumps({"rows": rows, "loaded": loaded, "library": library}))
"""


def test_the_sentiment_scorers_start_without_nltk_and_leave_the_libraries_importable() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCORE_AND_LIST], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    out = json.loads(done.stdout)
    assert out["loaded"] == []  # neither NLTK nor the packages' __init__ ran, nor stayed half-imported
    _, textblob_rows, french_rows = out["rows"]
    assert textblob_rows[0] == out["library"][0]  # and the real packages still import and agree afterwards
    assert french_rows[1] == out["library"][1]


def _french_texts() -> list[str]:
    with (ROOT / "bench" / "data" / "language_samples.tsv").open(encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f, delimiter="\t") if row["language"] == "fr"]
    with (ROOT / "tests" / "languages" / "fr_marche.csv").open(encoding="utf-8", newline="") as f:
        texts += [value for row in csv.reader(f) for value in row if len(value) > 20]
    return texts


def test_the_french_scorer_is_textblob_fr_pattern_analyzer() -> None:
    from textblob_fr import PatternAnalyzer

    texts = _french_texts()
    assert len(texts) > 30
    texts += ["", "!!!", "{}", "%s", "<b>très bien</b> &amp; MAUVAIS", "n'est pas mal du tout", "l’été est beau " * 200]
    analyze = PatternAnalyzer().analyze
    assert TextBlobFrScorer().score(texts) == [tuple(float(v) for v in analyze(t)) for t in texts]


def test_import_submodules_takes_the_package_out_again() -> None:
    script = (
        "import sys; from comments.score.submodules import import_submodules;"
        "m = import_submodules('textblob', '_text'); print(m['_text'].__name__, 'textblob' in sys.modules,"
        "any(n.startswith('textblob.') for n in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["textblob._text", "False", "False"]


def test_import_submodules_gives_an_imported_packages_own_modules() -> None:
    import textblob.en

    assert import_submodules("textblob", "en")["en"] is textblob.en


def test_import_submodules_of_no_package() -> None:
    with pytest.raises(ImportError):
        import_submodules("no_such_package_here", "x")
