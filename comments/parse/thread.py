"""Find the comment section in the lines of a text dump and cut it into comments.

The section opens at a section-start cue ("15 comments") or at the first comment
mark, and closes at the first section-end cue (the reply form) after its first
mark. Among several openings, the one enclosing the most comment marks wins.
Inside, comments are cut at header marks ("Ann says:") when the page uses them,
else after footer marks ("Posted by: Ann | date"), else at time stamps, else at
blank lines. Indentation of headers gives the reply tree.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from comments.model import Comment
from comments.parse import tuning
from comments.parse.comment_cues import (
    COMMENT_HEADER_CUES,
    COMMENT_MARK_CUES,
    DATE_TIME,
    INTERFACE_LINE_CUES,
    NAME_LINE_CUE,
    SECTION_END_CUES,
    SECTION_START_CUES,
    could_be_a_mark,
)
from comments.parse.cues import CueTable, GuardedPattern
from comments.parse.words import DATE, DATE_TIME_GUARD, WEEKDAY

MAX_CUE_LINE = 200  # longer lines are prose, never headers, stamps or controls
#: a name is a few characters: longer candidate name lines are prose (the tuned word limits are in tuning.py)
NAME_MAX_CHARS = 80
DATE_TIME_PATTERN = GuardedPattern(re.compile(DATE_TIME, re.IGNORECASE), re.compile(DATE_TIME_GUARD, re.IGNORECASE))
_IMAGE_TEXT = re.compile(r"^\s*(?:[*•+-]\s+)?\[[^\]]*\]\s*$")
_BULLET = re.compile(r"^\s*[*•+#▪◦‣○■□·-]\s")
_LIST_ITEM = re.compile(r"^\s*(?:[*•+#▪◦‣○■□·-]|\d{1,4}[.)]|\[\d+\])\s")
_DATE_NOISE = re.compile(r"^[\W\d]*(?:[A-Za-z]{3,9}\.?,?\s+)?[\d\s,./:-]*[/|–-]\s*")
_NAME_PREFIX = re.compile(
    r"^(?:\[[^\]\n]{0,60}\]\s{0,3}|[□■▪◦•*·+#@-]\s{1,3}|(?-i:o)\s{1,3}|\d{1,4}[.)]\s{1,3}|#\d{1,4}[.:]?\s{1,3}"
    r"|\(\d{1,4}\)\s{1,3}|\d{1,4}\s{2,4}|(?:avatar|gravatar)\s{1,3})+",
    re.IGNORECASE,
)
#: the words before a name in a byline ("by Ann", "Posted by: Ann", "Geschrieben von Ann"; never "Von" alone, a name)
_BY_PREFIX = re.compile(
    r"^(?:(?:posted|written|submitted)\s{1,3}by|by|(?:geschrieben|publié|escrito|scritto)\s{1,3}(?:von|par|por|da))"
    r"\s{0,3}:?\s{1,3}",
    re.IGNORECASE,
)
#: what a comment system prints after a name: a user number ("Ann (1627651)"), the link of her site, a marker
_NAME_SUFFIX = re.compile(r"(?:\s{1,3}(?:\(\d{1,12}\)|https?://\S{0,200}|www\.\S{0,200}|[*†]))+$", re.IGNORECASE)
#: "von", "par", "by" opening a byline that a date follows ("von Hans am DATE"): there, never a name's
_BYLINE_WORD = re.compile(
    r"^(?:by|von|par|por|door|da|di)\s{1,3}(?=\S[^\n]{0,80}\s(?:on|at|am|um|le|el|il|op|em)$)", re.IGNORECASE
)
#: a joining word left at the end of a name whose date was cut off (never "le", a family name too)
_TRAILING_JOINER = re.compile(r"(?<=\S)\s{1,3}(?:on|at|am|um)$", re.IGNORECASE)
#: the words that join a name and a date in a header ("Ann on March 3", "On March 3, 2012 at 5 pm, Ann")
_DATE_JOINER = re.compile(r"^(?:on|at|am|um|le|el|il|op|em|posted|le\s{1,3}on)$", re.IGNORECASE)
_ONLY_DATE = re.compile(rf"[\W\d]*(?:{DATE})[\W\d]*", re.IGNORECASE)
_DATE_PATTERN = re.compile(DATE, re.IGNORECASE)
_WEEKDAY = re.compile(rf"[\W_]*(?:{WEEKDAY})[\W_]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark:
    line: int
    role: str  # header, footer or stamp
    author: str | None
    indent: int
    pattern: re.Pattern[str] | None
    keeps_line: bool = False  # the mark's own line is comment text (a list item that is not a name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    start: int
    end: int
    marks: tuple[Mark, ...]
    heading: int | None = None  # the first line of the section's heading ("Comments", "15 comments"), if any


_STARTS = CueTable(SECTION_START_CUES)
_ENDS = CueTable(SECTION_END_CUES)
MARK_TABLE = CueTable((*COMMENT_HEADER_CUES, *COMMENT_MARK_CUES), screen=could_be_a_mark)
_INTERFACE = CueTable(INTERFACE_LINE_CUES)
_WEAK = {cue.regex for cue in COMMENT_MARK_CUES if cue.name == "date_only_line"}


def _cue_texts(lines: Sequence[str]) -> list[tuple[str, str] | None]:
    """Each line as the cue tables read it, with its lower case: trailing space gone (inscriptis pads lines
    to a fixed width); None for an empty line or one too long to be a mark. Worked out once for the tables.

    (Lower-casing after the strip is the same as before it: no character's lower case is or holds white space
    unless it is white space itself, which lower-cases to itself.)"""
    texts: list[tuple[str, str] | None] = []
    for line in lines:
        text = line.rstrip()
        texts.append((text, text.lower()) if text and len(text) <= MAX_CUE_LINE else None)
    return texts


def _clean_author(raw: str | None) -> str | None:
    if not raw:
        return None
    author = _DATE_NOISE.sub("", raw.strip()) if "/" in raw or "|" in raw else raw.strip()
    # what a text browser puts before a name: an avatar's stand-in ("[a2f04]"), a bullet, a list number
    author = _NAME_PREFIX.sub("", author).strip(" :–-|")
    author = _without_date(_NAME_SUFFIX.sub("", _BY_PREFIX.sub("", author)))
    author = _TRAILING_JOINER.sub("", author)  # "by Ann on" before a stamp line's date
    return None if not_a_name(author) else author[:NAME_MAX_CHARS]


def _without_date(author: str) -> str:
    """A name never holds its comment's date: "Ann on March 3, 2012 at 5:12 pm" and "On March 3, 2012 at
    5:12 pm, Ann" are Ann. The side of the date that holds more than a joining word is the name."""
    if not any(ch.isdigit() for ch in author):
        return author
    match = DATE_TIME_PATTERN.search(author) or _DATE_PATTERN.search(author)
    if match is None:
        return author
    sides = [side.strip(" \t,|–-/:") for side in (author[: match.start()], author[match.end() :])]
    names = [side for side in sides if side and not _DATE_JOINER.match(side)]
    if not names:
        return author
    name = names[0]
    words = name.split()
    if len(words) > 1 and _DATE_JOINER.match(words[-1]):
        name = " ".join(words[:-1])
    return name.strip(" \t,|–-/:")


def not_a_name(text: str) -> bool:
    """A date, a weekday, or words of the comment system where a commenter's name would be."""
    text = text.strip().strip("_*").strip()  # markdown emphasis around a word ("_on_")
    return not text or bool(_ONLY_DATE.fullmatch(text) or _WEEKDAY.fullmatch(text) or _INTERFACE.first(text))


def _name_over_text(
    lines: Sequence[str], i: int, line: str, limits: tuning.Thresholds, off: frozenset[str], trace: set[str] | None
) -> re.Match[str] | None:
    """A short name line whose next line is indented deeper and reads as prose.

    ``line`` is ``lines[i]`` without trailing space, no longer than ``NAME_MAX_CHARS``, with a line after it and
    at most ``name_max_words`` spaces inside: ``find_marks`` runs those first tests inline, as most lines fail
    them. ``limits``, ``off`` and ``trace`` are the tuning in force: a threshold is traced where it is read, as
    ``tuning.value`` does."""
    # w3m leaves a line of spaces between a name and its text, inscriptis an empty line after a list item;
    # lynx puts headings over text after an empty line, so that alone does not join a name to text
    bullet = _BULLET.match(line) is not None
    spacer = not lines[i + 1].strip() and (lines[i + 1] != "" or bullet)
    following = lines[i + 2] if spacer and i + 2 < len(lines) else lines[i + 1]
    # text under a name sits deeper; under a bullet ("* Ann") it may sit at the name's own column
    if _indent(following) < _indent(line) + (2 if bullet else 1):
        return None
    if trace is not None:
        trace.add("=prose_min_words")
    if not (len(following.split()) >= limits.prose_min_words or following.rstrip().endswith((".", "!", "?"))):
        return None  # the next line must read as prose
    if _LIST_ITEM.match(following) or _IMAGE_TEXT.match(line):
        return None  # a nested list (a sidebar, a menu); "[logo]", a text browser's stand-in for an image
    if off and NAME_LINE_CUE.name in off:
        return None
    match = NAME_LINE_CUE.regex.match(line)
    if match is None or _is_interface(line):
        return None
    if trace is not None:
        trace.add(NAME_LINE_CUE.name)
    return match


def find_marks(lines: Sequence[str], texts: Sequence[tuple[str, str] | None] | None = None) -> list[Mark]:
    """The comment marks among ``lines`` (``texts``: their ``_cue_texts``, if known)."""
    texts = texts if texts is not None else _cue_texts(lines)
    in_force = tuning.active()
    limits, off, trace = in_force.thresholds, in_force.off, tuning.trace()
    name_words = limits.name_max_words
    marks = []
    last = len(lines) - 1
    for i, (line, found) in enumerate(zip(lines, MARK_TABLE.first_each(texts), strict=True)):
        if found is not None:
            role, match = found[0].role, found[1]
        elif (text := texts[i]) is not None and len(text[0]) <= NAME_MAX_CHARS and i < last:
            # the first tests of _name_over_text, here: most lines fail them (a line's text is None when blank)
            if trace is not None:
                trace.add("=name_max_words")
            if text[0].strip().count(" ") > name_words:
                continue
            name = _name_over_text(lines, i, text[0], limits, off, trace)
            if name is None:
                continue
            role, match = NAME_LINE_CUE.role, name
        else:
            continue
        author = match.groupdict().get("author")
        if author is None and role == "stamp":
            # a name before the stamp ("Ann March 3, 2012 at 5:12 pm"); "Posted" or "on" alone is none
            # what splitting at the first time stamp (else date) leaves before it: the text before that match
            found_stamp = DATE_TIME_PATTERN.search(line) or _DATE_PATTERN.search(line)
            head = line if found_stamp is None else line[: found_stamp.start()]
            before = _BYLINE_WORD.sub("", head.strip(" \t|–-/,"))
            short = 0 < len(before.split()) <= tuning.value("name_max_words")
            author = before if short and _INTERFACE.first(before) is None else None
        indent = len(match.groupdict().get("indent") or "") if "indent" in match.re.groupindex else 0
        marks.append(
            Mark(
                line=i,
                role=role,
                author=_clean_author(author),
                indent=indent or len(line) - len(line.lstrip()),
                pattern=match.re,
            )
        )
    return _repeated_names(marks)


def _repeated_names(marks: list[Mark]) -> list[Mark]:
    """Keep a name-over-text mark only beside another at the same indentation: comments repeat, headings do not."""
    names = [m for m in marks if m.pattern is NAME_LINE_CUE.regex]
    gap = tuning.value("mark_gap")
    keep = {
        id(m)
        for n, m in enumerate(names)
        if any(o.indent == m.indent and 0 < abs(o.line - m.line) <= gap for o in names[max(0, n - 1) : n + 2])
    }
    return [m for m in marks if m.pattern is not NAME_LINE_CUE.regex or id(m) in keep]


def find_section(lines: Sequence[str]) -> Section | None:
    """The comment section's line range, or None when the page shows none."""
    texts = _cue_texts(lines)
    marks = find_marks(lines, texts)
    starts = [i for i, found in enumerate(_STARTS.first_each(texts)) if found is not None]
    ends = [i for i, found in enumerate(_ENDS.first_each(texts)) if found is not None]

    def close(after: int) -> int:
        first_mark = next((m.line for m in marks if m.line > after), after)
        return next((e for e in ends if e > first_mark), len(lines))

    best: Section | None = None
    for start in starts:
        end = close(start)
        inside = tuple(m for m in marks if start < m.line < end)
        if inside and (best is None or _weight(inside) >= _weight(best.marks)):
            best = Section(start=start + 1, end=end, marks=inside, heading=_heading(lines, starts, start))
    if best is not None:
        return best
    clustered = [m for n, m in enumerate(marks) if _near(marks, n)]
    if len(clustered) < 2:
        clustered = [m for m in marks if m.role == "header"]  # one "NAME says:" is comment enough
    # a bare date helps to cut comments but is too common in articles to open a section
    clustered = [m for m in clustered if m.pattern not in _WEAK]
    if clustered:
        first = clustered[0]
        start = first.line if first.role == "header" else _block_start(lines, first.line)
        end = close(start - 1)
        return Section(start=start, end=end, marks=tuple(m for m in marks if start <= m.line < end))
    for start in reversed(starts):
        closing = next((e for e in ends if e > start), None)
        words = sum(len(line.split()) for line in lines[start + 1 : closing]) if closing is not None else 0
        if closing is not None and words >= tuning.value("bare_section_min_words"):
            return Section(start=start + 1, end=closing, marks=(), heading=_heading(lines, starts, start))
    return None


def _weight(marks: Sequence[Mark]) -> int:
    """Evidence of a comment section: a cue mark counts twice a bare name line."""
    return sum(1 if m.pattern is NAME_LINE_CUE.regex else 2 for m in marks)


def _heading(lines: Sequence[str], starts: Sequence[int], start: int) -> int:
    """The first of the section-start lines that run into ``start`` with only blank lines between."""
    first = start
    for earlier in reversed([s for s in starts if s < start]):
        if any(line.strip() for line in lines[earlier + 1 : first]):
            break
        first = earlier
    return first


def _near(marks: Sequence[Mark], n: int) -> bool:
    gap = tuning.value("mark_gap")
    before = n > 0 and marks[n].line - marks[n - 1].line <= gap
    after = n + 1 < len(marks) and marks[n + 1].line - marks[n].line <= gap
    return before or after


def _block_start(lines: Sequence[str], line: int) -> int:
    """The first line of the blank-line block before ``line`` (a footer's comment text)."""
    i = line - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    while i >= 0 and lines[i].strip():
        i -= 1
    return i + 1


def _is_interface(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    lowered = stripped.lower()
    return _INTERFACE.first(stripped, lowered) is not None or _STARTS.first(stripped, lowered) is not None


def _text(lines: Sequence[str]) -> str:
    kept = [line.rstrip() for line in lines if not _is_interface(line) or not line.strip()]
    text = textwrap.dedent("\n".join(kept))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def split_comments(lines: Sequence[str], section: Section) -> tuple[tuple[Comment, ...], tuple[str, ...]]:
    """Comments of the section in page order, and the lines of it that belong to no comment."""
    marks = [m for m in section.marks if section.start <= m.line < section.end]
    headers = [m for m in marks if m.role == "header"]
    footers = [m for m in marks if m.role == "footer"]
    stamps = [m for m in marks if m.role == "stamp"]
    # a page stamps its comments at most about twice (posted and edited times), so half the stamps still
    # count as one per comment when weighing headers or footers against them
    if headers and len(headers) >= max(len(footers), len(stamps) // 2):
        return _by_headers(lines, section, headers, stamps)
    if footers and len(footers) >= len(stamps) // 2:
        return _by_footers(lines, section, footers), ()
    if stamps:
        words_before = sum(len(line.split()) for line in lines[section.start : stamps[0].line])
        if words_before >= tuning.value("prose_min_words"):
            return _by_footers(lines, section, stamps), ()
        return _by_headers(lines, section, stamps, ())
    section_blocks = blocks(lines[section.start : section.end])
    comments = [_comment(n, text) for n, text in enumerate(_text(b) for b in section_blocks) if text]
    return tuple(comments), ()


def blocks(lines: Sequence[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines: the blocks of a text dump."""
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _comment(
    n: int, text: str, *, author: str | None = None, parent: str | None = None, stamp: str | None = None, depth: int = 0
) -> Comment:
    return Comment(id=f"c{n + 1}", author=author, parent_id=parent, depth=depth, text=text, posted_at=stamp)


def _stamp_text(line: str) -> str:
    """The date and time in a stamp or footer line, else the whole line."""
    match = DATE_TIME_PATTERN.search(line)
    return match.group(0).strip() if match else " ".join(line.split())


def _by_headers(
    lines: Sequence[str], section: Section, headers: Sequence[Mark], stamps: Sequence[Mark]
) -> tuple[tuple[Comment, ...], tuple[str, ...]]:
    stamp_at = {m.line: m for m in stamps}
    comments: list[Comment] = []
    leftover: list[str] = []
    open_threads: list[tuple[int, str]] = []
    headers = _with_list_siblings(lines, headers, section.end)
    for n, header in enumerate(headers):
        end = headers[n + 1].line if n + 1 < len(headers) else section.end
        body = list(lines[header.line + (0 if header.keeps_line else 1) : end])
        first_body = next((line for line in body if line.strip()), "")
        if header.indent > 0 and _indent(first_body) > header.indent:
            # a page that indents text under its headers: lines back at the header's level end the comment
            stop = next(
                (i for i, line in enumerate(body) if line.strip() and _indent(line) <= header.indent), len(body)
            )
            leftover += body[stop:]
            body = body[:stop]
        if header.role == "stamp":
            stamp: str | None = _stamp_text(lines[header.line])
        else:
            stamp = next((_stamp_text(lines[i]) for i in range(header.line, end) if i in stamp_at), None)
            if stamp is None and DATE_TIME_PATTERN.search(lines[header.line]):
                stamp = _stamp_text(lines[header.line])  # "Ann on March 3, 2012 at 5:12 pm": the header's own time
        body = [line for i, line in enumerate(body, header.line + 1) if i not in stamp_at]
        author = header.author
        if header.role == "stamp" and author is None:
            author = _author_before(lines, header.line, section.start)
        while open_threads and open_threads[-1][0] >= header.indent:
            open_threads.pop()
        parent = open_threads[-1][1] if open_threads else None
        comment = _comment(n, _text(body), author=author, parent=parent, stamp=stamp, depth=len(open_threads))
        comments.append(comment)
        open_threads.append((header.indent, comment.id))
    return tuple(comments), tuple(leftover)


def _with_list_siblings(lines: Sequence[str], headers: Sequence[Mark], end: int) -> list[Mark]:
    """Headers plus the list items numbered like them that no cue recognised (a long name, no name)."""
    out: list[Mark] = []
    for n, header in enumerate(headers):
        out.append(header)
        stop = headers[n + 1].line if n + 1 < len(headers) else end
        if header.indent == 0 or not _LIST_ITEM.match(lines[header.line]):
            continue
        for i in range(header.line + 1, stop):
            line = lines[i]
            if line.strip() and _indent(line) == header.indent and _LIST_ITEM.match(line):
                rest = _LIST_ITEM.sub("", line).strip()
                name_like = len(rest.split()) <= tuning.value("list_name_max_words") and not rest.endswith(
                    (".", "!", "?")
                )
                out.append(
                    Mark(
                        line=i,
                        role="header",
                        author=_clean_author(rest) if name_like else None,
                        indent=header.indent,
                        pattern=None,
                        keeps_line=not name_like,
                    )
                )
    return out


def _author_before(lines: Sequence[str], line: int, floor: int) -> str | None:
    """A short name line right above a stamp (Blogger-style "NAME" then "DATE")."""
    i = line - 1
    while i >= floor and not lines[i].strip():
        i -= 1
    short = len(lines[i].split()) <= tuning.value("name_max_words") if i >= floor else False
    if short and not _is_interface(lines[i]) and not lines[i].strip().isdigit():
        return _clean_author(lines[i])
    return None


def _by_footers(lines: Sequence[str], section: Section, footers: Sequence[Mark]) -> tuple[Comment, ...]:
    comments = []
    start = section.start
    for n, footer in enumerate(footers):
        stamp = _stamp_text(lines[footer.line])
        comments.append(_comment(n, _text(lines[start : footer.line]), author=footer.author, stamp=stamp))
        start = footer.line + 1
    return tuple(c for c in comments if c.text or c.author)


def _indent(line: str) -> int:
    expanded = line.expandtabs() if "\t" in line else line  # a line without tabs expands to itself
    return len(expanded) - len(expanded.lstrip())
