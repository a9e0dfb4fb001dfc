"""Fuzz the parser of every format with random and adversarial input (hypothesis).

    .venv/bin/python bench/fuzz_parse.py --examples 5000

Prints, per format, the examples run, failures (exceptions other than the package's
own clear errors, or a broken invariant) and the slowest case in CPU seconds (a case over
--limit is timed twice and keeps the shorter time); exits 1 on any failure or any case
over --limit seconds, and shows (``--save-slow DIR``: writes) the slowest such case. Besides the formats' strategies of
tests/properties.py, it runs long adversarial lines (runs of spaces, dots, digits and
repeated cue words, in text dumps and in HTML) and comment trees nested past libxml2's
limit (html_deep: every comment must be kept), in every encoding of ENCODINGS.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.properties import ENCODINGS, FUZZ_STRATEGIES, check_invariants, parse_bytes

#: the slowest case of each format, to reproduce it: (encoding, input bytes)
SLOWEST: dict[str, tuple[str, bytes]] = {}


def fuzz(kind: str, examples: int, limit: float = 1.0) -> tuple[int, float, str | None]:
    suffix, strategy = FUZZ_STRATEGIES[kind]
    count, slowest = 0, 0.0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy, st.sampled_from(ENCODINGS))
    def run(text: str, encoding: str) -> None:
        nonlocal count, slowest
        # CPU time of this process: a blow-up shows there; disk stalls and other processes do not
        data = text.encode(encoding, errors="replace")
        start = time.process_time()
        pages, decoded = parse_bytes(data, suffix)
        took = time.process_time() - start
        if took > limit:
            # timed again: a blow-up of the parser takes as long twice; a pause of the process does not (a
            # full run once timed a JSON-lines case at 1.22 s, and those 5,000 cases alone at 0.025 s at most)
            start = time.process_time()
            parse_bytes(data, suffix)
            took = min(took, time.process_time() - start)
        if took > slowest:
            slowest = took
            SLOWEST[kind] = (encoding, data)
        count += 1
        check_invariants(pages, decoded, "text" if suffix == ".txt" else kind)
        if kind == "html_deep":
            # every comment of a deep tree is kept
            assert pages is not None and len(pages[0].comments) == text.count("class='comment'")

    try:
        run()
    except Exception as err:  # a failure is what this script reports
        notes = " ".join(getattr(err, "__notes__", []))  # hypothesis puts the falsifying example here
        return count, slowest, f"{type(err).__name__}: {err} {notes}"[:1500]
    return count, slowest, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--limit", type=float, default=1.0, help="seconds one case may take")
    parser.add_argument("--formats", nargs="+", default=sorted(FUZZ_STRATEGIES), choices=sorted(FUZZ_STRATEGIES))
    parser.add_argument("--save-slow", type=Path, metavar="DIR", help="write each case over --limit to DIR")
    args = parser.parse_args()
    print(f"{'format':<6} {'examples':>8} {'failures':>8} {'slowest s':>9}")
    bad = False
    for kind in args.formats:
        count, slowest, failure = fuzz(kind, args.examples, args.limit)
        print(f"{kind:<6} {count:>8} {int(failure is not None):>8} {slowest:>9.3f}", flush=True)
        if failure:
            print(f"  {failure}")
        if slowest > args.limit and kind in SLOWEST:
            encoding, data = SLOWEST[kind]
            print(f"  over --limit: {len(data):,} bytes in {encoding}, starting {data[:120]!r}")
            if args.save_slow:
                args.save_slow.mkdir(parents=True, exist_ok=True)
                path = args.save_slow / f"{kind}-{encoding}{FUZZ_STRATEGIES[kind][0]}"
                path.write_bytes(data)
                print(f"  written to {path}")
        bad |= failure is not None or slowest > args.limit
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
