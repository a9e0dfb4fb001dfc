"""How a command stops on a signal: Ctrl-C (SIGINT), ``kill`` (SIGTERM) and a closed terminal (SIGHUP).

Each unwinds the command like an exception (``KeyboardInterrupt`` for Ctrl-C, :class:`Stopped` for the
others), so that a run removes what it left half-written before it goes; the command then says what
stopped it and exits with 128 + the signal's number, as a shell reports a process a signal ended.
The signal is remembered (:func:`received`), so that an error it caused on its way (a library that
turns an interrupted import into an ``ImportError``) is reported as the stop it was.

A signal's exception can be lost (Python drops one raised inside a finalizer or ``os.fork``'s callbacks,
"Exception ignored in ...", and the run would go on): ``held()`` delays the signals while processes
are forked, and ``check()``, between a run's chunks, stops a run whose signal was dropped.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

#: the signals a command stops on; SIGHUP is missing on Windows
SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)

_received: int | None = None


class Stopped(BaseException):  # a stop, not an error: like KeyboardInterrupt, no `except Exception` catches it
    """The command was sent SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def received() -> int | None:
    """The signal that is stopping the command, or None."""
    return _received


def _stop(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def install() -> dict[int, Any]:
    """From now on SIGINT, SIGTERM and SIGHUP unwind the main thread (the ``comments`` command calls this before
    its first import: a Ctrl-C inside a class being made reaches it as a RuntimeError, and ``received`` tells).
    A signal the process was started ignoring (``nohup``, a background job's SIGINT) stays ignored, and in any
    other thread than the main one (which alone may set handlers) nothing changes. Returns the handlers replaced."""
    global _received
    _received = None
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {
        signum: signal.signal(signum, _stop) for signum in SIGNALS if signal.getsignal(signum) is not signal.SIG_IGN
    }


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """``install()`` within this block; the old handlers come back after."""
    global _received
    old = install()
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
        _received = None


def uninstall() -> None:
    """Python's own handling back, for a command that handles its signals itself (``serve``: uvicorn shuts
    down gracefully on SIGTERM and Ctrl-C, then raises the signal again with the handler it found)."""
    for signum in SIGNALS:
        if signal.getsignal(signum) is _stop:
            signal.signal(signum, signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL)


def ignore() -> None:
    """The command is done: a signal now has nothing left to stop, and must not turn its status into a kill."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def said(signum: int) -> int:
    """Say on stderr what stopped the command; its exit status, 128 + the signal's number."""
    print("interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}", file=sys.stderr)
    return 128 + signum


def check() -> None:
    """Stop now if a signal came whose exception was lost: Python prints one raised inside a finalizer or
    ``os.fork``'s callbacks as "Exception ignored in ..." and goes on. A run calls this between chunks."""
    if _received is not None:
        raise KeyboardInterrupt if _received == signal.SIGINT else Stopped(_received)


@contextmanager
def held() -> Iterator[None]:
    """Delay SIGINT, SIGTERM and SIGHUP until the block ends (where the platform can), then act on them."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def forked_worker() -> None:
    """In a forked worker process: the parent stops the workers (SIGTERM from its pool, on Ctrl-C or at the
    end), so a worker ignores Ctrl-C, dies of SIGTERM and SIGHUP as by default, and lets them through again
    (``held`` blocked them in the parent while it forked)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in SIGNALS:
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
