"""Caches of scores, keyed by the text and the scorer's version, and of the sentences of
paragraphs, keyed by the paragraph and the splitter's version.

:class:`ScoreCache` is an SQLite file, chosen with ``--cache DIR``: it serves every process
of a run (each opens its own connection after the fork) and later runs, so re-running a
grown archive scores only the new texts. Without one, each process of a run keeps a
:class:`MemoryCache` of the texts it has met, so a text repeated across its chunks is
scored once (a file that every run removed again cost about 4% of a run's time in SQLite
writes: ``bench/bench_pipeline.py``). A scorer's version is a hash of what it says about
itself (package versions, model-file hashes), so a new model never reads an old model's scores.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import math
import os
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from comments.errors import CommentsError
from comments.score.base import Row, Scorer

log = logging.getLogger(__name__)

#: keys per SELECT (SQLite allows 32,766 parameters; smaller batches keep statements cheap)
_BATCH = 500
#: text keys a cache remembers, at most (every scorer looks up and stores the same texts)
_KEYS_KEPT = 100_000
#: rows (one per text and scorer) and split paragraphs a MemoryCache holds, at most; past it, the oldest go
MEMORY_KEPT = 200_000


def scorer_version(scorer: Scorer) -> str:
    """The scorer's name and a short hash of its description: changes whenever its model does."""
    describe = getattr(scorer, "describe", None)
    about: Any = describe() if callable(describe) else {"name": scorer.name}
    about = {"about": about, "columns": list(scorer.columns)}
    digest = hashlib.sha256(json.dumps(about, sort_keys=True, default=str).encode()).hexdigest()
    return f"{scorer.name}:{digest[:16]}"


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


#: the tables every cache file holds: any other layout means it is not a cache of this tool
SCHEMA = (("scorer", "TEXT"), ("key", "BLOB"), ("row", "BLOB"))
SPLITS_SCHEMA = (("splitter", "TEXT"), ("key", "BLOB"), ("sentences", "TEXT"))
#: the values the built-in scorers give; a cached value outside its range is damage, not a score
COLUMN_RANGES: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("vader_compound", "textblob_polarity", "textblob_fr_polarity"), (-1.0, 1.0)),
    **dict.fromkeys(
        ("vader_pos", "vader_neu", "vader_neg", "textblob_subjectivity", "textblob_fr_subjectivity"), (0.0, 1.0)
    ),
    **dict.fromkeys(("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"), (0.0, 1.0)),
}


def valid_row(row: Row, columns: Sequence[str]) -> bool:
    """A stored row is used only if it has one finite value per column, each in its column's range."""
    if len(row) != len(columns):
        return False
    for value, column in zip(row, columns, strict=True):
        if not math.isfinite(value):
            return False
        low, high = COLUMN_RANGES.get(column, (-math.inf, math.inf))
        if not low <= value <= high:
            return False
    return True


class Cache(Protocol):
    """What scoring asks of a cache: stored rows and sentences, and what went wrong with it (``notes``)."""

    notes: list[str]

    def get(self, version: str, texts: Sequence[str], columns: Sequence[str]) -> dict[str, Row]: ...

    def put(self, version: str, rows: Iterable[tuple[str, Row]]) -> None: ...

    def get_splits(self, version: str, paragraphs: Sequence[str]) -> dict[str, tuple[str, ...]]: ...

    def put_splits(self, version: str, splits: Iterable[tuple[str, tuple[str, ...]]]) -> None: ...

    def close(self) -> None: ...


class MemoryCache:
    """A run's rows and sentences in this process's memory, the most recent ``kept`` of each kind.

    Nothing is written anywhere and nothing can go wrong with it, so ``notes`` stays empty. Pickled
    (for another process), it arrives empty: each process keeps what it met itself.
    """

    def __init__(self, kept: int = MEMORY_KEPT) -> None:
        self.notes: list[str] = []
        self._kept = kept
        self._rows: dict[tuple[str, str], Row] = {}
        self._splits: dict[tuple[str, str], tuple[str, ...]] = {}

    def get(self, version: str, texts: Sequence[str], columns: Sequence[str]) -> dict[str, Row]:
        rows = self._rows
        return {text: row for text in texts if (row := rows.get((version, text))) is not None}

    def put(self, version: str, rows: Iterable[tuple[str, Row]]) -> None:
        # as floats, like the rows ScoreCache reads back: a repeated text gets the same values either way
        self._rows.update(((version, text), tuple(map(float, row))) for text, row in rows)
        _trim(self._rows, self._kept)

    def get_splits(self, version: str, paragraphs: Sequence[str]) -> dict[str, tuple[str, ...]]:
        splits = self._splits
        return {p: found for p in paragraphs if (found := splits.get((version, p))) is not None}

    def put_splits(self, version: str, splits: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        self._splits.update(((version, paragraph), sentences) for paragraph, sentences in splits)
        _trim(self._splits, self._kept)

    def close(self) -> None:
        self._rows.clear()
        self._splits.clear()

    def __getstate__(self) -> dict[str, Any]:
        return {"notes": [], "_kept": self._kept, "_rows": {}, "_splits": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _trim(entries: dict[Any, Any], kept: int) -> None:
    """Drop the oldest entries (a dict keeps its insertion order) beyond ``kept``, a quarter more at a time."""
    if len(entries) > kept:
        for old in list(islice(entries, len(entries) - kept * 3 // 4)):
            del entries[old]


class ScoreCache:
    """Rows of scores by (scorer version, text hash) in one SQLite file.

    A file that is not a cache of this tool (damaged, or a database of another layout) is set
    aside under a new name and a fresh cache started, with a note; a stored row that does not
    hold valid scores is scored again. A cache that cannot be written any more (a full disk)
    is left alone for the rest of the run, with a note: scoring goes on without it.
    ``kept`` says whether the user chose the file (``--cache``) or the run made it for itself.
    """

    def __init__(self, path: Path, *, kept: bool = True) -> None:
        self.path = path
        self.kept = kept
        self.notes: list[str] = []
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._off = False
        self._keys: dict[str, bytes] = {}

    def _where(self) -> str:
        return f"the score cache {self.path}" if self.kept else f"the run's score cache in {self.path.parent}"

    def _fix(self) -> str:
        return "pass another --cache folder" if self.kept else "choose another --out folder"

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=120, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS scores (scorer TEXT, key BLOB, row BLOB, PRIMARY KEY (scorer, key))"
                " WITHOUT ROWID"
            )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS splits (splitter TEXT, key BLOB, sentences TEXT,"
                " PRIMARY KEY (splitter, key)) WITHOUT ROWID"
            )
            layouts = {
                table: tuple((name, kind) for _, name, kind, *_ in connection.execute(f"PRAGMA table_info({table})"))
                for table in ("scores", "splits")
            }
        except BaseException:
            connection.close()
            raise
        for table, schema in (("scores", SCHEMA), ("splits", SPLITS_SCHEMA)):
            if layouts[table] != schema:
                connection.close()
                raise sqlite3.DatabaseError(f"its {table} table has another layout ({layouts[table]})")
        return connection

    def _set_aside(self, err: sqlite3.DatabaseError) -> sqlite3.Connection:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm", "-journal"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.replace(f"{aside}{suffix}")
        note = f"{self._where()} was not usable ({err}); set aside as {aside.name}, and a new one started"
        self.notes.append(note)
        log.warning("%s", note)
        return self._open()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():  # a forked worker opens its own
            if self.path.is_dir():  # not a damaged cache to set aside: someone's folder, left as it is
                raise CommentsError(
                    f"cannot use {self._where()}: {self.path} is a folder, and the cache needs a file there; "
                    f"{self._fix()}"
                )
            try:
                try:
                    connection = self._open()
                except sqlite3.DatabaseError as err:
                    if _no_space(err):
                        raise
                    connection = self._set_aside(err)
            except (OSError, sqlite3.Error) as err:
                reason = _reason(err)
                raise CommentsError(f"cannot use {self._where()}: {reason}; {self._fix()}") from err
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def check(self) -> None:
        """Open (and create, or repair) the file now, so that an unusable folder stops the run before it starts."""
        self._db()
        self.close()

    def _stop(self, what: str, err: Exception) -> None:
        """Go on without the cache: a cache is a saving, never a reason to lose the run."""
        self._off = True
        reason = "no space left on the device" if _no_space(err) else str(err)
        note = f"{self._where()} could not be {what} ({reason}); the rest of the run scores without it"
        if _damaged(err):  # found only now, inside the file: it stays as it is, for the user to remove
            note += f"; delete {self.path.name} there (or {self._fix()}) to start a new cache"
        self.notes.append(note)
        log.warning("%s", note)

    def get(self, version: str, texts: Sequence[str], columns: Sequence[str]) -> dict[str, Row]:
        """The cached rows of those texts that have a valid one."""
        if self._off:
            return {}
        found: dict[str, Row] = {}
        try:
            for text, blob in self._select("SELECT key, row FROM scores WHERE scorer = ?", version, texts):
                row = _row(blob)
                if row is not None and valid_row(row, columns):
                    found[text] = row
        except (sqlite3.Error, CommentsError) as err:
            self._stop("read", err)
            return {}
        return found

    def put(self, version: str, rows: Iterable[tuple[str, Row]]) -> None:
        key = self._key
        values = [(version, key(text), array("d", row).tobytes()) for text, row in rows]
        # REPLACE: a stored row found invalid was scored again and is mended here
        self._insert("INSERT OR REPLACE INTO scores (scorer, key, row) VALUES (?, ?, ?)", values)

    def get_splits(self, version: str, paragraphs: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The cached sentences of those paragraphs that have a valid list of them."""
        if self._off:
            return {}
        found: dict[str, tuple[str, ...]] = {}
        try:
            query = "SELECT key, sentences FROM splits WHERE splitter = ?"
            for paragraph, stored in self._select(query, version, paragraphs):
                sentences = _sentences(stored)
                if sentences is not None:
                    found[paragraph] = sentences
        except (sqlite3.Error, CommentsError) as err:
            self._stop("read", err)
            return {}
        return found

    def put_splits(self, version: str, splits: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        values = [(version, text_key(paragraph), json.dumps(sentences)) for paragraph, sentences in splits]
        self._insert("INSERT OR REPLACE INTO splits (splitter, key, sentences) VALUES (?, ?, ?)", values)

    def _select(self, query: str, version: str, texts: Sequence[str]) -> Iterator[tuple[str, Any]]:
        """(text, value) of the texts found by ``query`` (which selects key and value of one version)."""
        key = self._key
        keys = {key(text): text for text in texts}
        listed = list(keys)
        db = self._db()
        for start in range(0, len(listed), _BATCH):
            batch = listed[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            for key, value in db.execute(f"{query} AND key IN ({marks})", (version, *batch)):
                if key in keys:
                    yield keys[key], value

    def _key(self, text: str) -> bytes:
        """``text_key(text)``, hashed once for all the scorers that look the text up and store it."""
        keys = self._keys
        found = keys.get(text)
        if found is None:
            if len(keys) >= _KEYS_KEPT:
                keys.clear()
            found = keys[text] = text_key(text)
        return found

    def _insert(self, statement: str, values: list[tuple[Any, ...]]) -> None:
        if self._off or not values:
            return
        try:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(statement, values)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, CommentsError) as err:
            self._stop("written", err)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def __getstate__(self) -> dict[str, Any]:  # a connection never crosses to another process
        return {
            "path": self.path,
            "kept": self.kept,
            "notes": [],
            "_connection": None,
            "_pid": 0,
            "_off": False,
            "_keys": {},
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _row(blob: object) -> Row | None:
    if not isinstance(blob, bytes) or len(blob) % 8:
        return None
    return tuple(array("d", blob))


def _sentences(stored: object) -> tuple[str, ...] | None:
    """A stored list of sentences, or None where what is stored is not one (damage: split again)."""
    if not isinstance(stored, str):
        return None
    try:
        sentences = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(sentences, list) or not all(isinstance(s, str) and s for s in sentences):
        return None
    return tuple(sentences)


def _no_space(err: BaseException) -> bool:
    if isinstance(err, OSError):
        return err.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    # SQLITE_FULL; SQLITE_IOERR_WRITE is what a write past the user's file-size limit (EFBIG) becomes
    return isinstance(err, sqlite3.Error) and getattr(err, "sqlite_errorcode", 0) in (13, 778)


def _damaged(err: BaseException) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB, and their extended codes: the file's pages are damaged."""
    return isinstance(err, sqlite3.Error) and getattr(err, "sqlite_errorcode", 0) & 0xFF in (11, 26)


def _reason(err: OSError | sqlite3.Error) -> str:
    """Why the cache cannot be used, in words (a file where a folder must be is the usual mistake)."""
    if _no_space(err):
        return "no space left on the device"
    if isinstance(err, FileExistsError | NotADirectoryError) and err.filename:
        path = Path(os.fsdecode(err.filename))
        blocking = next((p for p in (path, *path.parents) if p.is_file()), path)
        return f"{blocking} is a file, and the cache needs a folder there"
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return str(err)
