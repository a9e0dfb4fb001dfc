"""TextBlob's pattern-lexicon sentiment, the same floats without the library's per-call overhead.

``TextBlob(text).sentiment`` builds a blob, then ``PatternAnalyzer.analyze`` defines a new
namedtuple class for every text, and the pattern ``Sentiment`` reaches its lexicon through a
lazy dict (a Python call per lookup) and scans every emoticon for every short non-word
token; its tokenizer looks its regular expressions up by pattern string on every call.
:func:`sentiment` runs the same steps (``find_tokens``, ``Sentiment.assessments``, the
averages) on the library's own lexicon, emoticons, abbreviations and expressions, compiled
once. A library version this was not checked against goes to ``PatternAnalyzer`` itself.
``tests/test_sentiment_paths.py`` checks both give the same floats on every text of ``../shared/eval``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import metadata
from typing import Any

from comments.score.submodules import import_submodules

#: white-space tokens whose pieces are remembered, at most
_PIECES_KEPT = 200_000

#: the textblob release whose pattern sentiment ``sentiment`` follows
CHECKED_VERSION = "0.20.1"


class _Pattern:
    """The library's sentiment lexicon and tokenizer tables, held as plain values."""

    def __init__(self) -> None:
        # textblob's own modules, without the package's __init__ (which imports NLTK): comments/score/submodules.py
        modules = import_submodules("textblob", "_text", "en")
        _text, en = modules["_text"], modules["en"]
        parser, lexicon = en.parser, en.sentiment

        if dict.__len__(lexicon) == 0:  # what the lazy dict does on its first lookup
            lexicon.load()
        self.words: dict[str, Any] = dict(dict.items(lexicon))
        self.labels: dict[str, str] = lexicon.labeler
        self.negations: tuple[str, ...] = tuple(lexicon.negations)
        self.modifiers: tuple[str, ...] = tuple(lexicon.modifiers)
        self.modifier = lexicon.modifier
        # Sentiment.assessments: the first emoticon group (in the table's order) holding the lower-cased token
        self.emoticons: dict[str, float] = {}
        for (_, polarity), group in _text.EMOTICONS.items():
            for emoticon in group:
                self.emoticons.setdefault(emoticon.lower(), polarity)
        # the words assessments does something with when no negation or modifier is pending: those with an
        # untagged lexicon entry, the negations, "!", "(!)" and the emoticons; every other word it passes by
        self.relevant = frozenset(
            (*(w for w, entry in self.words.items() if None in entry), *self.negations, "!", "(!)", *self.emoticons)
        )
        self.mood = _text.MOOD
        self.irony = _text.IRONY
        self.punctuation = _text.PUNCTUATION
        # find_tokens, as Parser.find_tokens calls it
        # replacements are regular expressions; when all are plain strings (as in 0.20.1), str.replace
        # is the same left-to-right, non-overlapping substitution without the regex engine
        replacements = list(_text.replacements.items())
        plain = all(re.escape(a) == a and "\\" not in b for a, b in replacements)
        self.literal_replace = replacements if plain else []
        self.replace = [] if plain else [(re.compile(a), b) for a, b in replacements]
        self.replaced = frozenset(_text.replacements)
        self.lead = tuple(_text.PUNCTUATION.replace(".", ""))
        self.trail = (*self.lead, ".")
        self.abbreviations = _text.ABBREVIATIONS
        self.abbr = (_text.RE_ABBR1.match, _text.RE_ABBR2.match, _text.RE_ABBR3.match)
        self.crlf = re.compile("\r\n")
        self.linebreak = re.compile(r"\n{2,}")
        self.pieces = _Pieces(self._piece)  # white-space token -> its pieces (tokens repeat)
        self.eos = _text.EOS
        self.sarcasm = _text.RE_SARCASM
        self.emoticon_re = _text.RE_EMOTICONS
        self.checked = (
            metadata.version("textblob") == CHECKED_VERSION
            and lexicon.tokenizer == parser.find_tokens
            and type(lexicon).__call__ is _text.Sentiment.__call__
            and _text.TOKEN.pattern == r"(\S+)\s"
        )

    def tokens(self, string: str) -> list[str]:
        """``" ".join(find_tokens(string)).split()``: the words ``Sentiment.__call__`` assesses."""
        return self._tokens(string, lower=False)

    def lowered(self, string: str) -> list[str]:
        """``[w.lower() for w in self.tokens(string)]``: what ``Sentiment.assessments`` reads."""
        return self._tokens(string, lower=True)

    def _tokens(self, string: str, lower: bool) -> list[str]:
        for old, new in self.literal_replace:
            if old in string:
                string = string.replace(old, new)
        for pattern, replacement in self.replace:
            string = pattern.sub(replacement, string)
        string = (
            string.replace("“", " “ ")
            .replace("”", " ” ")
            .replace("‘", " ‘ ")
            .replace("’", " ’ ")
            .replace("'", " ' ")
            .replace('"', ' " ')
        )
        if "\n" in string:
            string = self.crlf.sub("\n", string)
            string = self.linebreak.sub(f" {self.eos} ", string)
        # find_tokens collapses white space to single spaces and takes TOKEN, (\S+)\s, from the text
        # with a space after it: the runs split() gives (both split on str.isspace); each run's pieces,
        # and the pieces lower-cased, are remembered
        pieces = self.pieces
        found = [pieces[t] for t in string.split()]
        tokens = [token for split, _ in found for token in split]
        # _sentences groups the tokens into sentences, drops the EOS marks and rewrites sarcasm marks and
        # emoticons inside each sentence; a sentence is a run of the tokens joined by spaces, so where neither
        # expression is found in all of them joined (and there is no EOS mark) it finds nothing to rewrite
        # either, and gives the tokens back as they are
        if self.eos not in tokens:
            joined = " ".join(tokens)
            if self.sarcasm.search(joined) is None and self.emoticon_re.search(joined) is None:
                return [low for _, lowered in found for low in lowered] if lower else tokens
        tokens = " ".join(self._sentences(tokens)).split()
        return [token.lower() for token in tokens] if lower else tokens

    def _piece(self, t: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """One white-space token of ``find_tokens`` with its leading and trailing punctuation split off,
        and those pieces lower-cased."""
        if not t.startswith(self.lead) and not t.endswith(self.trail):
            return (t,), (t.lower(),)
        lead, trail, replaced, abbreviations = self.lead, self.trail, self.replaced, self.abbreviations
        abbr1, abbr2, abbr3 = self.abbr
        tokens: list[str] = []
        tail: list[str] = []
        while t.startswith(lead) and t not in replaced:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith(trail) and t not in replaced:
            if t.endswith(lead):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if t in abbreviations or abbr1(t) is not None or abbr2(t) is not None or abbr3(t) is not None:
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
        return tuple(tokens), tuple(token.lower() for token in tokens)

    def _sentences(self, tokens: list[str]) -> list[str]:
        """The end of ``find_tokens``: tokens grouped into sentences, sarcasm marks and emoticons rejoined."""
        eos = self.eos
        sentences: list[list[str]] = [[]]
        i, j = 0, 0
        while j < len(tokens):
            if tokens[j] in ("...", ".", "!", "?", eos):
                while j < len(tokens) and tokens[j] in ("'", '"', "”", "’", "...", ".", "!", "?", ")", eos):
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(t for t in tokens[i:j] if t != eos)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        joined = (self.sarcasm.sub("(!)", " ".join(s)) for s in sentences if len(s) > 0)
        return [self.emoticon_re.sub(_rejoin_emoticon, s) for s in joined]

    def assessments(self, words: list[str]) -> list[tuple[float, float]]:
        """``Sentiment.assessments`` of lower-cased words without part-of-speech tags, negation on:
        (polarity, subjectivity) of each assessed chunk."""
        lexicon, negations, modifiers, labels = self.words, self.negations, self.modifiers, self.labels
        a: list[dict[str, Any]] = []
        m: Any = None
        n: Any = None
        relevant = self.relevant
        for w in words:
            if m is None and n is None and w not in relevant:
                continue  # a word the loop below would pass by without a change
            entry = lexicon.get(w)
            if entry is not None and None in entry:
                p, s, i = entry[None]
                if m is None:
                    a.append({"w": [w], "p": p, "s": s, "i": i, "n": 1, "x": labels.get(w)})
                else:
                    last = a[-1]
                    last["w"].append(w)
                    last["p"] = max(-1.0, min(p * last["i"], +1.0))
                    last["s"] = max(-1.0, min(s * last["i"], +1.0))
                    last["i"] = i
                    last["x"] = labels.get(w)
                if n is not None:
                    last = a[-1]
                    last["w"].insert(0, n)
                    last["i"] = 1.0 / last["i"]
                    last["n"] = -1
                m = None
                n = None
                if any(map(entry.__contains__, modifiers)):
                    m = (w, None)
                if w in negations:
                    n = w
            else:
                if w in negations:
                    n = w
                elif n and len(w.strip("'")) > 1:
                    n = None
                if n is not None and m is not None and (None in modifiers or self.modifier(m[0])):
                    a[-1]["w"].append(n)
                    a[-1]["n"] = -1
                    n = None
                elif m and len(w) > 2:
                    m = None
                if w == "!" and len(a) > 0:
                    a[-1]["w"].append("!")
                    a[-1]["p"] = max(-1.0, min(a[-1]["p"] * 1.25, +1.0))
                if w == "(!)":
                    a.append({"w": [w], "p": 0.0, "s": 1.0, "i": 1.0, "n": 1, "x": self.irony})
                if w.isalpha() is False and len(w) <= 5 and w not in self.punctuation:
                    polarity = self.emoticons.get(w)
                    if polarity is not None:
                        a.append({"w": [w], "p": polarity, "s": 1.0, "i": 1.0, "n": 1, "x": self.mood})
        return [(c["p"] * -0.5 if c["n"] < 0 else c["p"], c["s"]) for c in a]


class _Pieces(dict[str, tuple[tuple[str, ...], tuple[str, ...]]]):
    """White-space token -> ``piece(token)``, made on the first lookup; at most ``_PIECES_KEPT`` kept."""

    def __init__(self, piece: Callable[[str], tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        super().__init__()
        self.piece = piece

    def __missing__(self, token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if len(self) >= _PIECES_KEPT:
            self.clear()
        split = self[token] = self.piece(token)
        return split


def _rejoin_emoticon(match: re.Match[str]) -> str:
    return match.group(1).replace(" ", "") + match.group(2)


@cache
def _pattern() -> _Pattern:
    return _Pattern()


@cache
def _library() -> Any:
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


def library_sentiment(text: str) -> tuple[float, float]:
    """``PatternAnalyzer().analyze(text)``, which ``TextBlob(text).sentiment`` calls."""
    polarity, subjectivity = _library().analyze(text)
    return (polarity, subjectivity)


def sentiment(text: str) -> tuple[float, float]:
    """(polarity, subjectivity), exactly as ``TextBlob(text).sentiment`` gives them."""
    pattern = _pattern()
    if not pattern.checked or not isinstance(text, str):
        return library_sentiment(text)
    assessed = pattern.assessments(pattern.lowered(text))
    # Sentiment.__call__'s avg: an unweighted running sum from 0, over the count or 1
    polarity: float = 0
    subjectivity: float = 0
    for p, s in assessed:
        polarity += p
        subjectivity += s
    count = float(len(assessed) or 1)
    return (polarity / count, subjectivity / count)
