"""The words comment systems print, in the languages seen most, as pieces of patterns for the cue tables.

This module is data: English, German, French, Spanish, Italian, Dutch and Portuguese
forms of the dates, times, verbs and nouns around a comment, taken from what the
common comment systems print in each language (WordPress's translations of "%s says:",
"Leave a Reply", "%d thoughts on …"; Disqus's and forum software's "Reply", "3 hours
ago"). Adding a language is adding its words here, with examples in the cues that use
them (``cues.py``, ``comment_cues.py``).

Every piece is linear to match: no unbounded quantifier sits beside another that can
match the same characters, so that no line, however long or odd, takes more than a
pass over it (``tests/test_cues.py`` times every cue on adversarial lines).
"""

from __future__ import annotations

# full names first: an alternation takes the first that fits
_MONTH_NAMES = (
    # English
    "january february march april may june july august september october november december "
    "sept jan feb mar apr jun jul aug sep oct nov dec "
    # German
    "januar jänner februar märz maerz mai juni juli oktober dezember jän mär okt dez "
    # French
    "janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre decembre "
    "janv févr fevr febr avr juil déc "
    # Spanish
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "ene abr ago dic "
    # Italian
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott "
    # Dutch
    "januari februari maart mei augustus mrt "
    # Portuguese
    "janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro fev set out"
)


def alternation(words: str) -> str:
    """An alternation of the ``|``-separated ``words`` (patterns; those starting with a letter), grouped by
    first letter (``j(?:anuary|une|…)|f(?:…)``), longest first in each group: a text position is tried against
    a dozen letters, not a hundred words."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []  # branches that open with a group or an escape stay whole
    for word in sorted(set(_top_level(words)), key=lambda word: (-len(word), word)):
        if word[:1].isalpha():
            groups.setdefault(word[0], []).append(word[1:])
        else:
            others.append(word)
    return "|".join([*(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items())), *others])


def _top_level(pattern: str) -> list[str]:
    """The branches of ``pattern`` split at its top-level ``|`` (not those inside groups)."""
    branches, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        if ch == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and (i == 0 or pattern[i - 1] != "\\"):
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    return [*branches, pattern[start:]]


# no word boundary in front: text dumps run a name into the date that follows it ("Make-upOctober 22, 2012")
MONTH = r"(?:" + alternation("|".join(_MONTH_NAMES.split())) + r")\b\.?"
"""A month's name or its usual abbreviation, in any of the languages."""

WEEKDAY = (
    alternation(
        r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi"
        r"|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    )
    + r"\.?"
)
"""A weekday's name, or an English abbreviation of one: what stands before a date, never a name. (The two- and
three-letter German, French and Spanish abbreviations are names too: Mo, Di, Sam, Mar.)"""

_ORDINAL = r"(?:st|nd|rd|th|er|e|º|ª)?"
_DAY_MONTH_YEAR = rf"\d{{1,2}}{_ORDINAL}\.?\s{{1,3}}(?:de\s{{1,3}})?{MONTH},?\s{{1,3}}(?:de\s{{1,3}})?\d{{4}}"
_MONTH_DAY_YEAR = rf"{MONTH}\s{{1,3}}\d{{1,2}}{_ORDINAL},?\s{{1,3}}\d{{4}}"
_NUMERIC_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}"
DATE = rf"(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR}|{_NUMERIC_DATE})"
"""A calendar date: "March 3, 2012", "3 March 2012", "3. März 2012", "3 de marzo de 2012", "03.03.2012"."""

CLOCK = r"\d{1,2}(?:[:.]\d{2}(?:[:.]\d{2})?|\s?h\s?\d{2})(?:\s{0,2}(?:[ap]\.?m\.?|uhr|h)\b)?"
"""A time of day: "5:12 pm", "17:12 Uhr", "17 h 12", "17h12"."""

#: what stands between a date and its time: "at", "um", "à", "a las", "alle", "om", "às", or punctuation
_AT = r"(?:at|@|um|à|a|a las|alle|om|às|kl\.?|,|-|–|\|)"
_TODAY = r"(?:today|yesterday|heute|gestern|aujourd'hui|hier|hoy|ayer|oggi|ieri|vandaag|gisteren|hoje|ontem)"
_UNITS_EN = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_RELATIVE = (
    rf"\b(?:\d{{1,4}}|an?|one)\s{{1,3}}{_UNITS_EN}\s{{1,3}}ago\b"
    r"|\bvor\s{1,3}(?:\d{1,4}|einer?|einem)\s{1,3}(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?"
    r"|jahr(?:en)?)\b"
    r"|\bil y a\s{1,3}(?:\d{1,4}|une?)\s{1,3}(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?|années?)\b"
    r"|\bhace\s{1,3}(?:\d{1,4}|una?)\s{1,3}(?:segundos?|minutos?|horas?|días?|dias|semanas?|mes(?:es)?|años?)\b"
    r"|\b(?:\d{1,4}|una?|un)\s{1,3}(?:secondi|minuti|ore|ora|giorni|giorno|settimane|mesi|anni)\s{1,3}fa\b"
    r"|\b(?:\d{1,4}|een)\s{1,3}(?:seconden|minuten|uur|dagen|dag|weken|maanden|jaar)\s{1,3}geleden\b"
    r"|\bhá\s{1,3}(?:\d{1,4}|uma?)\s{1,3}(?:segundos?|minutos?|horas?|dias?|semanas?|meses|anos?)\b"
)
DATE_TIME = (
    rf"(?:{DATE})\s{{0,3}}(?:{_AT}\s{{0,3}})?{CLOCK}"
    rf"|\b{CLOCK}\s{{0,3}}(?:(?:on|am|le|el|il|op|em)\s{{1,3}})?(?:{_MONTH_DAY_YEAR}|{_DAY_MONTH_YEAR}|{_NUMERIC_DATE})"
    rf"|{MONTH}\s{{1,3}}\d{{1,2}}{_ORDINAL},?\s{{1,3}}(?:at|@)\s{{1,3}}{CLOCK}"
    rf"|\b{_TODAY},?\s{{0,3}}(?:{_AT}\s{{0,3}})?{CLOCK}"
    rf"|{_RELATIVE}"
)
"""A comment's time stamp: a date with a time of day, or a relative time ("3 hours ago", "vor 3 Stunden")."""

DATE_TIME_GUARD = r"\d[:.]\d\d|\d\s?h\s?\d\d|\bago\b|\bvor\s|\bil y a\s|\bhace\s|\sfa\b|\bgeleden\b|\bhá\s"
"""What every ``DATE_TIME`` match contains (its clock or its relative-time word): a quick first test."""

_SAYS = (
    r"says|said|wrote|writes|sagt|sagte|schrieb|schreibt|meint|dit|a dit|écrit|a écrit|dice|dijo|escribió|escribe"
    r"|ha scritto|scrive|zegt|schreef|disse|escreveu|diz"
)
SAYS = alternation(_SAYS)
"""The verb between a commenter's name and a colon: "Ann says:", "Ann sagt:", "Ann a écrit :", "Ann dijo:"."""

SAYS_MORE = alternation(
    _SAYS + r"|commented|added|replied|responded|kommentierte|antwortete|ergänzte|a répondu|répond|commente"
    r"|comentó|respondió|responde|ha risposto|commenta|reageerde|comentou|respondeu"
)
"""Header verbs also used after a name and before a date or ellipsis: "Anonymous said...", "Ann antwortete:"."""

#: "on" before a date in a header ("Ann said on March 3, 2012:", "Ann schrieb am 3. März 2012:")
ON = alternation(r"on|at|in reply to|am|um|le|à|el|il|op|em")

BY = alternation(r"by|von|par|por|da|door")
"""The "by" before an author's name."""

POSTED = alternation(
    r"posted|written|submitted|comment|commented|geschrieben|verfasst|eingetragen|kommentar|publié|posté|écrit"
    r"|commentaire|publicado|escrito|enviado|comentario|scritto|inviato|commento|geplaatst|reactie|postado"
)
"""The participle or noun before "by" in a footer: "Posted by", "Geschrieben von", "Posté par", "Publicado por"."""

COMMENTS = alternation(
    r"comments?|responses?|replies|thoughts?|reactions?|opinions?|kommentare?|leserkommentare?|antwort(?:en)?|reaktionen"
    r"|gedanken|meinungen|beiträge|commentaires?|réactions?|réponses?|réflexions?|avis|comentarios?|respuestas?"
    r"|opiniones|commenti|risposte|reacties|comentários?|respostas?"
)
"""What a count of comments counts: "15 comments", "12 Kommentare", "3 commentaires", "2 comentarios"."""

COUNT_WORDS = alternation(
    r"no|one|two|three|four|five|six|seven|eight|nine|ten|keine|ein|eine|zwei|drei|aucun|un|une|deux|trois"
    r"|ningún|ninguna|una|dos|tres|nessun|uno|due|tre|geen|één|twee|drie|nenhum|um|uma|duas"
)
"""Number words before a count of comments ("One Comment", "Eine Antwort", "Un commentaire", "Una respuesta")."""

AFTER_COUNT = alternation(r"to|on|and|so far|read them|add|zu|auf|für|sur|à|pour|a|en|para|sobre|su|per|op|bij|em")
"""What follows a count of comments and opens the post's title ("3 Responses to …", "3 Kommentare zu …")."""
