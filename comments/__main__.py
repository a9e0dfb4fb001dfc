"""``python -m comments`` and the ``comments`` command: the CLI, stopped by Ctrl-C or a signal at any moment
with one line that says so (``comments.stopping``), from its first import to its exit."""

import sys


def run() -> int:
    from comments import stopping  # the signal handlers first: importing the libraries takes half a second

    stopping.install()
    status: int | None = None
    try:
        from comments.cli import main

        status = main()
        stopping.ignore()  # done: a signal now has nothing left to stop
        return status
    except BaseException:
        if status is not None:  # it came after the command had finished
            stopping.ignore()
            return status
        signum = stopping.received()
        if signum is None:
            raise
        return stopping.said(signum)  # during the imports (where it may arrive as another error) or at the end


if __name__ == "__main__":
    sys.exit(run())
