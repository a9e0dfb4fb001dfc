"""Writing report files so that no half-written file ever stands under its final name.

Temporary files are named ``.NAME.comments-XXXX.part`` beside their final name, so that a
later run can tell its own leftovers from anybody else's hidden files, and they end with the
mode a file the user creates would have (mkstemp makes them private).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from comments.errors import CommentsError

#: what marks a temporary file as this tool's: ``.NAME`` + TEMP_MARK + random + TEMP_SUFFIX
TEMP_MARK = ".comments-"
TEMP_SUFFIX = ".part"
#: a leftover of an interrupted run, anywhere under an output folder
TEMP_PATTERN = f".*{TEMP_MARK}*{TEMP_SUFFIX}"
#: how text the report writes encodes a lone surrogate (a file name that is not UTF-8, a string a library
#: caller built): as a backslash escape (``\\udce9``), never an error that would cost the run its tables
TEXT_ERRORS: Final = "backslashreplace"
#: errors that mean the disk (or the user's file-size limit) is full
NO_SPACE = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def _user_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _user_mode()


class NoSpace(CommentsError):
    """The disk is full (or the file-size limit reached) while writing a report file."""

    stage = "write"


def no_space(path: Path, err: OSError) -> NoSpace:
    return NoSpace(f"no space left while writing {path} ({err.strerror}); free some space or choose another --out")


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; on success rename it into place, else remove it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}{TEMP_MARK}", suffix=TEMP_SUFFIX, dir=final.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, final)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        if err.errno in NO_SPACE:
            raise no_space(final, err) from err
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_leftovers(out_dir: Path) -> None:
    """Remove the temporary files an interrupted run of this tool left under ``out_dir`` (only those)."""
    for stale in out_dir.rglob(TEMP_PATTERN):
        if stale.is_file() and not stale.is_symlink():
            stale.unlink(missing_ok=True)


@contextmanager
def claimed(out_dir: Path) -> Iterator[Path]:
    """The output folder, made and held for one run: a second run into it is refused until this one ends.

    The hold is an advisory lock on the folder itself (no lock file is left behind), taken before
    this tool's leftovers of an interrupted run are cleared, so that a run never deletes the
    temporary files of another that is still writing.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise CommentsError(f"--out {out_dir}: is a file, not a folder; give a folder for the reports")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except FileExistsError as err:
        raise CommentsError(f"--out {out_dir}: a part of it is a file; give a folder for the reports") from err
    except NotADirectoryError as err:
        raise CommentsError(f"--out {out_dir}: a part of it is a file; give a folder for the reports") from err
    except OSError as err:
        raise CommentsError(f"--out {out_dir}: cannot be used ({err.strerror}); choose another folder") from err
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not a POSIX system: no lock
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise CommentsError(
                    f"--out {out_dir}: another run is writing its reports there; "
                    "wait for it to finish or choose another --out"
                ) from err
        check_out_folder(out_dir)
        remove_leftovers(out_dir)
        try:
            yield out_dir
        except BaseException:
            # a run stopped anywhere (Ctrl-C between two files being opened, say): what it left
            # half-written goes now, while the folder is still held and no other run writes there
            remove_leftovers(out_dir)
            raise
    finally:
        os.close(fd)  # closing the descriptor releases the lock


#: the endings of the files a report writes at the top of its folder (a page's folder never ends so)
_REPORT_ENDINGS = (".csv", ".json", ".png", ".html")
#: foreign files named in the message, at most
_SHOWN = 3


def check_out_folder(out_dir: Path) -> None:
    """Refuse an output folder this run would damage, before anything is written or removed in it.

    A folder of another program (or of the user) is refused unless it is empty: a run writes
    ``index.html``, ``run.json`` and a dozen tables and folders over whatever has those names there,
    and removes its earlier listings. A folder of earlier reports of this tool (its ``run.json``)
    is used again. Hidden files (``.gitkeep``, ``.DS_Store``) do not count. A folder standing where
    the run writes a report file is refused too, since the run could not finish.
    """
    from comments.parse.finding import is_report_folder

    try:
        entries = sorted(entry for entry in out_dir.iterdir() if not entry.name.startswith("."))
    except OSError as err:
        raise CommentsError(f"--out {out_dir}: cannot be listed ({err.strerror}); choose another folder") from err
    for entry in entries:
        if entry.name.lower().endswith(_REPORT_ENDINGS) and entry.is_dir():
            raise CommentsError(
                f"--out {out_dir}: {entry.name} is a folder, where the report writes a file of that name; "
                "move it away or choose another --out"
            )
    if entries and not is_report_folder(out_dir):
        named = ", ".join(entry.name for entry in entries[:_SHOWN]) + (", …" if len(entries) > _SHOWN else "")
        raise CommentsError(
            f"--out {out_dir}: holds files that are not reports of this tool ({named}), which the report "
            "could overwrite; choose a new or empty folder, or the folder of an earlier report"
        )
