"""Reading page files: bytes to text, with charset detection and clear errors."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from charset_normalizer import from_bytes

from comments.errors import InputError
from comments.settings import MAX_BYTES

log = logging.getLogger(__name__)

_WEB_DEFAULT = "cp1252"
_NEAR_TIE = 0.02  # charset-normalizer's chaos (share of odd characters) within which guesses count as tied
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


#: Leading bytes of formats that are not pages, and what to tell the user.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document; save the page as HTML or text"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first (gunzip)"),
    (b"BZh", "bzip2-compressed; decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed; decompress it first (unxz)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document); unpack it or export the page as HTML or text"),
    (b"\x89PNG", "a PNG image, not a page"),
    (b"\xff\xd8\xff", "a JPEG image, not a page"),
    (b"GIF8", "a GIF image, not a page"),
    (b"RIFF", "a media file, not a page"),
    (b"\x7fELF", "a program, not a page"),
)


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``; :class:`InputError` for a missing, unreadable, oversized, empty or binary file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size / 1e6:,.0f} MB is over the {max_bytes / 1e6:,.0f} MB limit for one page; "
                "split it or raise the limit with --max-size"
            )
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: no such file; check the path") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder, not a page file") from err
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror}); check its permissions") from err
    if not data.strip():
        raise InputError(f"{path}: the file is empty; nothing to parse")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{path}: is {what}")
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark shows NUL in every other byte of its ASCII characters."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if half and odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if half and even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _mostly_printable(text: str) -> bool:
    sample = text[:4096]
    return sum(ch.isprintable() or ch in "\n\r\t" for ch in sample) >= 0.95 * len(sample)


def decode(data: bytes, path: Path, *, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode page bytes, and say how when it was not plain UTF-8.

    A byte-order mark wins, then UTF-16 recognised by its NUL pattern, then the declared
    charset, then UTF-8, then detection. A few stray NUL bytes are dropped (and said);
    text that is mostly NUL is binary and raises :class:`InputError`.
    """
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), ()
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text = data.decode(utf16, errors="replace")
            if _mostly_printable(text):
                return text, (f"no byte-order mark; read as {utf16.upper()}",)
        nul = data.count(b"\x00")
        if nul > 0.01 * len(data):
            raise InputError(f"{path}: not a text file (it holds NUL bytes); give a saved page as text")
        data = data.replace(b"\x00", b"")
        notes.append(f"dropped {nul} NUL byte{'s' * (nul != 1)}")
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return data.decode(encoding), tuple(notes)
        except (UnicodeDecodeError, LookupError):
            continue
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(f"{path}: not a text file (no character encoding fits it); give a saved page as text")
    best = matches[0]
    # Short texts leave several single-byte code pages about equally likely (and rare Mac code
    # pages often a hair ahead); prefer windows-1252, the web's legacy default as in browsers,
    # when it is among the near-ties.
    tied = [m for m in matches if m.chaos <= best.chaos + _NEAR_TIE]
    best = next((m for m in tied if _WEB_DEFAULT in m.could_be_from_charset), best)
    notes.append(f"not {declared or 'UTF-8'}; read as {best.encoding} (detected)")
    log.info("%s: %s", path, notes[-1])
    return str(best), tuple(notes)
