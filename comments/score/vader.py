"""vaderSentiment's ``polarity_scores``, the same floats in about half the time.

The library lower-cases the whole word list again for every lexicon word it looks at (in
its negation and idiom checks: quadratic in the text's length) and walks every character
through its emoji table. :class:`Vader` is the library's analyzer with its own lexicons and
rules; ``scores`` lower-cases each text's words once and skips the emoji pass when no
character of the text is in the emoji table, following ``polarity_scores`` step by step
otherwise. A text with an emoji, or a library version this was not checked against, goes
to the library's own ``polarity_scores``. ``tests/test_sentiment_paths.py`` checks the two
give the same floats on every text of ``../shared/eval``.
"""

from __future__ import annotations

import math
import string
from importlib import metadata
from typing import Any

from vaderSentiment import vaderSentiment as lib

#: the vaderSentiment release whose ``polarity_scores`` ``Vader.scores`` follows
CHECKED_VERSION = "3.3.2"

_NEGATE = frozenset(lib.NEGATE)
_BOOSTERS: dict[str, float] = lib.BOOSTER_DICT
_SPECIAL: dict[str, float] = lib.SPECIAL_CASES
_PUNCTUATION = string.punctuation
#: every word of the idioms and booster phrases ``_special_idioms_check`` looks for (of several words each)
_IDIOM_WORDS = frozenset(word for phrase in (*_SPECIAL, *_BOOSTERS) if " " in phrase for word in phrase.split(" "))


def _negated(word: str) -> bool:
    """``vaderSentiment.negated([word])`` (which lower-cases once more) for one word."""
    word = word.lower()
    return word in _NEGATE or "n't" in word


class Vader(lib.SentimentIntensityAnalyzer):
    """The library's analyzer; ``scores(text)`` is ``polarity_scores(text)`` as a tuple, faster."""

    def __init__(self) -> None:
        super().__init__()
        # polarity_scores replaces a text's characters one at a time, so only one-character keys can match
        self._emoji_chars = frozenset(key for key in self.emojis if len(key) == 1)
        # an ASCII text (str.isascii costs nothing) holds none of them, unless the table has ASCII keys
        self._ascii_emoji = any(char.isascii() for char in self._emoji_chars)
        self._checked = metadata.version("vaderSentiment") == CHECKED_VERSION
        #: the words polarity_scores gives a valence: lexicon words that are not boosters
        self._scored = frozenset(self.lexicon.keys() - _BOOSTERS.keys())

    def library_scores(self, text: str) -> tuple[float, float, float, float]:
        s = self.polarity_scores(text)
        return (s["compound"], s["pos"], s["neu"], s["neg"])

    def scores(self, text: str) -> tuple[float, float, float, float]:
        """(compound, pos, neu, neg), exactly as ``polarity_scores`` gives them."""
        if not self._checked or not isinstance(text, str):
            return self.library_scores(text)
        if (self._ascii_emoji or not text.isascii()) and not self._emoji_chars.isdisjoint(text):
            return self.library_scores(text)
        text = text.strip()
        # SentiText: white-space tokens stripped of punctuation unless that leaves two characters or fewer
        words = [token if len(stripped := token.strip(_PUNCTUATION)) <= 2 else stripped for token in text.split()]
        lower = [word.lower() for word in words]
        uppers = sum(map(str.isupper, words))
        is_cap_diff = 0 < len(words) - uppers < len(words)  # allcap_differential
        sentiments: list[Any] = [0] * len(words)  # boosters, "kind of" and words off the lexicon count 0
        scored = self._scored
        last = len(words) - 1
        for i, low in enumerate(lower):
            if low in scored and not (low == "kind" and i < last and lower[i + 1] == "of"):
                sentiments[i] = self._valence(words, lower, i, is_cap_diff)
        if "but" in lower:
            sentiments = self._but_check(words, sentiments)
        return _score_valence(sentiments, text)

    def _valence(self, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        """``sentiment_valence`` for the lexicon word at ``i``, on the lower-cased words."""
        lexicon: dict[str, float] = self.lexicon
        low = lower[i]
        valence = lexicon[low]
        if low == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * lib.N_SCALAR
        if words[i].isupper() and is_cap_diff:
            valence = valence + lib.C_INCR if valence > 0 else valence - lib.C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lower[j] not in lexicon:
                # scalar_inc_dec(words[j], valence, is_cap_diff), on the word it lower-cases
                s = 0.0
                booster = _BOOSTERS.get(lower[j])
                if booster is not None:
                    s = booster
                    if valence < 0:
                        s *= -1
                    if words[j].isupper() and is_cap_diff:
                        s = s + lib.C_INCR if valence > 0 else s - lib.C_INCR
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                # the idioms are word pairs and triples from i - 3 to i + 2: none of their words, none of them
                if start_i == 2 and not _IDIOM_WORDS.isdisjoint(lower[i - 3 : i + 3]):
                    valence = _special_idioms_check(valence, lower, i)
        return _least_check(valence, lower, i, lexicon)


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    """``SentimentIntensityAnalyzer._negation_check`` on the lower-cased words."""
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * lib.N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * lib.N_SCALAR
    elif start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * lib.N_SCALAR
    return valence


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on the lower-cased words."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _least_check(valence: float, lower: list[str], i: int, lexicon: dict[str, float]) -> float:
    """``SentimentIntensityAnalyzer._least_check`` on the lower-cased words."""
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * lib.N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * lib.N_SCALAR
    return valence


def _score_valence(sentiments: list[Any], text: str) -> tuple[float, float, float, float]:
    """``SentimentIntensityAnalyzer.score_valence`` as (compound, pos, neu, neg), the same arithmetic."""
    if not sentiments:
        return (0.0, 0.0, 0.0, 0.0)
    sum_s = float(sum(sentiments))
    analyzer = lib.SentimentIntensityAnalyzer
    punct_emph_amplifier = analyzer._amplify_ep(text) + analyzer._amplify_qm(text)
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = lib.normalize(sum_s)
    pos_sum, neg_sum, neu_count = analyzer._sift_sentiment_scores(sentiments)
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(compound, 4),
        round(math.fabs(pos_sum / total), 3),
        round(math.fabs(neu_count / total), 3),
        round(math.fabs(neg_sum / total), 3),
    )
