"""Sentence splitting: comments.score.segmenter against pysbd on the paragraphs of ../shared/eval.

    .venv/bin/python bench/bench_segmenter.py [--paragraphs 4000] [--repeat 3]

Takes the paragraphs the pipeline would split (the blank-line-separated blocks of every text
rendering and gold body of ../shared/eval/pages, and every gold comment; those of at most
2,000 characters, the longest piece pysbd is given), checks that both give the same sentences,
and prints the CPU seconds of each over all of them, the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from comments.score.sentences import PYSBD_CHARS
from tests import eval_texts


def _cpu(function: Callable[[], object]) -> float:
    start = resource.getrusage(resource.RUSAGE_SELF)
    function()
    end = resource.getrusage(resource.RUSAGE_SELF)
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not eval_texts.present():
        print(f"error: {eval_texts.ABSENT}", file=sys.stderr)
        return 1
    import pysbd

    from comments.score.segmenter import segmenter

    paragraphs = [p for p in eval_texts.paragraphs() if len(p) <= PYSBD_CHARS][: args.paragraphs]
    ours, theirs = segmenter(), pysbd.Segmenter(language="en", clean=False)
    differ = sum(ours.segment(p) != theirs.segment(p) for p in paragraphs)
    times = {}
    for name, split in (("pysbd", theirs.segment), ("segmenter", ours.segment)):
        times[name] = statistics.median(
            _cpu(lambda split=split: [split(p) for p in paragraphs]) for _ in range(args.repeat)
        )
    print(f"{len(paragraphs):,} paragraphs of ../shared/eval, differing sentences on {differ}")
    print(
        f"pysbd {times['pysbd']:.2f} s, segmenter {times['segmenter']:.2f} s of CPU (median of {args.repeat}):"
        f" {times['pysbd'] / times['segmenter']:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
