"""pysbd's English segmenter: the same sentences in about a third of the time.

pysbd hands about a hundred pattern strings to ``re`` for every text, most of which cannot
match it (a rule for ``☉``, for numbered lists, for ``P.M.``), and builds a new pattern for
every abbreviation it finds and every sentence it returns, so that Python's cache of 512
compiled patterns keeps dropping pysbd's fixed rules, which are then compiled again. Here
every step is pysbd's own, in pysbd's order, on pysbd's rules (``pysbd.lang.english``, read
from the installed package), with three changes that cannot change a result:

- every pattern goes through ``comments.score.patterns``: compiled once and kept, and not
  run on a text that lacks what each of its matches needs;
- in ASCII text an abbreviation of letters is found with ``str.find`` where a word starts
  (pysbd: a case-insensitive pattern per abbreviation);
- a sentence's span is found with ``str.find`` (pysbd: a pattern of the escaped sentence).

A pysbd release other than the one checked uses ``pysbd.Segmenter`` itself.
``tests/test_segmenter.py`` compares the two on the texts of ``../shared/eval`` (all 129,937
pieces with ``pytest --all-eval``: the same sentences on every one) and on generated ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from importlib import metadata
from typing import Any

import pysbd
from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.punctuation_replacer import EscapeRegexReservedCharacters, SubEscapedRegexReservedCharacters
from pysbd.utils import TextSpan

from comments.score import patterns as rx

#: the pysbd release whose steps this follows
CHECKED_VERSION = "0.3.4"


def replace_punctuation(match: re.Match[str], match_type: str | None = None) -> str:
    """``pysbd.punctuation_replacer.replace_punctuation``: the sentence marks of a quoted or bracketed
    part made placeholders. pysbd escapes ``()[]-`` with a backslash first and takes every backslash
    before one of them away last; in a part without a backslash the two cancel, and what is left is
    plain replacement of single characters (by characters none of the later ones replace)."""
    text = match.group()
    if "\\" not in text:
        for _, mark, placeholder in _PUNCTUATION_MARKS:
            text = text.replace(mark, placeholder)
        return text if match_type == "single" else text.replace("'", "&⎋&")
    text = rx.apply(text, *EscapeRegexReservedCharacters.All)
    for pattern, _, placeholder in _PUNCTUATION_MARKS:
        text = rx.sub(pattern, placeholder, text)
    if match_type != "single":
        text = rx.sub(r"'", "&⎋&", text)
    return rx.apply(text, *SubEscapedRegexReservedCharacters.All)


#: pysbd's replace_punctuation, in its order: (pattern, the one character it matches, placeholder)
_PUNCTUATION_MARKS = (
    (r"\.", ".", "∯"),
    (r"\。", "。", "&ᓰ&"),
    (r"\．", "．", "&ᓱ&"),
    (r"\！", "！", "&ᓳ&"),
    (r"\!", "!", "&ᓴ&"),
    (r"\?", "?", "&ᓷ&"),
    (r"\？", "？", "&ᓸ&"),
)


class _ListItems(ListItemReplacer):
    """pysbd's ListItemReplacer; its searches go through the kept patterns."""

    text: str

    def replace_parens(self) -> str:
        return rx.sub(self.ROMAN_NUMERALS_IN_PARENTHESES, r"&✂&\1&⌬&", self.text)

    def format_numbered_list_with_parens(self) -> None:
        self.replace_parens_in_numbered_list()
        self.add_line_breaks_for_numbered_list_with_parens()
        self.text = rx.apply(self.text, self.ListMarkerRule)

    def format_numbered_list_with_periods(self) -> None:
        self.replace_periods_in_numbered_list()
        self.add_line_breaks_for_numbered_list_with_periods()
        self.text = rx.apply(self.text, self.SubstituteListPeriodRule)

    def scan_lists(self, regex1: str, regex2: str, replacement: str, strip: bool = False) -> None:
        list_array = list(map(int, rx.findall(regex1, self.text)))
        for ind, item in enumerate(list_array):
            if (ind < len(list_array) - 1 and item + 1 == list_array[ind + 1]) or (
                ind > 0
                and (
                    ((item - 1) == list_array[ind - 1])
                    or ((item == 0) and (list_array[ind - 1] == 9))
                    or ((item == 9) and (list_array[ind - 1] == 0))
                )
            ):
                self.substitute_found_list_items(regex2, item, strip, replacement)

    def substitute_found_list_items(self, regex: str, each: int, strip: bool, replacement: str) -> None:
        def replace_item(match: re.Match[str]) -> str:
            found = match.group()
            if strip:
                found = str(found).strip()
            chomped = found if len(found) == 1 else found.strip(".])")
            return f"{each}{replacement}" if str(each) == chomped else str(found)

        self.text = rx.sub(regex, replace_item, self.text)

    def add_line_breaks_for_numbered_list_with_periods(self) -> None:
        if (
            ("♨" in self.text)
            and (not rx.search("♨.+(\n|\r).+♨", self.text))
            and (not rx.search(r"for\s\d{1,2}♨\s[a-z]", self.text))
        ):
            self.text = rx.apply(self.text, self.SpaceBetweenListItemsFirstRule, self.SpaceBetweenListItemsSecondRule)

    def add_line_breaks_for_numbered_list_with_parens(self) -> None:
        if "☝" in self.text and not rx.search("☝.+\n.+☝|☝.+\r.+☝", self.text):
            self.text = rx.apply(self.text, self.SpaceBetweenListItemsThirdRule)

    def replace_alphabet_list(self, a: str) -> str:
        def replace_letter_period(match: re.Match[str]) -> str:
            found = match.group()
            without = found.strip(".")
            return f"\r{without}∯" if without == a else found

        return rx.sub(self.ALPHABETICAL_LIST_LETTERS_AND_PERIODS_REGEX, replace_letter_period, self.text, re.IGNORECASE)

    def replace_alphabet_list_parens(self, a: str) -> str:
        def replace_alphabet_paren(match: re.Match[str]) -> str:
            found = match.group()
            if "(" in found:
                without = found.strip("(")
                return f"\r&✂&{without}" if without == a else found
            return f"\r{found}" if found == a else found

        return rx.sub(self.EXTRACT_ALPHABETICAL_LIST_LETTERS_REGEX, replace_alphabet_paren, self.text, re.IGNORECASE)

    def iterate_alphabet_array(self, regex: str, parens: bool = False, roman_numeral: bool = False) -> str:
        alphabet = self.ROMAN_NUMERALS if roman_numeral else self.LATIN_NUMERALS
        list_array = [i for i in rx.findall(regex, self.text) if i in alphabet]
        for ind, each in enumerate(list_array):
            if ind == len(list_array) - 1:
                self.text = self.last_array_item_replacement(each, ind, alphabet, list_array, parens)
            else:
                self.text = self.other_items_replacement(each, ind, alphabet, list_array, parens)
        return str(self.text)


class _BetweenPunctuation(BetweenPunctuation):
    """pysbd's BetweenPunctuation; its substitutions go through the kept patterns."""

    def sub_punctuation_between_parens(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_PARENS_REGEX_2, replace_punctuation, txt)

    def sub_punctuation_between_square_brackets(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_SQUARE_BRACKETS_REGEX_2, replace_punctuation, txt)

    def sub_punctuation_between_single_quotes(self, txt: str) -> str:
        if rx.search(self.WORD_WITH_LEADING_APOSTROPHE, txt) and (not rx.search(r"'\s", txt)):
            return txt
        return rx.sub(self.BETWEEN_SINGLE_QUOTES_REGEX, partial(replace_punctuation, match_type="single"), txt)

    def sub_punctuation_between_single_quote_slanted(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX, replace_punctuation, txt)

    def sub_punctuation_between_double_quotes(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_DOUBLE_QUOTES_REGEX_2, replace_punctuation, txt)

    def sub_punctuation_between_quotes_arrow(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_QUOTE_ARROW_REGEX_2, replace_punctuation, txt)

    def sub_punctuation_between_em_dashes(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_EM_DASHES_REGEX_2, replace_punctuation, txt)

    def sub_punctuation_between_quotes_slanted(self, txt: str) -> str:
        return rx.sub(self.BETWEEN_QUOTE_SLANTED_REGEX_2, replace_punctuation, txt)


class _AbbreviationReplacer(English.AbbreviationReplacer):
    """pysbd's English AbbreviationReplacer; its searches go through the kept patterns."""

    text: str

    def replace(self) -> str:
        lang = self.lang
        self.text = rx.apply(
            self.text,
            lang.PossessiveAbbreviationRule,
            lang.KommanditgesellschaftRule,
            *lang.SingleLetterAbbreviationRules.All,
        )
        self.text = "".join(self.search_for_abbreviations_in_string(line) for line in self.text.splitlines(True))
        self.replace_multi_period_abbreviations()
        self.text = rx.apply(self.text, *lang.AmPmRules.All)
        self.text = self.replace_abbreviation_as_sentence_boundary()
        return str(self.text)

    def replace_abbreviation_as_sentence_boundary(self) -> str:
        sent_starters = "|".join(rf"(?=\s{word}\s)" for word in self.SENTENCE_STARTERS)
        regex = rf"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({sent_starters})"
        return rx.sub(regex, "\\1.", self.text)

    def replace_multi_period_abbreviations(self) -> None:
        def mpa_replace(match: re.Match[str]) -> str:
            return rx.sub(re.escape(r"."), "∯", match.group())

        self.text = rx.sub(self.lang.MULTI_PERIOD_ABBREVIATION_REGEX, mpa_replace, self.text, re.IGNORECASE)

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        folded = text.translate(_FOLD)  # letters and white space as re's IGNORECASE sees them, in place
        index = _index(tuple(self.lang.Abbreviation.ABBREVIATIONS))
        present = index.starting_words(folded)
        for stripped, letters in index.abbreviations:
            if letters:  # found with str.find where a word starts; pysbd first asks lower() too
                if stripped not in present or stripped not in lowered:
                    continue
                abbrev_match = _word_starts(text, folded, stripped)
            elif stripped not in lowered:
                continue
            else:
                abbrev_match = rx.findall(rf"(?:^|\s|\r|\n){stripped}", text, re.IGNORECASE)
            if not abbrev_match:
                continue
            # pysbd looks behind for "{abbr} " with the braces, which a text seldom holds
            char_array = rx.findall(r"(?<={" + str(re.escape(stripped)) + "} ).{1}", text) if "{" in text else []
            if not char_array:
                # Every match then takes the same branch, which replaces every period its pattern
                # (made from the match's letters) finds; periods only ever become ∯, which none of
                # the patterns reads, so a second match with the same letters finds nothing new.
                abbrev_match = _first_of_each(abbrev_match)
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text

    def scan_for_replacements(self, txt: str, am: str, ind: int, char_array: list[str]) -> str:
        abbr = am.strip()
        if abbr + "." not in txt:  # each pattern below reads these letters, then a period
            return txt
        char = char_array[ind] if ind < len(char_array) else ""
        prepositive = self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS
        number_abbr = self.lang.Abbreviation.NUMBER_ABBREVIATIONS
        if not str(char).isupper() or abbr.lower() in prepositive:
            if abbr.lower() in prepositive:
                txt = _period_after(rf"(?<=\s{abbr})\.(?=(\s|:\d+))", txt)
            elif abbr.lower() in number_abbr:
                txt = _period_after(rf"(?<=\s{abbr})\.(?=(\s\d|\s+\())", txt)
            else:
                txt = self.replace_period_of_abbr(txt, am)
        return txt

    def replace_period_of_abbr(self, txt: str, abbr: str) -> str:
        literal = re.escape(abbr.strip())
        pattern = rf"(?<=\s{literal})\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
        return _period_after(pattern, txt)


def _first_of_each(matches: list[str]) -> list[str]:
    """The first match of each stripped form, in order."""
    seen: set[str] = set()
    first = []
    for match in matches:
        if match.strip() not in seen:
            seen.add(match.strip())
            first.append(match)
    return first


def _period_after(pattern: str, txt: str) -> str:
    """pysbd's replace_*_abbr: the periods ``pattern`` finds become ∯, on the text with a space in front."""
    return rx.sub(pattern, "∯", " " + txt)[1:]


def _word_starts(text: str, folded: str, abbr: str) -> list[str]:
    r"""``re.findall(r"(?:^|\s|\r|\n)" + abbr, text, re.IGNORECASE)`` for ``abbr`` of ASCII letters:
    where ``folded`` (the text through ``_FOLD``) has the abbreviation at the start or after a space,
    the text there, with the white space before it. Two such matches cannot overlap."""
    found = [text[: len(abbr)]] if folded.startswith(abbr) else []
    at = folded.find(" " + abbr)
    while at >= 0:
        found.append(text[at : at + 1 + len(abbr)])
        at = folded.find(" " + abbr, at + 1 + len(abbr))
    return found


#: str.isspace (re's \s) in Python 3.11: tests/test_segmenter.py checks every code point
UNICODE_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
#: the characters besides A-Z that re's IGNORECASE matches to an ASCII letter (checked the same way)
IGNORECASE_LETTERS = {
    "\u0130": "i",
    "\u0131": "i",
    "\u017f": "s",
    "\u212a": "k",
}  # capital I with dot, dotless i, long s, Kelvin sign
#: every character that IGNORECASE matches to an ASCII letter made that letter, every space a space
_FOLD = str.maketrans(
    {**{c: " " for c in UNICODE_SPACES}, **{c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}, **IGNORECASE_LETTERS}
)


@dataclass(frozen=True, slots=True)
class _Index:
    """pysbd's abbreviations, stripped, each marked when made of ASCII letters only; and those
    letter abbreviations by their first letter (one letter) or first two."""

    abbreviations: tuple[tuple[str, bool], ...]
    singles: frozenset[str]
    by_two: dict[str, tuple[str, ...]]

    def starting_words(self, folded: str) -> set[str]:
        """The letter abbreviations some word of ``folded`` starts with."""
        found = set()
        for word in set(folded.split(" ")):
            if word:
                if word[0] in self.singles:
                    found.add(word[0])
                for abbr in self.by_two.get(word[:2], ()):
                    if word.startswith(abbr):
                        found.add(abbr)
        return found


@cache
def _index(abbreviations: tuple[str, ...]) -> _Index:
    stripped = [a.strip() for a in abbreviations]
    letters = [a for a in stripped if a.isascii() and a.isalpha() and a == a.lower()]
    by_two: dict[str, list[str]] = {}
    for abbr in letters:
        if len(abbr) > 1:
            by_two.setdefault(abbr[:2], []).append(abbr)
    return _Index(
        abbreviations=tuple((a, a in letters) for a in stripped),
        singles=frozenset(a for a in letters if len(a) == 1),
        by_two={two: tuple(group) for two, group in by_two.items()},
    )


class _Processor(Processor):
    """pysbd's Processor, step for step; its searches go through the kept patterns."""

    text: str

    def process(self) -> Any:
        if not self.text:
            return self.text
        lang = self.lang
        self.text = _ListItems(self.text.replace("\n", "\r")).add_line_break()
        self.text = lang.AbbreviationReplacer(self.text, lang).replace()
        self.text = rx.apply(self.text, *lang.Numbers.All)
        self.text = rx.sub(lang.CONTINUOUS_PUNCTUATION_REGEX, _continuous_punctuation, self.text)
        self.text = rx.sub(lang.NUMBERED_REFERENCE_REGEX, r"∯\2\r\7", self.text)
        rules = (lang.Abbreviation.WithMultiplePeriodsAndEmailRule, lang.GeoLocationRule, lang.FileFormatRule)
        self.text = rx.apply(self.text, *rules)
        return self.split_into_segments()

    def split_into_segments(self) -> list[str]:
        lang = self.lang
        self.text = rx.sub(lang.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, _parens_between_quotes, self.text)
        sents = self.rm_none_flatten(self.text.split("\r"))
        sents = [rx.apply(s, lang.SingleNewLineRule, *lang.EllipsisRules.All) for s in sents]
        sents = self.rm_none_flatten([self.check_for_punctuation(s) for s in sents])
        out: list[str] = []
        for sent in sents:
            processed = self.post_process_segments(rx.apply(sent, *lang.SubSymbolsRules.All))
            if processed and isinstance(processed, str):
                out.append(processed)
            elif isinstance(processed, list):
                out.extend(processed)
        return [rx.apply(s, lang.SubSingleQuoteRule) for s in out]

    def post_process_segments(self, txt: str) -> str | list[str]:
        if len(txt) > 2 and rx.search(r"\A[a-zA-Z]*\Z", txt):
            return txt
        txt = rx.apply(txt, *self.lang.ReinsertEllipsisRules.All)
        if rx.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
            return rx.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        return txt.replace("\n", "").strip()

    def process_text(self, txt: str) -> list[str]:
        lang = self.lang
        if txt[-1] not in lang.Punctuations:
            txt += "ȸ"
        txt = rx.sub(ExclamationWords.EXCLAMATION_REGEX, replace_punctuation, txt)
        txt = self.between_punctuation(txt)
        if not rx.match(lang.DoublePunctuationRules.DoublePunctuation, txt):
            txt = rx.apply(txt, *lang.DoublePunctuationRules.All)
        txt = rx.apply(txt, lang.QuestionMarkInQuotationRule, *lang.ExclamationPointRules.All)
        txt = _ListItems(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def between_punctuation(self, txt: str) -> str:
        if hasattr(self.lang, "BetweenPunctuation"):
            return str(self.lang.BetweenPunctuation(txt).replace())
        return str(_BetweenPunctuation(txt).replace())

    def sentence_boundary_punctuation(self, txt: str) -> list[str]:
        if hasattr(self.lang, "ReplaceColonBetweenNumbersRule"):
            txt = rx.apply(txt, self.lang.ReplaceColonBetweenNumbersRule)
        if hasattr(self.lang, "ReplaceNonSentenceBoundaryCommaRule"):
            txt = rx.apply(txt, self.lang.ReplaceNonSentenceBoundaryCommaRule)
        txt = rx.sub(r"&ᓴ&$", "!", txt)
        return [m.group() for m in rx.finditer(self.lang.SENTENCE_BOUNDARY_REGEX, txt)]


def _continuous_punctuation(match: re.Match[str]) -> str:
    return rx.sub(re.escape("?"), "&ᓷ&", rx.sub(re.escape("!"), "&ᓴ&", match.group()))


def _parens_between_quotes(match: re.Match[str]) -> str:
    return rx.sub(r"(?<=\))\s", "\r", rx.sub(r"\s(?=\()", "\r", match.group()))


class _English(English):
    AbbreviationReplacer = _AbbreviationReplacer
    Processor = _Processor


class Segmenter(pysbd.Segmenter):
    """``pysbd.Segmenter(language="en", clean=False)``: the same sentences, faster."""

    def __init__(self) -> None:
        super().__init__(language="en", clean=False)
        self.language_module = _English

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        """pysbd's: each sentence with the white space after it, the first occurrence that ends past
        the last one (pysbd: ``re.finditer(re.escape(sent) + r"\\s*", text)``; ``\\s`` is isspace)."""
        text = self.original_text
        spans = []
        prior_end = 0
        for sent in sentences:
            if not sent:  # the pattern is then \s* alone, whose empty matches step differently: re's own way
                for found in rx.kept(r"\s*")[0].finditer(text):
                    if found.end() > prior_end:
                        spans.append(TextSpan(found.group(), *found.span()))
                        prior_end = found.end()
                        break
                continue
            start = text.find(sent)
            while start >= 0:
                end = start + len(sent)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                start = text.find(sent, end)
        return spans


@cache
def segmenter() -> Any:
    """The fast segmenter, or pysbd's own for a release this was not checked against."""
    if metadata.version("pysbd") == CHECKED_VERSION:
        return Segmenter()
    return pysbd.Segmenter(language="en", clean=False)
