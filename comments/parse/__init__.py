"""Parse stage: page files to :class:`~comments.model.Page` values."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from comments.errors import CompanionFile, InputError, ParseError
from comments.model import Page
from comments.parse.finding import FORMATS_BY_SUFFIX, Inputs, PageFile, Skipped, find_inputs, find_pages
from comments.parse.formats import container, parse_data
from comments.parse.reading import read_bytes
from comments.parse.text import parse_text
from comments.settings import FORMATS, MAX_BYTES, Columns, ParseSettings

__all__ = [
    "FORMATS",
    "FORMATS_BY_SUFFIX",
    "MAX_BYTES",
    "Columns",
    "CompanionFile",
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
    """Read and parse one file: a page (text or HTML), a platform's comment export or a table of
    comments, holding one page per article.

    The container comes from the file ending and the export from the content (see
    ``comments.parse.formats``); ``settings.format`` forces a reader. Raises :class:`InputError`
    when the file cannot be read, :class:`CompanionFile` when it describes the articles of another
    export, and :class:`ParseError` when it holds neither article text nor comments.
    """
    path = Path(path)
    settings = settings or ParseSettings()
    kind = settings.format or container(path)
    if kind is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(
            f"{path}: unknown page format {path.suffix!r}; give a file ending in {known} or choose one with --format"
        )
    source = source or path.name
    try:
        data = read_bytes(path, max_bytes=settings.max_bytes)
        pages = parse_data(data, path, source=source, settings=settings, kind=kind)
    except ParseError as err:
        # parsers name the page by its source; the message names the file as the user gave it
        message = str(err)
        if source != str(path) and message.startswith(f"{source}: "):
            raise type(err)(f"{path}: {message.removeprefix(f'{source}: ')}") from err
        raise
    for page in pages:
        if not page.article.paragraphs and not page.comments and page.article.title is None:
            if page.comment_system:
                continue  # a saved page whose comments load by script: its note says so
            raise ParseError(f"{path}: found no article text and no comments; is this a saved page?")
    return pages


def parse_page(path: Path | str, settings: ParseSettings | None = None, *, source: str | None = None) -> Page:
    """Read and parse a file that holds one page (see :func:`parse_file`)."""
    pages = parse_file(path, settings, source=source)
    if len(pages) != 1:
        raise ParseError(f"{path}: holds {len(pages)} articles; read it with parse_file")
    return pages[0]
