"""Reading page files: bytes to text, with charset detection and clear errors."""

from __future__ import annotations

import codecs
import logging
import stat
from pathlib import Path

import webencodings
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
    """The bytes of ``path``; :class:`InputError` for a missing, unreadable, oversized, empty or binary file.

    Only regular files are read (a FIFO would hang the run, a device never ends), and the size
    limit holds while reading, not only by what the file system says of the size.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(info.st_mode):
            what = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            raise InputError(f"{path}: is {what}, not a page file; give a saved page")
        if info.st_size > max_bytes:
            raise InputError(_too_large(path, info.st_size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # grew since stat, or a file system that reports no size
            raise InputError(_too_large(path, None, max_bytes))
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


def _too_large(path: Path, size: int | None, max_bytes: int) -> str:
    """``size`` None: the limit was reached while reading, so the whole size is not known."""

    def mb(n: int) -> str:
        return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e6:,.3g} MB"

    what = f"{mb(size)} is over" if size is not None else "more than"
    return f"{path}: {what} the {mb(max_bytes)} limit for one page; split it or raise the limit with --max-size"


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


def web_codec(label: str | None) -> tuple[str | None, str | None]:
    """The Python codec for a charset a page declares, by the WHATWG Encoding Standard's labels, and a note
    when the declaration is not followed.

    As in browsers: a label the standard does not list (``cp037``) is ignored; a UTF-16 label in a page
    read as bytes means UTF-8 (the declaration itself could not have been read otherwise); labels the
    standard maps to another encoding (``latin1`` → windows-1252) take that encoding.
    """
    if label is None:
        return None, None
    found = webencodings.lookup(label)
    if found is None:
        return None, f"declares charset {label!r}, which browsers do not know; ignored"
    if found.name in ("utf-16le", "utf-16be"):
        return "utf-8", f"declares {label}, which a page read as bytes cannot be; read as UTF-8, as browsers do"
    if found.name == "replacement":  # encodings the standard refuses to decode (ISO-2022-KR, HZ, …)
        return None, f"declares {label}, which browsers refuse to decode; ignored"
    return found.codec_info.name, None


def decode(data: bytes, path: Path, *, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode page bytes, and say how when it was not plain UTF-8.

    A byte-order mark wins, then UTF-16 recognised by its NUL pattern, then the declared
    charset (by the web's rules, :func:`web_codec`), then UTF-8, then detection. A few stray
    NUL bytes are dropped (and said); text that is mostly NUL is binary and raises
    :class:`InputError`.
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
    codec, note = web_codec(declared)
    if note:
        notes.append(note)
    if codec is not None:
        try:
            return data.decode(codec), tuple(notes)
        except UnicodeDecodeError:
            notes.append(f"declares {declared} but is not {declared}")
            declared = None
    try:
        return data.decode("utf-8"), tuple(notes)
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        # as browsers do, a page no encoding fits well is read in the web's default, when that gives text
        text = data.decode(_WEB_DEFAULT, errors="replace")
        if not _mostly_printable(text):
            raise InputError(f"{path}: not a text file (no character encoding fits it); give a saved page as text")
        fallback = f"read as {_WEB_DEFAULT}, the web's default"
        notes.append(f"not {declared or 'UTF-8'}, and no encoding fits it well; {fallback}")
        return text, tuple(notes)
    best = matches[0]
    # Short texts leave several single-byte code pages about equally likely (and rare Mac code
    # pages often a hair ahead); prefer windows-1252, the web's legacy default as in browsers,
    # when it is among the near-ties.
    tied = [m for m in matches if m.chaos <= best.chaos + _NEAR_TIE]
    best = next((m for m in tied if _WEB_DEFAULT in m.could_be_from_charset), best)
    notes.append(f"not {declared or 'UTF-8'}; read as {best.encoding} (detected)")
    log.info("%s: %s", path, notes[-1])
    return str(best), tuple(notes)
