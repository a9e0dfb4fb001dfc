"""Every option of a run in one frozen object, with a part per stage.

The CLI builds a :class:`Settings` once from its flags (a library caller builds one
directly) and passes it down; each stage takes the part it reads. Every default is
decided here and every check of a value happens here, in ``__post_init__``, so a
library caller meets the same one-line errors as the command line. ``run.json``
records the object whole (:meth:`Settings.to_json`).

Adding an option is adding a field to the part of the stage that reads it, a flag
in ``cli.py`` and its one use.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from comments.errors import SettingsError
from comments.languages import LANGUAGES

#: how input files can be read (``ParseSettings.format``; None: recognised from each file): the generic
#: readers of pages and tables, then the platform exports (recognised from their content when not forced)
TABLE_FORMATS = ("csv", "json", "jsonl")
EXPORT_FORMATS = ("reddit", "hackernews", "youtube", "disqus", "wordpress", "nyt", "facebook")
FORMATS = ("text", "html", *TABLE_FORMATS, *EXPORT_FORMATS)
#: the toxicity scorers ``ScoreSettings.toxicity`` can name
TOXICITY_SCORERS = ("news", "bilstm", "profanity", "detoxify")
DEFAULT_TOXICITY = "news"
#: how the chunks of a run are executed (``RunSettings.engine``)
ENGINES = ("local", "dask")
#: files larger than this are refused unless the limit is raised (``ParseSettings.max_bytes``)
MAX_BYTES = 50_000_000
#: comments longer than this reach sentence-level scorers sentence by sentence (VADER saturates on long
#: texts and slows with the square of their length)
LONG_COMMENT_CHARS = 1_000
#: where ``comments serve`` listens unless told otherwise: this machine only
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8080
#: Perspective API's limit on ``comment.text``, in UTF-8 bytes
MAX_TEXT_BYTES = 20_480
#: request bodies over this many bytes are refused before they are read (``ServeSettings.max_body_bytes``)
MAX_BODY_BYTES = 1_048_576
#: authors with fewer comments than this are not ranked: 1 toxic comment of 2 says little about a person
MIN_AUTHOR_COMMENTS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Columns:
    """Column names of a table export chosen by the user; None means: look for a common name."""

    text: str | None = None
    author: str | None = None
    article: str | None = None
    title: str | None = None
    parent: str | None = None
    id: str | None = None
    time: str | None = None
    article_text: str | None = None

    def __post_init__(self) -> None:
        for part in fields(self):
            name = getattr(self, part.name)
            if name is not None and (not isinstance(name, str) or not name.strip()):
                flag = f"--{part.name.replace('_', '-')}-col"
                raise SettingsError(f"{flag}: give a column name, not {name!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseSettings:
    """How input files are read and parsed."""

    format: str | None = None
    """One of ``FORMATS`` for every file, or None to recognise each file's format."""
    columns: Columns = field(default_factory=Columns)
    max_bytes: int = MAX_BYTES
    """Files larger than this many bytes are refused."""
    follow_links: bool = False
    """Read links inside an input folder that lead out of it (by default they are skipped and said)."""
    keep_deleted: bool = False
    """Keep an export's deleted, removed, dead, spam, unapproved and trashed items, pingbacks and
    trackbacks as comments with a ``status``; by default they are left out and counted."""
    articles: Path | None = None
    """The file that describes the articles of a comment export (Reddit submissions, NYT articles);
    None: such a file is looked for beside each export."""

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise SettingsError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")
        if not isinstance(self.columns, Columns):
            raise SettingsError("columns must be a comments.Columns")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise SettingsError(f"--max-size: give a size above 0 MB, not {self.max_bytes!r} bytes")
        if not isinstance(self.keep_deleted, bool):
            raise SettingsError(f"keep_deleted must be True or False, not {self.keep_deleted!r}")
        if self.articles is not None:
            if not isinstance(self.articles, Path):
                raise SettingsError(f"articles must be a pathlib.Path, not {self.articles!r}")
            if not self.articles.is_file():
                raise SettingsError(
                    f"--articles {self.articles}: not a file; give the Reddit submissions or NYT articles file"
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreSettings:
    """Which scorers a run builds (``comments.score.default_scorers``)."""

    toxicity: str = DEFAULT_TOXICITY
    """The toxicity scorer: one of ``TOXICITY_SCORERS``."""
    toxicity_model_dir: Path | None = None
    """For ``detoxify``: a folder with one ``*.ckpt`` checkpoint and a ``config/`` folder."""

    def __post_init__(self) -> None:
        if self.toxicity not in TOXICITY_SCORERS:
            raise SettingsError(
                f"no toxicity scorer called {self.toxicity!r}; choose one of {', '.join(TOXICITY_SCORERS)}"
            )
        if self.toxicity_model_dir is not None and self.toxicity != "detoxify":
            raise SettingsError("--toxicity-model-dir is for --toxicity detoxify")


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzeSettings:
    """How scores become the rows of the tables."""

    toxicity_threshold: float | None = None
    """A comment is toxic when its toxicity is at least this; None: the toxicity scorer's own
    (``comments.score.default_threshold``, the one place that default is decided)."""
    long_comment_chars: int = LONG_COMMENT_CHARS
    hold_threshold: float | None = None
    """A moderation queue holds a comment back when its toxicity is at least this (held.csv); None: the
    one measured for the toxicity scorer (``comments.analyze.moderation.default_hold_threshold``)."""
    language: str | None = None
    """Every unit of the run is in this language (a code of ``comments.languages.LANGUAGES``, e.g.
    ``en``), for a corpus known to be monolingual; None: identify the language of every unit."""

    def __post_init__(self) -> None:
        if self.language is not None and (not isinstance(self.language, str) or self.language not in LANGUAGES):
            raise SettingsError(
                f"--language: {self.language!r} is not a language code the identifier knows; give a code "
                "such as en, de, fr or es (ISO 639-1, lower case; the list is comments.languages.LANGUAGES)"
            )
        for flag, threshold in (
            ("--toxicity-threshold", self.toxicity_threshold),
            ("--hold-threshold", self.hold_threshold),
        ):
            if threshold is not None and (
                isinstance(threshold, bool)
                or not isinstance(threshold, int | float)
                or math.isnan(threshold)
                or not 0.0 <= threshold <= 1.0
            ):
                raise SettingsError(f"{flag}: give a probability between 0 and 1, not {threshold!r}")
        for name in ("toxicity_threshold", "hold_threshold"):
            value = getattr(self, name)
            if isinstance(value, float) and value == 0.0 and math.copysign(1.0, value) < 0:
                object.__setattr__(self, name, 0.0)  # -0 is 0, and reads as 0 in every line that shows it
        if isinstance(self.long_comment_chars, bool) or not isinstance(self.long_comment_chars, int):
            raise SettingsError(f"long_comment_chars must be a whole number, not {self.long_comment_chars!r}")
        if self.long_comment_chars < 1:
            raise SettingsError(f"long_comment_chars must be at least 1, not {self.long_comment_chars}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSettings:
    """What the report writes."""

    charts: bool = True
    """False: the CSV tables only."""
    page_charts: int | None = None
    """Per-page charts for the first this many pages; None: every page. The corpus charts are
    drawn whenever ``charts`` is on."""
    raw_csv: bool = False
    """Write text exactly as found; by default a cell a spreadsheet would run as a formula gets a
    leading apostrophe."""
    min_author_comments: int = MIN_AUTHOR_COMMENTS
    """authors.csv ranks, and authors.png shows, only authors with at least this many comments."""
    html: bool = True
    """The browsable report: ``index.html`` at the top of the output folder and one page per article."""

    def __post_init__(self) -> None:
        if (
            isinstance(self.min_author_comments, bool)
            or not isinstance(self.min_author_comments, int)
            or self.min_author_comments < 1
        ):
            raise SettingsError(
                "--min-author-comments: give a whole number of comments of at least 1, "
                f"not {self.min_author_comments!r}"
            )
        if self.page_charts is not None and (
            isinstance(self.page_charts, bool) or not isinstance(self.page_charts, int) or self.page_charts < 0
        ):
            raise SettingsError(f"--charts: give all, none or a number of pages, not {self.page_charts!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSettings:
    """How the work is carried out. None of these changes a byte of the output."""

    jobs: int | None = 1
    """Worker processes; None: one per core."""
    engine: str = "local"
    """``local`` (a process pool here) or ``dask``."""
    scheduler: str | None = None
    """For ``dask``: the scheduler's address; None: a LocalCluster of ``jobs`` workers."""
    cache_dir: Path | None = None
    """Keep scores in ``cache_dir/scores.sqlite`` for later runs; None: a cache for this run only."""
    progress: bool = False
    """A progress bar on stderr."""

    def __post_init__(self) -> None:
        if self.jobs is not None and (isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or self.jobs < 1):
            raise SettingsError(f"--jobs: give a number of worker processes of at least 1, not {self.jobs!r}")
        if self.engine not in ENGINES:
            raise SettingsError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.scheduler is not None and self.engine != "dask":
            raise SettingsError("--scheduler is for --engine dask")


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    """How ``comments serve`` listens, what it accepts, and what it scores with.

    It carries the ``score`` and ``analyze`` parts a report run would use, so that the
    server builds the same scorers and gives a text the same scores as ``comments report``.
    """

    host: str = SERVE_HOST
    port: int = SERVE_PORT
    """0: any free port."""
    workers: int = 1
    """Worker processes, each with its own copy of the models."""
    api_keys: tuple[str, ...] = ()
    """When any is given, every request but ``GET /healthz`` must carry one (``?key=`` or ``X-Goog-Api-Key``)."""
    feedback: Path | None = None
    """An SQLite file that ``comments:suggestscore`` appends moderators' decisions to; None: nothing is stored."""
    max_body_bytes: int = MAX_BODY_BYTES
    max_text_bytes: int = MAX_TEXT_BYTES
    """The longest text, in UTF-8 bytes, any endpoint scores (Perspective's limit by default)."""
    max_texts: int = 1_000
    """The most texts one ``POST /v1/score`` request may hold."""
    body_timeout: float = 10.0
    """Seconds a client may take to send its request body."""
    batch_window_ms: float = 2.0
    """How long an idle worker waits for more requests to score together with the first."""
    access_log: bool = True
    """One line per request: address, method, path without its query, status, milliseconds. Never text or keys."""
    score: ScoreSettings = field(default_factory=ScoreSettings)
    analyze: AnalyzeSettings = field(default_factory=AnalyzeSettings)

    def __post_init__(self) -> None:
        if not isinstance(self.host, str) or not self.host.strip():
            raise SettingsError(f"--host: give an address to listen on, such as 127.0.0.1, not {self.host!r}")
        if not _whole(self.port) or not 0 <= self.port <= 65_535:
            raise SettingsError(f"--port: give a port between 0 and 65535, not {self.port!r}")
        if not _whole(self.workers) or self.workers < 1:
            raise SettingsError(f"--workers: give a number of worker processes of at least 1, not {self.workers!r}")
        if not isinstance(self.api_keys, tuple) or not all(
            isinstance(key, str) and key and key == key.strip() and key.isprintable() for key in self.api_keys
        ):
            raise SettingsError("--api-key: give keys as non-empty strings without spaces at either end")
        if self.feedback is not None and not isinstance(self.feedback, Path):
            raise SettingsError(f"--feedback: give a file path, not {self.feedback!r}")
        for name, flag, value, low in (
            ("max_body_bytes", "--max-body", self.max_body_bytes, 1_024),
            ("max_text_bytes", "--max-text-bytes", self.max_text_bytes, 1),
            ("max_texts", "--max-texts", self.max_texts, 1),
        ):
            if not _whole(value) or value < low:
                raise SettingsError(f"{flag}: give a whole number of at least {low:,}, not {value!r} ({name})")
        if self.max_text_bytes > self.max_body_bytes:
            raise SettingsError(
                f"--max-text-bytes {self.max_text_bytes:,} is larger than --max-body {self.max_body_bytes:,}: "
                "no request could carry such a text; raise --max-body"
            )
        if not _number(self.body_timeout) or not 0 < self.body_timeout <= 3_600:
            raise SettingsError(f"--body-timeout: give seconds between 0 and 3600, not {self.body_timeout!r}")
        if not _number(self.batch_window_ms) or not 0 <= self.batch_window_ms <= 1_000:
            raise SettingsError(f"--batch-window: give milliseconds between 0 and 1000, not {self.batch_window_ms!r}")
        if not isinstance(self.score, ScoreSettings) or not isinstance(self.analyze, AnalyzeSettings):
            raise SettingsError("ServeSettings.score must be a ScoreSettings and .analyze an AnalyzeSettings")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every option of a run, in one part per stage."""

    parse: ParseSettings = field(default_factory=ParseSettings)
    score: ScoreSettings = field(default_factory=ScoreSettings)
    analyze: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    run: RunSettings = field(default_factory=RunSettings)

    def __post_init__(self) -> None:
        parts = {"parse": ParseSettings, "score": ScoreSettings, "analyze": AnalyzeSettings}
        parts |= {"report": ReportSettings, "run": RunSettings}
        for name, part in parts.items():
            if not isinstance(getattr(self, name), part):
                raise SettingsError(f"Settings.{name} must be a {part.__name__}")

    def to_json(self) -> dict[str, Any]:
        """Every field, as ``run.json`` records it (paths as strings)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


__all__ = [
    "DEFAULT_TOXICITY",
    "ENGINES",
    "EXPORT_FORMATS",
    "FORMATS",
    "LONG_COMMENT_CHARS",
    "MAX_BODY_BYTES",
    "MAX_BYTES",
    "MAX_TEXT_BYTES",
    "MIN_AUTHOR_COMMENTS",
    "SERVE_HOST",
    "SERVE_PORT",
    "TABLE_FORMATS",
    "TOXICITY_SCORERS",
    "AnalyzeSettings",
    "Columns",
    "ParseSettings",
    "ReportSettings",
    "RunSettings",
    "ScoreSettings",
    "ServeSettings",
    "Settings",
]
