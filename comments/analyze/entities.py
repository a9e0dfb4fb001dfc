"""Named people, organisations and places in a page, found by rule from TextBlob's English lexicon.

No English named-entity model installs from the package registries, so the finder reads the part-of-speech
lexicon that ships inside TextBlob (``textblob/en/en-lexicon.txt``, the Brill lexicon of the Pattern
library: 94,000 word forms with their most frequent tag, proper nouns ``NNP``/``NNPS`` among them). The
rules follow from how English writes names:

- each capitalised word is weighed: a **proper noun** is one the lexicon tags ``NNP``/``NNPS`` and
  does not know in lower case (``Kremlin``), a word it knows in neither case (``Putin``, ``Ushakov``)
  or an acronym (``NATO``, ``U.S.``; not one the lexicon tags otherwise, such as ``TV``, nor a common
  word in capitals, such as ``LOAN``, nor one of ``CHAT_ACRONYMS``); a word with a digit or an
  underscore is never a name (``F10``, ``DSC_0016``); an **ambiguous** word is a proper noun that
  is also a common word in lower case (``Trump``, ``Bill``, ``Great``); any other capitalised word
  inside a sentence is a **common** word (``Center``, ``Liberty``), and one opening a sentence is nothing;
- consecutive capitalised words are one name when at least one of them is a proper noun, or an
  ambiguous word inside a sentence (``Mobster Trump``: Trump); a run of common words alone is a title,
  not a name (``Deadly Sins``, ``Fulfillment Center``); an ambiguous word opening a sentence (``Trump
  is…``, ``Great job``) counts only if the same name is confirmed elsewhere on the page, or ends a
  longer name there (``Smith`` after ``Jane Smith``);
- in shouted text (mostly capitals) a word weighs what its title case weighs, but common words never
  join a name and ambiguous ones need confirmation; in a heading or a menu in title case (five words
  or more, three in four capitalised) ambiguous words weigh as common ones;
- ``X of Y`` is one name when ``X`` is a capitalised common noun (``Bank of America``, ``Department
  of Justice``); titles (``President``, ``Mr``, ``Ambassador``) part names (``Russian President
  Vladimir Putin``: Russian, Vladimir Putin; the common words before a title go with it), and leading
  salutations (``Dear``), trailing abbreviated dates (``Trump Jan``) and a possessive ``'s`` are
  dropped; names of days and months alone (``Monday``, ``May``, ``Nov``) are dropped;
- **aliases**: a one-word name that is the last word of exactly one longer name on the page is that
  name (``Trump`` after ``Donald Trump``); nothing else is merged, so ``the Kremlin`` and ``Moscow``,
  or ``Russia`` and ``Russians``, stay apart. Names are compared without case or dots (``U.S.`` = ``US``).

What it finds is every kind of proper name (people, organisations, places, nationalities, works); the
README gives its measured precision.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from comments.errors import ScorerUnavailable

PROPER = frozenset({"NNP", "NNPS"})
#: tags of words that are never part of a name, however they are written
FUNCTION_TAGS = frozenset({"DT", "IN", "PRP", "PRP$", "CC", "TO", "MD", "WDT", "WP", "WP$", "WRB", "EX", "UH", "PDT"})
COMMON_NOUNS = frozenset({"NN", "NNS"})
#: acronyms of chat and common nouns that the lexicon calls proper nouns, or does not know
CHAT_ACRONYMS = frozenset(
    {
        "AFAIK", "AM", "BS", "BTW", "CEO", "DIY", "FAQ", "FYI", "IIRC", "IMHO", "IMO", "LMAO", "LOL", "OK",
        "OMG", "PM", "PS", "ROFL", "SMH", "TBH", "TL", "TLDR", "TV", "WTF",
    }
)  # fmt: skip
#: acronyms that the lexicon tags otherwise (``US`` as the pronoun of headlines) but name a country
COUNTRY_ACRONYMS = frozenset({"US", "USA", "UK", "EU", "UN"})
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "prof", "president", "senator", "sen", "rep", "gov", "governor",
        "secretary", "minister", "prime", "chancellor", "general", "gen", "judge", "justice", "pope", "king",
        "queen", "prince", "princess", "sir", "lord", "lady", "mayor", "chairman", "comrade", "premier",
        "congressman", "congresswoman", "vice", "adviser", "advisor", "ambassador", "spokesman", "spokeswoman",
        "spokesperson",
    }
)  # fmt: skip
CALENDAR = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
#: abbreviated days and months: after a name they are a date ("Trump Jan 5"), where "May" may be a surname
ABBREVIATED = frozenset(word for word in CALENDAR if len(word) <= 5 and word not in {"may", "june", "july"})
#: a word: an acronym with dots (``U.S.``), else a letter and what follows it in the word (``Trump's``,
#: ``AT&T``, ``Jean-Luc``). Written as one letter and then either rest (the acronym's where that letter is a
#: capital), it finds the words that the acronym or the word pattern, tried in turn at every character, finds:
#: the search skips to the next letter at once
_TOKEN = re.compile(r"[^\W\d_](?:(?<=[A-Z])\.(?:[A-Z]\.)+|[\w&]*(?:[-’'][\w&]+)*)")
_GROUP = re.Match.group
#: the clitic of a contraction or possessive: "I'm", "we're", "Trump's", "don't" (with ' or the curly one)
_CLITIC = re.compile(r"(?:[’'](?:s|m|re|ve|ll|d)|n[’']t)$", re.IGNORECASE)
#: where a comment's sentences end: a run of white space after . ! ? … and before a capital, digit or quote, or
#: one with a line break in it. A match is always a whole run, from its start (never from inside it, so none is
#: scanned again from each of its characters). It begins with the run's first white space character and reads
#: back from it (``tests/test_entities_equivalence.py``: the matches of the pattern that begins with the
#: lookbehinds), so that the search skips to the next white space at once
_COMMENT_SENTENCE = re.compile(r"\s(?:(?<=[.!?…]\s)\s*(?=[\"“‘'(\[A-Z0-9])|(?<!\s\s)(?:(?<=\n)\s*|\s*\n\s*))")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Sen|Rep|Gov|vs|etc|e\.g|i\.e)|\b[A-Z])\.$")
#: what ``_ABBREVIATION`` needs of a text's end: its longest match (``Prof.``) and the character before it
_ABBREVIATION_TAIL = 6


@cache
def _lexicon() -> dict[str, str]:
    """TextBlob's English lexicon: word form → its most frequent part-of-speech tag."""
    spec = importlib.util.find_spec("textblob")  # found, not imported: importing TextBlob imports NLTK
    if spec is None or not spec.submodule_search_locations:
        raise ScorerUnavailable("the named-entity finder needs TextBlob's lexicon: pip install textblob")
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-lexicon.txt"
    text = path.read_text(encoding="utf-8")
    pairs = (line.split() for line in text.splitlines() if line and not line.startswith(";;;"))
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


@lru_cache(maxsize=65_536)
def key(name: str) -> str:
    """How names are compared: without case, dots or curly apostrophes (remembered: the same names come back
    on every page, and entities are sorted by it)."""
    return " ".join(name.replace(".", "").replace("’", "'").casefold().split())


def comment_sentences(text: str) -> tuple[str, ...]:
    """A comment's sentences: cut at line breaks and at . ! ? … before a capital (a plain pattern:
    comments are short, and pysbd would cost more than all the scoring)."""
    sentences: list[list[str]] = []  # the pieces of each sentence, joined at the end: no string grows piece by piece
    tail = ""  # the end of the last sentence so far, all that ``_ABBREVIATION`` reads of it
    start, glue = 0, False
    for cut in (*_COMMENT_SENTENCE.finditer(text), None):
        piece = text[start : cut.start() if cut else len(text)].strip()
        if piece:
            if glue and sentences:
                sentences[-1].append(piece)
                tail = f"{tail} {piece}"[-_ABBREVIATION_TAIL:]
            else:
                sentences.append([piece])
                tail = piece[-_ABBREVIATION_TAIL:]
        if cut is None:
            break
        # "Mr. Putin", "U.S. policy": a full stop after an abbreviation or an initial ends no sentence
        glue = "\n" not in cut.group(0) and bool(sentences) and bool(_ABBREVIATION.search(tail))
        start = cut.end()
    return tuple(" ".join(pieces) for pieces in sentences)


@dataclass(frozen=True, slots=True)
class _Name:
    surface: str
    confirmed: bool
    """False for a name whose only evidence is a sentence's first word that is also a common word."""
    joined: bool = False
    """Whether ``of`` joins it (such names never take a one-word alias)."""


#: how strongly a word says "name": not at all, a capitalised common word, a proper noun that is also a
#: common word in lower case (Trump, Bill, Great), a proper noun or unknown word or acronym
NO, COMMON, AMBIGUOUS, NAME = range(4)
#: words that open a name without being part of it
OPENERS = TITLES | {"dear", "hi", "hello", "hey", "thanks", "congrats", "congratulations"}


#: the ASCII capitals and small letters: in ASCII text these are every letter and every capital
_ASCII_UPPER, _ASCII_LOWER = bytes(range(ord("A"), ord("Z") + 1)), bytes(range(ord("a"), ord("z") + 1))


def _shouted(text: str) -> bool:
    """Mostly capitals: eight letters or more, three in five of them capitals."""
    if len(text) < 8:
        return False  # fewer than eight characters hold fewer than eight letters
    if text.isascii():  # the letters of ASCII text are a-z and A-Z: counted by deleting them, in C
        raw = text.encode("ascii")
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        n_letters = upper + len(raw) - len(raw.translate(None, _ASCII_LOWER))
        return n_letters >= 8 and upper >= 0.6 * n_letters
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.6 * len(letters)


#: the kinds of words each process remembers: the same words come back on every page
_KINDS_KEPT = 65_536


@lru_cache(maxsize=_KINDS_KEPT)
def _word_kind(word: str, initial: bool, shouted: bool) -> int:
    """How strongly one word says "name" (see the module doc), remembered: a word's kind depends only on
    the word, its place and the lexicon."""
    lexicon = _lexicon()
    word = _CLITIC.sub("", word) or word
    if not word[0].isupper() or word == "I" or any(ch.isdigit() or ch == "_" for ch in word):
        return NO  # a code, a file name or a product number is not a name
    if "." in word:  # U.S., E.U.
        return NAME
    if word.isupper() and len(word) > 1:
        if word in CHAT_ACRONYMS:
            return NO
        if shouted:  # TRUMP in shouted text is what Trump is, but a common word never joins a name there
            kind = _word_kind(word.title(), initial, False)
            return NO if kind == COMMON else kind
        if word in COUNTRY_ACRONYMS:
            return NAME
        lower = lexicon.get(word.lower())
        if lower is not None and lower not in PROPER:
            return NO  # BUTTON, LOAN: a common word in capitals, not an acronym
        return NAME if lexicon.get(word) in PROPER | {None} else NO
    if shouted and word.isupper():
        return NO
    if "-" in word:
        return NAME if lexicon.get(word) in PROPER else NO
    tag, lower = lexicon.get(word), lexicon.get(word.lower())
    if tag in PROPER:
        return AMBIGUOUS if lower is not None and lower not in PROPER else NAME
    if tag is None and lower is None:
        return NAME  # a word the lexicon does not know, capitalised: Putin, Ushakov
    if initial or (tag or lower) in FUNCTION_TAGS:
        return NO
    return COMMON


class _Kinds(dict[str, int]):
    """``_word_kind`` of every word read so far in one place (a sentence's first word or not) and one kind of
    text (shouted or not), a word not capitalised included (NO: ``_word_kind``'s first rule): most words are
    looked up in C, and only a word not seen before calls ``_word_kind``. Emptied when it grows past
    ``_KINDS_KEPT``."""

    def __init__(self, initial: bool, shouted: bool) -> None:
        super().__init__()
        self.initial, self.shouted = initial, shouted

    def __missing__(self, word: str) -> int:
        kind = _word_kind(word, self.initial, self.shouted) if word[0].isupper() else NO
        if len(self) >= _KINDS_KEPT:
            self.clear()
        self[word] = kind
        return kind


#: by (the sentence's first word, shouted text)
_KINDS = {(initial, shouted): _Kinds(initial, shouted) for initial in (False, True) for shouted in (False, True)}


def _kinds(words: list[str], shouted: bool) -> list[int]:
    """``_word_kind`` of each word of a sentence (NO for one not capitalised)."""
    kinds = list(map(_KINDS[(False, shouted)].__getitem__, words))
    kinds[0] = _KINDS[(True, shouted)][words[0]]
    return kinds


def _unclitic(word: str) -> str:
    """``word`` without the clitic of a contraction or possessive (``_CLITIC``), unless that is all it is."""
    return _CLITIC.sub("", word) or word if "'" in word or "’" in word else word


def names_in(sentence: str) -> list[_Name]:
    """The names written in one sentence, in order."""
    if sentence.islower():
        return []  # no capital (islower: no character in upper or title case): every name has a capitalised word
    tokens = list(_TOKEN.finditer(sentence))
    if not tokens:
        return []
    words = list(map(_GROUP, tokens))
    shouted = _shouted(sentence)
    # a word not capitalised is never a name (``_word_kind``'s first rule): most words are settled here
    kinds = _kinds(words, shouted)
    candidates = [i for i, kind in enumerate(kinds) if kind]
    if not candidates:
        return []
    # a heading or a menu in title case: there only proper nouns the lexicon is sure of make a name (it
    # changes only how ambiguous words weigh: without one, the capitals are not counted)
    headline = (
        not shouted
        and len(words) >= 5
        and AMBIGUOUS in kinds
        and sum(1 for word in words if word[0].isupper()) >= 0.75 * len(words)
    )
    names: list[_Name] = []
    run: list[tuple[str, int, bool]] = []  # (word, kind, the sentence's first word)
    joined = False

    def emit(part: list[tuple[str, int, bool]], *, before_title: bool) -> None:
        first, end = 0, len(part)  # the words kept: part[first:end] (trimmed by index, never copied word by word)
        while end - first > 1 and part[first][0].casefold().rstrip(".") in OPENERS:
            first += 1
        # "Donald Trump National Security [Adviser]": the common words of a title go with the title;
        # "Trump Jan": a date after a name is not part of it
        while end > first and (
            (before_title and part[end - 1][1] == COMMON)
            or (end - first > 1 and part[end - 1][0].casefold() in ABBREVIATED)
        ):
            end -= 1
        part = part[first:end]
        parts = [_unclitic(w) for w, _, _ in part]
        weights = [COMMON if headline and kind == AMBIGUOUS else kind for _, kind, _ in part]
        strongest = max(weights, default=NO)
        title_only = len(parts) == 1 and parts[0].casefold().rstrip(".") in OPENERS
        calendar = all(p.casefold() in CALENDAR for p in parts)
        if parts and strongest >= AMBIGUOUS and not title_only and not calendar and len(parts[-1].replace(".", "")) > 1:
            # a proper noun that is also a common word settles it only inside a sentence ("Mobster Trump")
            confirmed = strongest == NAME or any(
                k == AMBIGUOUS and not first and not shouted for k, (_, _, first) in zip(weights, part, strict=True)
            )
            names.append(_Name(" ".join(parts), confirmed, joined))

    def close() -> None:
        """A run of capitalised words is one name, or several where a title stands between them
        ("Russian President Vladimir Putin": Russian, Vladimir Putin)."""
        nonlocal run, joined
        part: list[tuple[str, int, bool]] = []
        for item in run:
            if item[0].casefold().rstrip(".") not in TITLES:
                part.append(item)
            elif part:
                emit(part, before_title=True)
                part = []
        emit(part, before_title=False)
        run, joined = [], False

    def gap(before: int, after: int) -> bool:
        """Whether punctuation (anything but white space) stands between two tokens: it ends a name."""
        return bool(sentence[tokens[before].end() : tokens[after].start()].strip())

    # only the words that may be names are visited: a run of them ends at the first other word, or
    # goes on across "of" ("Bank of America"); ``last`` is the index of the run's last word
    last = -1
    for i in candidates:
        if run:
            between = last + 1
            if i == between:
                if gap(last, i):
                    close()
            else:  # the word after the run is no name: it ends the run, unless it is "of" before a name
                if (
                    i == between + 1
                    and words[between] == "of"
                    and not gap(last, between)
                    and not gap(between, i)
                    and _lexicon().get(run[-1][0].lower()) in COMMON_NOUNS
                    and kinds[i] >= AMBIGUOUS
                ):
                    run += [("of", COMMON, False), (words[i], kinds[i], False)]
                    joined = True
                    last = i
                    continue
                close()
        run.append((words[i], kinds[i], i == 0))
        last = i
    if run:
        close()
    return names


@dataclass(slots=True)
class Mentions:
    """The names of a page and where each is mentioned, after aliases are merged."""

    article: dict[str, list[int]] = field(default_factory=dict)
    """entity → the index of the article sentence of each mention"""
    comments: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """entity → (comment index, sentence index) of each mention"""

    def order(self) -> list[str]:
        """Entities by mentions, most first, then by name."""
        total = Counter({name: len(spots) for name, spots in self.article.items()})
        total.update({name: len(spots) for name, spots in self.comments.items()})
        return sorted(total, key=lambda name: (-total[name], key(name), name))


def page_mentions(
    article_sentences: Sequence[str], comment_sentences: Sequence[Sequence[str]], *, exclude: Iterable[str] = ()
) -> Mentions:
    """Every mention of a name on the page: in the article's sentences and in each comment's sentences
    (its own words). Names in ``exclude`` (the page's commenters) are left out."""
    found: list[tuple[int, int, _Name, str]] = []  # (comment index or -1, sentence, name, its key)
    keys: dict[str, str] = {}  # each surface's key, worked out once a page

    def read(c: int, s: int, sentence: str) -> None:
        for name in names_in(sentence):
            name_key = keys.get(name.surface)
            if name_key is None:
                name_key = keys[name.surface] = key(name.surface)
            found.append((c, s, name, name_key))

    for s, sentence in enumerate(article_sentences):
        read(-1, s, sentence)
    for c, sentences in enumerate(comment_sentences):
        for s, sentence in enumerate(sentences):
            read(c, s, sentence)
    evidence = {name_key for _, _, name, name_key in found if name.confirmed}
    evidence |= {k.split()[-1] for k in evidence if " " in k}  # "Smith" opening a sentence, after "Jane Smith"
    skipped = {key(name) for name in exclude if name}
    kept = [entry for entry in found if entry[3] in evidence and entry[3] not in skipped]

    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, name, name_key in kept:
        surfaces[name_key][name.surface] += 1
    joined = {name_key for _, _, name, name_key in kept if name.joined}
    longer: dict[str, set[str]] = defaultdict(set)
    for name_key in surfaces:
        words = name_key.split()
        if len(words) > 1 and name_key not in joined:
            longer[words[-1]].add(name_key)
    alias = {name_key: next(iter(longer[name_key])) for name_key in surfaces if len(longer.get(name_key, ())) == 1}

    def display(name_key: str) -> str:
        """The surface written most often (not in capitals, before one in capitals), the first on a tie."""
        counts = surfaces[name_key]
        first = {surface: i for i, surface in enumerate(counts)}
        return max(counts, key=lambda surface: (counts[surface], not surface.isupper(), -first[surface]))

    shown = {name_key: display(alias.get(name_key, name_key)) for name_key in surfaces}
    mentions = Mentions()
    for c, s, _, name_key in kept:
        entity = shown[name_key]
        if c < 0:
            mentions.article.setdefault(entity, []).append(s)
        else:
            mentions.comments.setdefault(entity, []).append((c, s))
    return mentions
