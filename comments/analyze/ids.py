"""Report ids: folder-safe, unique names for pages."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^\w.-]+")
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.IGNORECASE)  # Windows device names


def article_id_for(source: str, taken: set[str]) -> str:
    """A folder-safe, unique id for a page, derived from its source name; records it in ``taken``.

    Only letters, digits, ``_``, ``-`` and inner dots; never ``..``, a separator, a device name
    or more than 100 characters; unique without regard to case.
    """
    source, _, key = source.partition("#")  # "export.csv#a1": an article of a table export
    stem = source.rsplit(".", 1)[0] if "." in source.rsplit("/", 1)[-1] else source
    stem = f"{stem}/{key}" if key else stem
    base = _UNSAFE.sub("_", stem.replace("/", "__").replace("\\", "__")).strip("._-")[:100].strip("._-") or "page"
    base = re.sub(r"\.{2,}", ".", base)
    if _RESERVED.match(base):
        base = f"{base}_"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate
