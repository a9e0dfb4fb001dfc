"""An on-disk cache of scores, keyed by a hash of the text and the scorer's version.

One SQLite file serves every process of a run (each opens its own connection after the
fork), so a text repeated anywhere in a run is scored once; kept with ``--cache DIR`` it
serves later runs too, and re-running a grown archive scores only the new texts. A scorer's
version is a hash of what it says about itself (package versions, model-file hashes), so a
new model never reads an old model's scores.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from comments.errors import CommentsError
from comments.score.base import Row, Scorer

#: keys per SELECT (SQLite allows 32,766 parameters; smaller batches keep statements cheap)
_BATCH = 500


def scorer_version(scorer: Scorer) -> str:
    """The scorer's name and a short hash of its description: changes whenever its model does."""
    describe = getattr(scorer, "describe", None)
    about: Any = describe() if callable(describe) else {"name": scorer.name}
    about = {"about": about, "columns": list(scorer.columns)}
    digest = hashlib.sha256(json.dumps(about, sort_keys=True, default=str).encode()).hexdigest()
    return f"{scorer.name}:{digest[:16]}"


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


class ScoreCache:
    """Rows of scores by (scorer version, text hash) in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():  # a forked worker opens its own
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=120, isolation_level=None)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS scores (scorer TEXT, key BLOB, row BLOB, PRIMARY KEY (scorer, key))"
                    " WITHOUT ROWID"
                )
            except (OSError, sqlite3.Error) as err:
                raise CommentsError(
                    f"cannot use the score cache {self.path}: {err}; pass another --cache folder"
                ) from err
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def check(self) -> None:
        """Open (and create) the file now, so that an unusable folder stops the run before it starts."""
        self._db()
        self.close()

    def get(self, version: str, texts: Sequence[str]) -> dict[str, Row]:
        """The cached rows of those texts that have one."""
        keys = {text_key(text): text for text in texts}
        found: dict[str, Row] = {}
        listed = list(keys)
        db = self._db()
        for start in range(0, len(listed), _BATCH):
            batch = listed[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            query = f"SELECT key, row FROM scores WHERE scorer = ? AND key IN ({marks})"
            for key, blob in db.execute(query, (version, *batch)):
                found[keys[key]] = tuple(array("d", blob))
        return found

    def put(self, version: str, rows: Iterable[tuple[str, Row]]) -> None:
        values = [(version, text_key(text), array("d", row).tobytes()) for text, row in rows]
        if values:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR IGNORE INTO scores (scorer, key, row) VALUES (?, ?, ?)", values)
            db.execute("COMMIT")

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def __getstate__(self) -> dict[str, Any]:  # a connection never crosses to another process
        return {"path": self.path, "_connection": None, "_pid": 0}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
