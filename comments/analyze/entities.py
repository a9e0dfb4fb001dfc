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
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w&]*(?:[-’'][\w&]+)*")
#: the clitic of a contraction or possessive: "I'm", "we're", "Trump's", "don't" (with ' or the curly one)
_CLITIC = re.compile(r"(?:[’'](?:s|m|re|ve|ll|d)|n[’']t)$", re.IGNORECASE)
#: where a comment's sentences end: after . ! ? … and space before a capital, digit or quote, or a line break
#: (white space with a line break in it, from its start: a match never starts inside a run of white space, so
#: none is scanned again from each of its characters)
_COMMENT_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘'(\[A-Z0-9])|(?<!\s)\s*\n\s*")
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


def key(name: str) -> str:
    """How names are compared: without case, dots or curly apostrophes."""
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


def _shouted(text: str) -> bool:
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


def names_in(sentence: str) -> list[_Name]:
    """The names written in one sentence, in order."""
    tokens = list(_TOKEN.finditer(sentence))
    words = [token.group(0) for token in tokens]
    capitalised = [word[0].isupper() for word in words]
    if not any(capitalised):
        return []  # every name has a capitalised word
    shouted = _shouted(sentence)
    # a word not capitalised is never a name (``_word_kind``'s first rule): most words are settled here
    kinds = [
        _word_kind(word, i == 0, shouted) if up else NO
        for i, (word, up) in enumerate(zip(words, capitalised, strict=True))
    ]
    if not any(kinds):
        return []
    # a heading or a menu in title case: there only proper nouns the lexicon is sure of make a name
    headline = not shouted and len(words) >= 5 and sum(capitalised) >= 0.75 * len(words)
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
        parts = [_CLITIC.sub("", w) or w for w, _, _ in part]
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
            if item[0].casefold().rstrip(".") in TITLES and part:
                emit(part, before_title=True)
                part = []
            elif item[0].casefold().rstrip(".") not in TITLES:
                part.append(item)
        emit(part, before_title=False)
        run, joined = [], False

    previous_end = 0
    skip_to = -1
    for i, (token, word, kind) in enumerate(zip(tokens, words, kinds, strict=True)):
        if i <= skip_to or not (run or kind):
            continue  # a word that is no name, with no name before it to end
        if run and sentence[previous_end : token.start()].strip():  # punctuation between words ends a name
            close()
        if kind == NO:
            if (
                run
                and word == "of"
                and i + 1 < len(tokens)
                and not sentence[token.end() : tokens[i + 1].start()].strip()
                and _lexicon().get(run[-1][0].lower()) in COMMON_NOUNS
                and kinds[i + 1] >= AMBIGUOUS
            ):
                run += [(word, COMMON, False), (words[i + 1], kinds[i + 1], False)]
                joined = True
                skip_to = i + 1
                previous_end = tokens[i + 1].end()
                continue
            if run:
                close()
        else:
            run.append((word, kind, i == 0))
        previous_end = token.end()
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
