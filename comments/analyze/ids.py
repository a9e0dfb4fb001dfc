"""Report ids: folder-safe, unique names for pages."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^\w.-]+")
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.IGNORECASE)  # Windows device names
#: a page's folder sits beside the report's own files (articles.csv, index.html, run.json, overview.png, …),
#: so it never ends like one: "index.html.txt" gets the folder "index.html_", not "index.html"
_FILE_LIKE = re.compile(r"\.(?:csv|tsv|json|jsonl|html?|png|sqlite|txt)$", re.IGNORECASE)


def article_id_for(source: str, taken: set[str]) -> str:
    """A folder-safe, unique id for a page, derived from its source name; records it in ``taken``.

    Only letters, digits, ``_``, ``-`` and inner dots; never ``..``, a separator, a device name,
    a name ending like a report file (``.csv``, ``.html``, …) or more than 100 characters; unique
    without regard to case.
    """
    source, _, key = source.partition("#")  # "export.csv#a1": an article of a table export
    stem = source.rsplit(".", 1)[0] if "." in source.rsplit("/", 1)[-1] else source
    stem = f"{stem}/{key}" if key else stem
    base = _UNSAFE.sub("_", stem.replace("/", "__").replace("\\", "__")).strip("._-")[:100].strip("._-") or "page"
    base = re.sub(r"\.{2,}", ".", base)
    if _RESERVED.match(base) or _FILE_LIKE.search(base):
        base = f"{base[:99]}_"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate
