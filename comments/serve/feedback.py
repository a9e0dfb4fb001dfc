"""Moderators' decisions from ``comments:suggestscore``, appended to a local SQLite file (``--feedback FILE``).

One row per suggested attribute score: when it came, the attribute, the score the moderator
gave (Coral sends 0 for an approved comment, 1 for a rejected one), the score this server's
model gives the same text, which model, and the comment with what the client sent about it.
The rows are a local record for choosing a threshold that fits a community; nothing leaves
the machine. The file is created readable by its owner only, since it holds comment text.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from comments.errors import SettingsError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    attribute TEXT NOT NULL,
    suggested REAL NOT NULL,
    model_score REAL,
    scorer TEXT NOT NULL,
    text TEXT NOT NULL,
    languages TEXT NOT NULL,
    community_id TEXT,
    client_token TEXT,
    context TEXT
)
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """One suggested score, as stored."""

    attribute: str
    suggested: float
    model_score: float | None
    scorer: str
    text: str
    languages: tuple[str, ...]
    community_id: str | None
    client_token: str | None
    context: Any


class FeedbackStore:
    """Appends decisions to one SQLite file; safe to share between threads and worker processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            with self._db:
                self._db.execute(SCHEMA)
        except (OSError, sqlite3.Error) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            raise SettingsError(
                f"--feedback {path}: cannot open it as an SQLite file ({reason}); give a new file in a writable folder "
                "or one this server wrote before"
            ) from err

    def add(self, decisions: list[Decision]) -> None:
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        rows = [
            (
                now,
                d.attribute,
                d.suggested,
                d.model_score,
                d.scorer,
                d.text,
                json.dumps(list(d.languages)),
                d.community_id,
                d.client_token,
                None if d.context is None else json.dumps(d.context, ensure_ascii=False),
            )
            for d in decisions
        ]
        with self._lock, self._db:  # one transaction: all of a request's rows or none
            self._db.executemany(
                "INSERT INTO feedback (received_at, attribute, suggested, model_score, scorer, text, languages, "
                "community_id, client_token, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
