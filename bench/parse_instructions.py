"""Instructions the parser runs on the pages of ../shared/eval/pages, counted by valgrind: steadier than
CPU time on a shared machine, where the same code moves by a third between passes.

    .venv/bin/python bench/parse_instructions.py lynx html2text --step 3
    cd /tmp/old && PYTHONPATH=/tmp/old /work/main/.venv/bin/python /work/main/bench/parse_instructions.py lynx

For each kind, ``valgrind --tool=cachegrind --cache-sim=no`` counts the instructions of one process that
parses every ``--step``-th page with ``parse_page``, less those of a process that only imports the
parser; Python's string hashing is fixed (``PYTHONHASHSEED=0``) so that two runs of the same code agree.
Needs ``valgrind`` (Debian: ``apt-get install valgrind``); it runs about 20 times slower than the parser.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pages"
KINDS = ("html", "lynx", "w3m", "html2text", "inscriptis")
PARSE = """
import contextlib, sys
from pathlib import Path
from comments.errors import CommentsError
from comments.parse import parse_page
folder, step = Path(sys.argv[1]), int(sys.argv[2])
for path in sorted(folder.glob("*.*"))[::step]:
    with contextlib.suppress(CommentsError):
        parse_page(path)
"""
IMPORTS = "import comments.errors, comments.parse"


def instructions(code: str, *args: str) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    env = os.environ | {"PYTHONHASHSEED": "0"}
    result = subprocess.run(
        [*command, sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kinds", nargs="+", choices=KINDS)
    parser.add_argument("--step", type=int, default=3, help="parse every STEP-th page (default 3)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed: apt-get install valgrind")
    base = instructions(IMPORTS)
    for kind in args.kinds:
        folder = args.data / ("html" if kind == "html" else f"text/{kind}")
        pages = len(sorted(folder.glob("*.*"))[:: args.step])
        count = instructions(PARSE, str(folder), str(args.step)) - base
        print(f"{kind:<10} {pages} pages  {count / 1e6:>9,.0f} million instructions (imports alone {base / 1e6:,.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
