"""Reddit: Pushshift and Arctic Shift dumps (one JSON object per line) and the API's JSON of a thread.

A comment of a dump has ``id``, ``body`` (Markdown, with ``&``, ``<`` and ``>`` escaped as entities),
``author``, ``parent_id`` (``t1_`` and a comment's id, or ``t3_`` and the submission's: a top-level
comment), ``link_id`` (``t3_`` and the submission's id) and ``created_utc`` (epoch seconds). Comments
become one page per submission, in the order of their first comment. The submissions (``id``,
``title``, ``selftext``, ``url``) come from the same file, the file named by ``--articles`` or a
submissions dump beside the comments (``RS_2019-01`` beside ``RC_2019-01``). A body of ``[deleted]``
(by its author) or ``[removed]`` (by moderators) is not a comment.

The API's thread JSON (``/comments/ID.json``) is a list of two Listings: the submission (``t3``) and
the comment tree (``t1``, replies nested in ``replies``; ``more`` stands for comments not loaded).
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from comments.errors import CompanionFile
from comments.model import Article, Page
from comments.parse.companions import companion_files, first_line, load_companion
from comments.parse.exports import Item, export_page, listed, markdown_text, stamp, text_paragraphs
from comments.settings import ParseSettings

#: what Reddit writes in place of a body, and why the item is not a comment
_GONE = {"[deleted]": "deleted", "[removed]": "removed", "[ removed by reddit ]": "removed"}
_NO_AUTHOR = {"[deleted]", "[removed]", ""}


def is_comment(record: Mapping[str, Any]) -> bool:
    return "body" in record and "link_id" in record


def is_submission(record: Mapping[str, Any]) -> bool:
    return "title" in record and "body" not in record and ("selftext" in record or "is_self" in record)


def is_listing(data: Any) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, Mapping) and first.get("kind") == "Listing" and isinstance(first.get("data"), Mapping)


def _bare(fullname: Any, prefix: str) -> str:
    text = str(fullname)
    return text[len(prefix) :] if text.startswith(prefix) else text


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _item(record: Mapping[str, Any]) -> Item | None:
    comment_id = record.get("id") or _bare(record.get("name") or "", "t1_")
    if not comment_id:
        return None
    body = _string(record.get("body"))
    status = _GONE.get(body.strip().lower())
    parent = record.get("parent_id")
    parent_id = None if parent is None or str(parent).startswith("t3_") else _bare(parent, "t1_")
    author = record.get("author")
    when = stamp(record.get("created_utc"))
    return Item(
        id=str(comment_id),
        parent_id=parent_id,
        author=None if not isinstance(author, str) or author in _NO_AUTHOR else author,
        text=body if status else markdown_text(body),
        posted_at=when.text,
        status=status,
        time_kind=when.kind,
    )


def _article(submission: Mapping[str, Any] | None, link: str) -> tuple[Article, list[str]]:
    if submission is None:
        return Article(title=None, paragraphs=()), [
            f"submission t3_{link} not in the file: no title; pass the submissions file beside it or with --articles"
        ]
    notes = []
    selftext = _string(submission.get("selftext"))
    if selftext.strip().lower() in _GONE:
        notes.append(f"the submission's text is {selftext.strip()}")
        selftext = ""
    title = submission.get("title")
    return Article(
        title=(" ".join(str(title).split()) or None) if title else None,
        paragraphs=text_paragraphs(markdown_text(selftext)),
    ), notes


def parse_dump(records: Sequence[Any], *, path: Path, source: str, settings: ParseSettings) -> list[Page]:
    """Pages of a dump of comments, one per submission."""
    records = [r for r in records if isinstance(r, Mapping)]
    submissions = {str(r.get("id")): r for r in records if is_submission(r)}
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        if is_comment(record):
            groups.setdefault(_bare(record.get("link_id"), "t3_"), []).append(record)
    if not groups:
        raise CompanionFile(
            f"{source}: Reddit submissions without comments: joined to the comments beside it; "
            "give the comments file (RC_...), with this one beside it or named with --articles"
        )
    notes: list[str] = []
    if set(groups) - set(submissions):
        for companion in companion_files(path, settings, _is_submissions_file):
            found, note = load_companion(companion, settings, _load_submissions)
            submissions = found | submissions
            notes += [note] if note else []
    pages = []
    for link, group in groups.items():
        article, said = _article(submissions.get(link), link)
        items = [item for item in map(_item, group) if item is not None]
        pages.append(
            export_page(
                source=f"{source}#{link}",
                article=article,
                items=items,
                keep_deleted=settings.keep_deleted,
                notes=[*notes, *said],
            )
        )
    return pages


def _is_submissions_file(path: Path) -> bool:
    try:
        record = json.loads(first_line(path))
    except ValueError:
        return False
    return isinstance(record, Mapping) and is_submission(record)


def _load_submissions(path: Path) -> dict[str, Any]:
    """Title and text of each submission of a dump (or of a JSON list of submissions)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    stripped = text.lstrip()
    records: Iterable[Any]
    if stripped.startswith("["):
        records = json.loads(stripped)
    else:
        records = (json.loads(line) for line in text.splitlines() if line.strip())
    return {
        str(r.get("id")): {"title": r.get("title"), "selftext": r.get("selftext")}
        for r in records
        if isinstance(r, Mapping) and is_submission(r)
    }


def parse_listing(data: Any, *, source: str, settings: ParseSettings) -> list[Page]:
    """The page of a thread fetched from Reddit's API (``/comments/ID.json``)."""
    listings = data if isinstance(data, list) else [data]
    submission: Mapping[str, Any] | None = None
    items: list[Item] = []
    not_loaded = 0
    queue: deque[Any] = deque()
    for listing in listings:
        if isinstance(listing, Mapping) and isinstance(listing.get("data"), Mapping):
            queue.extend(listed(listing["data"].get("children")))
    while queue:  # breadth first: siblings stay in order, and no depth of replies exhausts the stack
        child = queue.popleft()
        if not isinstance(child, Mapping) or not isinstance(child.get("data"), Mapping):
            continue
        kind, record = child.get("kind"), child["data"]
        if kind == "t3":
            submission = submission or record
        elif kind == "more":
            count = record.get("count")
            not_loaded += count if isinstance(count, int) and count > 0 else len(listed(record.get("children")))
        elif kind == "t1":
            item = _item({**record, "link_id": record.get("link_id", "")})
            if item is not None:
                items.append(item)
            replies = record.get("replies")
            if isinstance(replies, Mapping) and isinstance(replies.get("data"), Mapping):
                queue.extend(listed(replies["data"].get("children")))
    link = _bare(submission.get("id") if submission else "", "t3_")
    article, notes = _article(submission, link)
    if not_loaded:
        notes.append(f"{not_loaded} comments not in the file (Reddit's 'load more comments')")
    return [export_page(source=source, article=article, items=items, keep_deleted=settings.keep_deleted, notes=notes)]


__all__ = ["is_comment", "is_listing", "is_submission", "parse_dump", "parse_listing"]
