"""The ``comments`` command: a thin layer over the library that turns its errors into one-line messages."""

from __future__ import annotations

import argparse
import json
import logging
import math
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from comments import stopping
from comments.analyze.moderation import HOLD_THRESHOLDS, TARGET_PRECISION, UNMEASURED_HOLD
from comments.errors import CommentsError, SettingsError
from comments.parse import bundled_pages_dir, parse_file
from comments.score import BiLSTMScorer, DetoxifyScorer, NewsScorer, ProfanityScorer
from comments.settings import (
    DEFAULT_TOXICITY,
    ENGINES,
    FORMATS,
    MAX_BODY_BYTES,
    MAX_BYTES,
    MAX_TEXT_BYTES,
    MIN_AUTHOR_COMMENTS,
    SERVE_HOST,
    SERVE_PORT,
    TOXICITY_SCORERS,
    AnalyzeSettings,
    Columns,
    ParseSettings,
    ReportSettings,
    RunSettings,
    ScoreSettings,
    ServeSettings,
    Settings,
)
from comments.version import __version__

if TYPE_CHECKING:
    from comments.run import RunSummary  # the report stage is imported only for comments report

#: The exit status of a report is the number of files that failed, up to this.
MAX_EXIT = 100


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comments",
        description="How readers answer an article: parse saved pages, score tone and toxicity, write reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser(
        "report",
        help="parse and score pages, write CSV tables and PNG charts",
        description="Parse and score every page, then write CSV tables and PNG charts into the output folder.",
    )
    report.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a page file or a folder of pages (default: the example pages bundled with the package)",
    )
    report.add_argument(
        "--out", type=Path, default=Path("reports"), metavar="DIR", help="output folder (default: reports)"
    )
    report.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes that parse and score (default: one per core); the output is the same for any N",
    )
    report.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="keep scores in DIR/scores.sqlite, keyed by text and scorer version, so that a later run "
        "scores only texts it has not seen (default: each process remembers the texts of this run only)",
    )
    report.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local (default): a process pool on this machine; dask: Dask tasks on the cluster at "
        "--scheduler, or on a LocalCluster of --jobs workers (needs the dask extra)",
    )
    report.add_argument("--scheduler", metavar="ADDRESS", help="for --engine dask: e.g. tcp://10.0.0.5:8786")
    report.add_argument("--no-charts", action="store_true", help="write the CSV tables only")
    report.add_argument(
        "--charts",
        type=_chart_limit,
        default=None,
        metavar="all|N|none",
        help="per-page charts for every page (all, the default), the first N pages, or none; "
        "the corpus chart overview.png is always drawn",
    )
    report.add_argument(
        "--no-html",
        action="store_true",
        help="write no HTML report (by default index.html and one page per article, beside the CSV files)",
    )
    report.add_argument(
        "--raw-csv",
        action="store_true",
        help="write text exactly as found, for programs; by default text that a spreadsheet would run "
        "as a formula (starting with = + - @) gets a leading apostrophe",
    )
    _toxicity_options(report)
    _discourse_options(report)
    report.add_argument(
        "--language",
        type=_language,
        metavar="CODE",
        help="every page, sentence and comment is in this language (e.g. en, de, fr), for a corpus known to be "
        "monolingual (default: identify the language of every unit; scorers read only their languages)",
    )
    _input_options(report)
    report.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no per-file warnings")

    parse = commands.add_parser(
        "parse",
        help="print what the parser sees in one page, as JSON",
        description="Print the parse of one page as JSON: title, paragraphs, clutter and comments in page order.",
    )
    parse.add_argument("path", type=Path, metavar="PATH", help="the page file")
    _input_options(parse)
    _serve_parser(commands)
    return parser


def _toxicity_options(command: argparse.ArgumentParser) -> None:
    scoring = command.add_argument_group("toxicity")
    scoring.add_argument(
        "--toxicity",
        choices=TOXICITY_SCORERS,
        default=DEFAULT_TOXICITY,
        help="news (default): six attributes from one BiLSTM trained for news comments, shipped with the package; "
        "bilstm: the same six from the two Jigsaw-trained BiLSTMs it was distilled from; "
        "profanity: alt-profanity-check, one attribute, faster; "
        "detoxify: Detoxify checkpoints you have on disk (needs --toxicity-model-dir and the detoxify extra)",
    )
    scoring.add_argument(
        "--toxicity-model-dir",
        type=Path,
        metavar="DIR",
        help="for --toxicity detoxify: a folder with one *.ckpt checkpoint and a config/ folder of "
        "Hugging Face tokenizer files; nothing is ever downloaded",
    )
    scoring.add_argument(
        "--toxicity-threshold",
        type=_probability,
        metavar="P",
        help="flag a comment toxic when its toxicity probability is at least P "
        f"(default: the scorer's own: news {NewsScorer.threshold}, bilstm {BiLSTMScorer.threshold}, "
        f"profanity {ProfanityScorer.threshold}, detoxify {DetoxifyScorer.threshold})",
    )


def _discourse_options(command: argparse.ArgumentParser) -> None:
    discourse = command.add_argument_group("discourse analyses")
    discourse.add_argument(
        "--hold-threshold",
        type=_probability,
        metavar="P",
        help="held.csv: the comments a moderation queue would hold back, toxicity probability at least P "
        f"(default: chosen for a precision of {TARGET_PRECISION:g} on labelled news comments: "
        + ", ".join(f"{name} {value:g}" for name, value in HOLD_THRESHOLDS.items())
        + f", others {UNMEASURED_HOLD:g})",
    )
    discourse.add_argument(
        "--min-author-comments",
        type=_whole_number,
        default=MIN_AUTHOR_COMMENTS,
        metavar="N",
        help="authors.csv ranks, and authors.png shows, only authors with at least N comments "
        f"(default: {MIN_AUTHOR_COMMENTS})",
    )


def _serve_parser(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="an offline stand-in for Perspective API, and a batch scoring endpoint",
        description="Answer Perspective API's comments:analyze and comments:suggestscore, POST /v1/score and "
        "GET /healthz over HTTP, scoring with this package's models; nothing leaves the machine.",
    )
    serve.add_argument(
        "--host", default=SERVE_HOST, help=f"address to listen on (default: {SERVE_HOST}, this machine only)"
    )
    serve.add_argument("--port", type=int, default=SERVE_PORT, help=f"port (default: {SERVE_PORT}; 0: any free port)")
    serve.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes, each with its own models (default: 1)"
    )
    serve.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help="accept only requests carrying this key (?key=KEY as Perspective clients send it, or an X-Goog-Api-Key "
        "header); repeat for several keys",
    )
    serve.add_argument(
        "--api-key-file",
        type=Path,
        metavar="FILE",
        help="read keys from FILE, one per line (keeps them out of the process list)",
    )
    serve.add_argument(
        "--feedback",
        type=Path,
        metavar="FILE",
        help="append moderators' decisions sent to comments:suggestscore to this SQLite file (default: store nothing; "
        "requests with doNotStore are never stored)",
    )
    limits = serve.add_argument_group("limits")
    limits.add_argument(
        "--max-body",
        type=int,
        default=MAX_BODY_BYTES,
        metavar="BYTES",
        help=f"refuse request bodies larger than this, unread (413; default: {MAX_BODY_BYTES:,})",
    )
    limits.add_argument(
        "--max-text-bytes",
        type=int,
        default=MAX_TEXT_BYTES,
        metavar="BYTES",
        help=f"refuse texts longer than this in UTF-8 (400; default: {MAX_TEXT_BYTES:,}, Perspective's limit)",
    )
    limits.add_argument(
        "--max-texts", type=int, default=1_000, metavar="N", help="most texts per /v1/score request (default: 1,000)"
    )
    limits.add_argument(
        "--body-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds a client may take to send its body (408; default: 10)",
    )
    limits.add_argument(
        "--batch-window",
        type=float,
        default=2.0,
        metavar="MS",
        help="milliseconds an idle worker waits for more requests to score together (default: 2)",
    )
    _toxicity_options(serve)
    serve.add_argument("-q", "--quiet", action="store_true", help="no access log line per request")


def _input_options(command: argparse.ArgumentParser) -> None:
    inputs = command.add_argument_group("input")
    inputs.add_argument(
        "--max-size",
        type=float,
        default=MAX_BYTES / 1e6,
        metavar="MB",
        help=f"refuse files larger than this many megabytes (default: {MAX_BYTES / 1e6:g})",
    )
    inputs.add_argument(
        "--format",
        choices=FORMATS,
        help="how to read the files (default: the container by file ending (.txt, .html/.htm, .csv/.tsv, "
        ".json, .jsonl/.ndjson, .xml, none), the platform export by content); csv, json or jsonl read a "
        "plain table of comments, a platform name forces that export's reader",
    )
    inputs.add_argument(
        "--articles",
        type=Path,
        metavar="FILE",
        help="the file describing the articles of a comment export: Reddit submissions (RS_...) or NYT "
        "articles (Articles....csv) (default: such a file in the export's folder)",
    )
    inputs.add_argument(
        "--keep-deleted",
        action="store_true",
        help="keep an export's deleted, removed, dead, spam, unapproved and trashed items, pingbacks and "
        "trackbacks as comments, with their status in comments.csv (default: left out and counted)",
    )
    inputs.add_argument(
        "--follow-links",
        action="store_true",
        help="read links inside an input folder that lead out of it (by default they are skipped and listed)",
    )
    columns = command.add_argument_group(
        "table columns (plain CSV/JSON tables of comments; default: common names; platform exports need none)"
    )
    for field in fields(Columns):
        flag = f"--{field.name.replace('_', '-')}-col"
        columns.add_argument(flag, dest=f"col_{field.name}", metavar="NAME", help=_COLUMN_HELP[field.name])


#: every column option takes a name as the table spells it, in any case (commentBody is comment_body),
#: or a dotted path into nested JSON (data.comment.text)
_COLUMN_HELP = {
    "text": "the comment text; a dotted path names a nested JSON field (data.comment.text) "
    "(default: text, comment_text, comment, body, message, content, in any case: commentBody)",
    "author": "the commenter (default: author, user, username, name, ...)",
    "article": "what groups comments into articles (default: article_id, post_id, thread_id, url, ...)",
    "title": "the article's title (default: title, article_title, headline)",
    "parent": "the id of the comment replied to (default: parent_id, parent, reply_to, in_reply_to)",
    "id": "the comment's id (default: comment_id, id)",
    "time": "when it was posted (default: posted_at, created_at, timestamp, time, date)",
    "article_text": "the article's text (default: article_text, article_body, story)",
}


def _chart_limit(value: str) -> int | None:
    """all, none or N; the range is ReportSettings' to check."""
    try:
        limit = {"all": None, "none": 0}[value] if value in ("all", "none") else int(value)
        return ReportSettings(page_charts=limit).page_charts
    except (ValueError, SettingsError):
        raise argparse.ArgumentTypeError(f"{value!r}: give all, none or a number of pages") from None


def _probability(value: str) -> float:
    """A number; the range is AnalyzeSettings' to check (the same for both of its thresholds)."""
    try:
        threshold = AnalyzeSettings(toxicity_threshold=float(value)).toxicity_threshold
    except (ValueError, SettingsError):
        raise argparse.ArgumentTypeError(f"{value!r}: give a probability between 0 and 1") from None
    assert threshold is not None
    return threshold


def _whole_number(value: str) -> int:
    """A whole number; the range is ReportSettings' to check."""
    try:
        return ReportSettings(min_author_comments=int(value)).min_author_comments
    except (ValueError, SettingsError):
        raise argparse.ArgumentTypeError(f"{value!r}: give a whole number of comments of at least 1") from None


def _language(value: str) -> str:
    """A language code; AnalyzeSettings checks that the identifier knows it."""
    try:
        language = AnalyzeSettings(language=value.strip().lower()).language
    except SettingsError as err:
        raise argparse.ArgumentTypeError(str(err).removeprefix("--language: ")) from None
    assert language is not None
    return language


def _columns(args: argparse.Namespace) -> Columns:
    return Columns(**{field.name: getattr(args, f"col_{field.name}") for field in fields(Columns)})


def _parse_settings(args: argparse.Namespace) -> ParseSettings:
    return ParseSettings(
        format=args.format,
        columns=_columns(args),
        max_bytes=_max_bytes(args.max_size),
        follow_links=args.follow_links,
        keep_deleted=args.keep_deleted,
        articles=args.articles,
    )


def _max_bytes(megabytes: float) -> int:
    if not math.isfinite(megabytes) or megabytes <= 0:
        raise SettingsError(f"--max-size: give a size above 0 MB, not {megabytes:g}")
    return max(1, int(megabytes * 1e6))


def _settings(args: argparse.Namespace) -> Settings:
    """The one settings object of a report run, from its flags."""
    return Settings(
        parse=_parse_settings(args),
        score=ScoreSettings(toxicity=args.toxicity, toxicity_model_dir=args.toxicity_model_dir),
        analyze=AnalyzeSettings(
            toxicity_threshold=args.toxicity_threshold, hold_threshold=args.hold_threshold, language=args.language
        ),
        report=ReportSettings(
            charts=not args.no_charts,
            page_charts=args.charts,
            raw_csv=args.raw_csv,
            min_author_comments=args.min_author_comments,
            html=not args.no_html,
        ),
        run=RunSettings(
            jobs=args.jobs, engine=args.engine, scheduler=args.scheduler, cache_dir=args.cache, progress=not args.quiet
        ),
    )


def _serve_settings(args: argparse.Namespace) -> ServeSettings:
    keys = list(args.api_key)
    if args.api_key_file is not None:
        try:
            lines = args.api_key_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise SettingsError(f"--api-key-file {args.api_key_file}: cannot read it ({err})") from err
        keys += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if not keys:
            raise SettingsError(f"--api-key-file {args.api_key_file}: no key in it (one per line)")
    return ServeSettings(
        host=args.host,
        port=args.port,
        workers=args.workers,
        api_keys=tuple(keys),
        feedback=args.feedback,
        max_body_bytes=args.max_body,
        max_text_bytes=args.max_text_bytes,
        max_texts=args.max_texts,
        body_timeout=args.body_timeout,
        batch_window_ms=args.batch_window,
        access_log=not args.quiet,
        score=ScoreSettings(toxicity=args.toxicity, toxicity_model_dir=args.toxicity_model_dir),
        analyze=AnalyzeSettings(toxicity_threshold=args.toxicity_threshold),
    )


def _serve(args: argparse.Namespace) -> int:
    from comments.serve import exposure_warning, serve  # starlette and uvicorn only for this command

    settings = _serve_settings(args)
    warning = exposure_warning(settings)
    if warning:
        print(f"warning: {shown(warning)}", file=sys.stderr)
    serve(settings)
    return 0


def _report(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from comments.run import run_report  # pandas and seaborn only for this command

    paths = args.paths or [bundled_pages_dir()]
    summary = run_report(paths, args.out, settings)
    for failure in summary.failures:
        print(f"error: {shown(failure.message)}", file=sys.stderr)
    for note in summary.notes:
        print(f"note: {shown(note)}", file=sys.stderr)
    failed = len(summary.failed_files)
    charts_failed = len(summary.failures) - failed
    where = f"reports in {summary.out_dir}/" + (
        f" (failures listed in {summary.out_dir / 'errors.csv'})" if summary.failures else ""
    )
    also = f", {charts_failed} chart{'s' * (charts_failed != 1)} not drawn" if charts_failed else ""
    print(
        f"{summary.pages} page{'s' * (summary.pages != 1)}, {summary.comments} comment{'s' * (summary.comments != 1)}, "
        f"{summary.commenters} commenter{'s' * (summary.commenters != 1)}, {failed} failed{also}; {shown(where)}"
    )
    threshold = summary.settings.analyze.toxicity_threshold
    print(f"toxic: {settings.score.toxicity} toxicity probability >= {threshold:g}")
    for line in (*_export_lines(summary), *summary.not_scored):
        print(shown(line))
    if summary.pages == 0 and not failed:
        # nothing read and nothing failed: a wrong folder, an empty one, only what a run skips (the
        # output folder itself, hidden files), or only the companion of an export; never a success
        named = ", ".join(shown(str(path)) for path in paths)
        why = " (the notes above say what was skipped)" if summary.notes else ""
        print(
            f"error: no page read from {named}{why}; give a saved page, a comment export or a folder of them",
            file=sys.stderr,
        )
        return 1
    return min(failed, MAX_EXIT)


def shown(text: str) -> str:
    """Text from the input (a file name, a message naming one) as one line a terminal shows as it is:
    line breaks, escape sequences, bidirectional overrides and other invisible characters written as
    backslash escapes, so that a file name cannot forge an output line or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


#: saved pages named one by one in the closing line about comments that load by script
SHOWN_PAGES = 5


def _export_lines(summary: RunSummary) -> list[str]:
    """What the exports left out, and which saved pages hold no comments because a script loads them."""
    lines = []
    if summary.left_out:
        counted = ", ".join(f"{n} {status}" for status, n in summary.left_out)
        lines.append(
            f"kept with their status in comments.csv: {counted}"
            if summary.settings.parse.keep_deleted
            else f"left out, not comments: {counted} (counted in articles.csv; keep them with --keep-deleted)"
        )
    if summary.by_script:
        pages = ", ".join(f"{source} ({system})" for source, system in summary.by_script[:SHOWN_PAGES])
        more = len(summary.by_script) - SHOWN_PAGES
        lines.append(
            f"comments load by script, not in the saved page: {pages}"
            + (f" and {more} more" if more > 0 else "")
            + "; export them from the comment system and pass the export (see notes in articles.csv)"
        )
    return lines


def _parse(args: argparse.Namespace) -> int:
    pages = parse_file(args.path, _parse_settings(args))
    document = pages[0].to_json() if len(pages) == 1 else [page.to_json() for page in pages]
    # a file name that is not UTF-8 holds lone surrogates: written as JSON's \\udcXX escapes
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8", errors="backslashreplace"))
    sys.stdout.flush()
    for page in pages:
        for note in page.notes:
            print(f"note: {shown(page.source)}: {shown(note)}", file=sys.stderr)
    return 0


def configure_logging() -> None:
    """Print errors only: the run's problems are listed once at its end instead. Library warnings (a glyph
    a font lacks) go through logging too. The terminal's handler holds the level itself, because a library
    imported later may set its own loggers lower (distributed sets INFO when --engine dask imports it)."""
    root = logging.getLogger()
    if not root.handlers:  # as basicConfig: a caller's own logging (a test's, an application's) is kept
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler.setLevel(logging.ERROR)
        root.addHandler(handler)
        root.setLevel(logging.ERROR)
    logging.captureWarnings(True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    configure_logging()
    command = {"report": _report, "parse": _parse, "serve": _serve}[args.command]
    if args.command == "serve":  # uvicorn stops gracefully on SIGTERM and Ctrl-C by itself
        stopping.uninstall()
        return _stops_reported(lambda: command(args))
    with stopping.stopping_on_signals():
        return _stops_reported(lambda: command(args))


def _stops_reported(command: Callable[[], int]) -> int:
    """The command's exit status; an error, Ctrl-C or a signal said in one line on stderr, never a traceback."""
    try:
        return command()
    except CommentsError as err:
        if (signum := stopping.received()) is not None:  # what the signal broke on its way (an import, say)
            return stopping.said(signum)
        print(f"error: {shown(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return stopping.said(signal.SIGINT)
    except stopping.Stopped as stop:
        return stopping.said(stop.signum)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
