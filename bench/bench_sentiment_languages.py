"""Sentiment lexicons on other languages: is a scorer for a language worth keeping, and what do English ones do there?

    .venv/bin/python bench/bench_sentiment_languages.py

Texts: the labelled samples of ``bench/data/language_samples.tsv`` with a polarity (``+``, ``-``,
``0``) set by their writer; the en, de, fr and es samples say the same things, so a lexicon's
figure on one language can be set beside another's on the same content. A score counts as
positive above 0.05, negative below -0.05 (VADER's own cut-offs), neutral between. Printed per
scorer and language: the share of the three classes right, and the share of the polar samples
(``+`` and ``-``) whose sign is right. textblob-de is tried too: it does not import with the
TextBlob this project needs, and the line says why.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "data" / "language_samples.tsv"
CUT = 0.05


def sign(value: float) -> str:
    return "+" if value > CUT else "-" if value < -CUT else "0"


def main() -> int:
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["polarity"]]
    from textblob.en.sentiments import PatternAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from comments.score import TextBlobFrScorer

    vader = SentimentIntensityAnalyzer()
    english = PatternAnalyzer()
    french = TextBlobFrScorer()
    scorers: list[tuple[str, Callable[[str], float], tuple[str, ...]]] = [
        ("vader", lambda text: vader.polarity_scores(text)["compound"], ("en", "de", "fr", "es")),
        ("textblob (en lexicon)", lambda text: english.analyze(text)[0], ("en", "de", "fr", "es")),
        ("textblob_fr", lambda text: french.score([text])[0][0], ("fr",)),
    ]
    try:
        from textblob_de.sentiments import PatternAnalyzer as GermanAnalyzer

        german = GermanAnalyzer()
        scorers.append(("textblob-de", lambda text: german.analyze(text)[0], ("de",)))
    except ImportError as err:
        print(f"textblob-de: does not import ({type(err).__name__}: {err}); not kept")
    print(f"{'scorer':<22} {'lang':<4} {'3 classes':>12} {'sign of polar':>14}")
    for name, polarity, languages in scorers:
        for language in languages:
            sample = [row for row in rows if row["language"] == language]
            polar = [row for row in sample if row["polarity"] != "0"]
            right = sum(sign(polarity(row["text"])) == row["polarity"] for row in sample)
            right_polar = sum(sign(polarity(row["text"])) == row["polarity"] for row in polar)
            print(
                f"{name:<22} {language:<4} {right:>3}/{len(sample):<3} {right / len(sample):>4.0%} "
                f"{right_polar:>4}/{len(polar):<3} {right_polar / len(polar):>4.0%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
