"""Reading page files: bytes to text, with charset detection and clear errors."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from charset_normalizer import from_bytes

from comments.errors import InputError

log = logging.getLogger(__name__)

_WEB_DEFAULT = "cp1252"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; :class:`InputError` for a missing, unreadable or empty file."""
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
    return data


def decode(data: bytes, path: Path, *, declared: str | None = None) -> str:
    """Decode page bytes: a byte-order mark, else the declared charset, else UTF-8, else detection.

    Raises :class:`InputError` for binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: not a text file (it holds NUL bytes); give a saved page as text")
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{path}: not a text file (no character encoding fits it); give a saved page as text")
    best = matches[0]
    # Short texts leave several single-byte code pages equally likely; prefer windows-1252,
    # the web's legacy default (as browsers do), when it is one of them.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if _WEB_DEFAULT in m.could_be_from_charset), best)
    log.info("%s: not %s, decoded as %s", path, declared or "UTF-8", best.encoding)
    return str(best)


def read_text(path: Path) -> str:
    """The text of a plain-text page file."""
    return decode(read_bytes(path), path)
