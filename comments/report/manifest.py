"""run.json: what a run read, with which versions and settings, and what it wrote."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from comments.report.files import TEXT_ERRORS, atomic_path

LIBRARIES = ("vaderSentiment", "textblob", "alt-profanity-check", "pysbd", "trafilatura", "lxml", "pandas", "seaborn")


def library_versions(names: Iterable[str] = LIBRARIES) -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    with atomic_path(path) as tmp:
        # a file name that is not UTF-8 holds lone surrogates (Python's surrogateescape); written as
        # the \\udcXX escapes JSON has for them, so run.json stays valid and names the file exactly
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        tmp.write_text(text, encoding="utf-8", errors=TEXT_ERRORS)
