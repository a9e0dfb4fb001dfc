"""CPU seconds to parse every page of a rendering of ../shared/eval/pages once: the median of --repeat passes.

    .venv/bin/python bench/parse_speed.py html lynx
    PYTHONPATH=/tmp/main-export .venv/bin/python /tmp/main-export/bench/parse_speed.py html lynx   # another commit

CPU time of this one process (``time.process_time``), not wall time: the machine is shared, and other
work slows the wall clock without changing what the parser costs. It uses nothing but ``parse_page``,
so two commits can be timed side by side, at the same time, by the same rule.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

from comments.errors import CommentsError
from comments.parse import parse_page

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"
FOLDERS = {"html": ("html", ".html")} | {
    name: (f"text/{name}", ".txt") for name in ("lynx", "w3m", "html2text", "inscriptis")
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("renderings", nargs="+", choices=sorted(FOLDERS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the eval/pages folder")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the median is reported")
    args = parser.parse_args()
    for rendering in args.renderings:
        folder, suffix = FOLDERS[rendering]
        paths = sorted((args.data / folder).glob(f"*{suffix}"))
        if not paths:
            print(f"error: no {suffix} pages in {args.data / folder}; pass --data", file=sys.stderr)
            return 2
        totals = []
        for _ in range(args.repeat):
            start = time.process_time()
            for path in paths:
                with contextlib.suppress(CommentsError):
                    parse_page(path)
            totals.append(time.process_time() - start)
        median = statistics.median(totals)
        passes = ", ".join(f"{t:.1f}" for t in totals)
        print(
            f"{rendering:<10} {len(paths)} pages  {median:.1f} CPU s  {len(paths) / median:.1f} pages per CPU second"
            f"  (passes: {passes})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
