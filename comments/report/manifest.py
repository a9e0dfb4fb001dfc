"""run.json: what a run read, with which versions and settings, and what it wrote."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from comments.report.files import atomic_path

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
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
