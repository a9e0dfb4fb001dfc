"""Parse stage: page files to :class:`~comments.model.Page` values."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from comments.errors import InputError, ParseError
from comments.model import Page
from comments.parse.finding import FORMATS_BY_SUFFIX, Inputs, PageFile, Skipped, find_inputs, find_pages
from comments.parse.reading import decode, read_bytes
from comments.parse.table import parse_table_text
from comments.parse.text import parse_text
from comments.settings import FORMATS, MAX_BYTES, Columns, ParseSettings

__all__ = [
    "FORMATS",
    "FORMATS_BY_SUFFIX",
    "MAX_BYTES",
    "Columns",
    "Inputs",
    "PageFile",
    "ParseSettings",
    "Skipped",
    "bundled_pages_dir",
    "find_inputs",
    "find_pages",
    "parse_file",
    "parse_page",
    "parse_text",
]


def bundled_pages_dir() -> Path:
    """The folder of example pages shipped with the package (the default input)."""
    return Path(str(resources.files("comments") / "data" / "pages"))


def parse_file(path: Path | str, settings: ParseSettings | None = None, *, source: str | None = None) -> list[Page]:
    """Read and parse one file: a page (text or HTML) or a table export holding one page per article.

    ``settings.format`` overrides the choice by file ending; ``settings.columns`` names a
    table's columns. Raises :class:`InputError` when the file cannot be read and
    :class:`ParseError` when it holds neither article text nor comments.
    """
    path = Path(path)
    settings = settings or ParseSettings()
    format = settings.format
    if format is None:
        format = FORMATS_BY_SUFFIX.get(path.suffix.lower(), "text" if not path.suffix else None)
        if format is None:
            known = ", ".join(sorted(FORMATS_BY_SUFFIX))
            raise InputError(
                f"{path}: unknown page format {path.suffix!r}; "
                f"give a file ending in {known} or choose one with --format"
            )
    data = read_bytes(path, max_bytes=settings.max_bytes)
    source = source or path.name
    try:
        if format == "html":
            from comments.parse.html import declared_charset, parse_html_text

            text, notes = decode(data, path, declared=declared_charset(data))
            pages = [parse_html_text(text, source=source)]
        elif format in ("csv", "json", "jsonl"):
            text, notes = decode(data, path)
            pages = parse_table_text(text, source=source, format=format, columns=settings.columns)
        else:
            text, notes = decode(data, path)
            pages = [parse_text(text, source=source)]
    except ParseError as err:
        # parsers name the page by its source; the message names the file as the user gave it
        message = str(err)
        if source != str(path) and message.startswith(f"{source}: "):
            raise ParseError(f"{path}: {message.removeprefix(f'{source}: ')}") from err
        raise
    for page in pages:
        if not page.article.paragraphs and not page.comments and page.article.title is None:
            raise ParseError(f"{path}: found no article text and no comments; is this a saved page?")
    return [replace(page, notes=page.notes + notes) for page in pages] if notes else pages


def parse_page(path: Path | str, settings: ParseSettings | None = None, *, source: str | None = None) -> Page:
    """Read and parse a file that holds one page (see :func:`parse_file`)."""
    pages = parse_file(path, settings, source=source)
    if len(pages) != 1:
        raise ParseError(f"{path}: holds {len(pages)} articles; read it with parse_file")
    return pages[0]
