"""Reading page files: bytes to text, with charset detection and clear errors."""

from __future__ import annotations

import logging
from pathlib import Path

from charset_normalizer import from_bytes

from comments.errors import InputError

log = logging.getLogger(__name__)

#: file endings the page finder picks up inside a folder, by parser format
FORMATS_BY_SUFFIX: dict[str, str] = {".txt": "text"}
_WEB_DEFAULT = "cp1252"


def read_text(path: Path) -> str:
    """Return the text of ``path``, decoded as UTF-8 or, failing that, as detected.

    Raises :class:`InputError` for a missing, unreadable, empty or binary file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file; check the path") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder, not a page file") from err
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror}); check its permissions") from err
    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to parse")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: not a text file (it holds NUL bytes); give a saved page as text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{path}: not a text file (no character encoding fits it); give a saved page as text")
    best = matches[0]
    # Short texts leave several single-byte code pages equally likely; prefer windows-1252,
    # the web's legacy default (as browsers do), when it is one of them.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if _WEB_DEFAULT in m.could_be_from_charset), best)
    log.info("%s: not UTF-8, decoded as %s", path, best.encoding)
    return str(best)
