"""The cues of a comment section: where it opens and closes, what marks a comment, what is a control.

This module is data, like ``cues.py``: each ``Cue`` carries examples it must match and
counter-examples it must not, in every language its words cover (``words.py``), and
the tests run every one of them and time every cue on adversarial lines.
"""

from __future__ import annotations

import re

from comments.parse.cues import CLUTTER_CUES, Cue, any_of, ends_with, holds_any
from comments.parse.words import (
    AFTER_COUNT,
    BY,
    COMMENTS,
    COUNT_WORDS,
    DATE,
    DATE_TIME,
    MONTH,
    ON,
    POSTED,
    SAYS,
    SAYS_MORE,
    alternation,
)

#: what every time stamp (``DATE_TIME``) holds in lower case, its clock or its relative-time word: the same
#: test as the pattern "\d(?:[:.]|\s?h\s?)\d\d|ago\b|vor\s|il y a|hace\s|\sfa\b|geleden|há\s", faster
_RELATIVE = (
    ("ago", r"ago\b"),
    ("vor", r"vor\s"),
    ("il y a", r"il y a"),
    ("hace", r"hace\s"),
    ("fa", r"\sfa\b"),
    ("geleden", r"geleden"),
    ("há", r"há\s"),
)
# each relative-time word behind its own substring test: "fa" is in many a line ("fact", "family") that holds none
CLOCK_OR_RELATIVE = any_of(("", r"\d(?:[:.]|\s?h\s?)\d\d"), *(((word,), pattern) for word, pattern in _RELATIVE))

# Image alt text that screen-scrapers leave in front of a commenter's name.
#: the words of "by" (``BY``) as substrings: what the byline cues' prefilters need before their pattern runs
_BY_WORDS = ("by", "von", "par", "por", "da", "door")
#: how a count-of-comments sentence opens, in lower case: where the case-blind pattern has "i", the text may
#: hold U+0131 or U+0130 (lower case: U+0131, "i" and U+0307), and U+017F where it has "s" (see ``holds_any``)
_COUNT_SENTENCE_OPENING = re.compile(r"^\W*(?:\d|there |e[s\u017f] g[i\u0131]\u0307?bt|[i\u0131]\u0307?l y a|hay )")


def _count_sentence_screen(lowered: str) -> bool:
    return _COUNT_SENTENCE_OPENING.match(lowered) is not None or "you can follow" in lowered


_ALT_TEXT = r"(?:(?:avatar|gravatar|user (?:image|avatar)|profile (?:photo|picture|image))(?: image)?\s+)?"

COMMENT_HEADER_CUES: tuple[Cue, ...] = (
    Cue(
        name="says_header",
        prefilter=r":\s*$",
        role="header",
        # "  1. Avatar Tony says:" — optional list marker, optional alt text, the author, a verb.
        pattern=r"^(?P<indent>[ \t]*)(?:(?P<marker>\d{1,4}[.)]|[*•·-])[ \t]{1,8})?"
        + _ALT_TEXT
        + rf"(?P<author>\S[^\n]{{0,79}}?)[ \t]{{1,20}}(?:{SAYS})[ \t]{{0,3}}:[ \t]*$",
        examples=(
            "  1. Avatar Tony says:",
            "    2. Avatar Mick Servian says:",
            "Jane Doe wrote:",
            "Hans Müller sagt:",
            "Marie Dupont dit :",
            "Marie a écrit :",
            "Juan Pérez dice:",
        ),
        counter_examples=("He said the failure of the US was impermissible, and more.", "Nobody says", "Er sagt"),
    ),
)

_CONTROL = alternation(
    r"reply|replies|report(?: (?:abuse|comment|this))?|permalink|link|like|unlike|share|quote|flag|edit|delete"
    r"|recommend|follow|hide|collapse|expand|vote|upvote|downvote|profile|homepage|website|save|embed|context"
    r"|parent|next|prev"
    r"|antworten|melden|zitieren|teilen|bearbeiten|löschen|gefällt mir|empfehlen"
    r"|répondre|signaler|citer|partager|modifier|supprimer|j'aime|j’aime|recommander"
    r"|responder|denunciar|reportar|citar|compartir|editar|borrar|eliminar|me gusta|respuesta"
    r"|rispondi|segnala|condividi|mi piace|reageer|beantwoorden|antwoorden|citeren|curtir"
)

#: Lines that are comment-system controls, not words of the comment; dropped from comment text.
INTERFACE_LINE_CUES: tuple[Cue, ...] = (
    Cue(
        name="control_words",
        max_length=80,
        role="interface",
        pattern=rf"^[\W_]*(?:{_CONTROL}|log in to reply|reply to (?:this )?comment|reply with quote|add a reply"
        rf"|comment link|cancel reply|reply\s{{0,3}}delete|auf diesen kommentar antworten|signaler un abus"
        rf"|répondre à ce message|répondre à cet article|responder a este comentario|back to top|nach oben"
        rf"|haut de page|volver arriba|denunciar abuso"
        rf"|(?:{_CONTROL})(?:\s{{0,3}}[|·•]\s{{0,3}}(?:{_CONTROL}))+)[\W_]*$",
        examples=(
            "Reply",
            "Reply ↓",
            "Report abuse",
            "Permalink",
            "Reply | Quote",
            "[Reply]",
            "Like · Reply",
            "ReplyDelete",
            "Antworten",
            "Antworten | Melden",
            "Répondre",
            "Signaler un abus",
            "Responder",
            "Me gusta · Responder",
            "Répondre à ce message",
            "Nach oben",
        ),
        counter_examples=(
            "Reply to Tony: you are wrong.",
            "I like it",
            "Share the wealth, I say.",
            "Antworten gibt es keine.",
            "Répondre à cette question est difficile.",
        ),
    ),
    Cue(
        name="vote_counts",
        max_length=60,
        prefilter=r"\d",
        role="interface",
        pattern=r"^(?:thumbs? up\s{0,3}\d*\s{0,3}thumbs? down\s{0,3}\d*"
        r"|\d{1,9}\s{0,3}(?:likes?|points?|votes?|replies|upvotes?|stimmen|antworten|réponses|respuestas|j'aime"
        r"|me gusta)"
        r"|(?:likes?|points?|votes?)\s{0,3}:?\s{0,3}[+-]?\d{1,9}|[+-]\d{1,9}|\d{1,9}\s{0,3}\|\s{0,3}\d{1,9}"
        r"|↑\s{0,3}\d{1,9}\s{0,3}↓\s{0,3}\d{1,9}"
        # a score beside a collapse toggle and a count of replies (Reddit)
        r"|(?:\[[–+-]\]\s{0,3})?[+-]?\d{1,9}\s{1,3}points?(?:\s{1,3}\(\d{1,6}\s{1,3}child(?:ren)?\))?)$",
        examples=(
            "Thumb up 1 Thumb down 0",
            "12 likes",
            "Points: 3",
            "+5",
            "3 Antworten",
            "2 réponses",
            "4 me gusta",
            "[–] 48 points (1 child)",
        ),
        counter_examples=("12 likes were not enough for him", "2012"),
    ),
    Cue(
        name="image_stand_in",
        role="interface",
        max_length=200,
        prefilter=r"\]\s*$",
        # what a text browser prints for an avatar or an inline image: "[photo.jpg]", "1. [anon36.png]"
        pattern=r"^\s*(?:\d{1,4}[.)]\s{1,8}|[*•+-]\s{1,8})?\[[^\]\n]{1,160}\]\s*$",
        examples=("    1. [100_4666.jpg]", "[anon36.png]"),
        counter_examples=("See [1] for the source of this claim.",),
    ),
    Cue(
        name="orphan_header_verb",
        max_length=30,
        role="interface",
        pattern=rf"^(?:{SAYS}|commented)\s{{0,3}}(?:\.{{3}}|…|:)?$",
        examples=("wrote:", "said...", "says:", "schrieb:", "a écrit :", "dijo:"),
        counter_examples=("he said so",),
    ),
    Cue(
        name="meta_leftover",
        max_length=60,
        role="interface",
        # what is left of "Posted by: NAME | DATE" once the name and the date are taken out
        pattern=r"^(?:[\W_]|\b(?:posted|written|submitted|by|on|at|in|said|says|wrote|reply|permalink"
        r"|geschrieben|von|am|um|par|le|à|por|el)\b)*$",
        examples=("Posted by: |", "by on at", "— ,", "Geschrieben von am", "par le"),
        counter_examples=("Posted by Ann", "on it"),
    ),
    Cue(
        name="bare_hash",
        max_length=20,
        role="interface",
        pattern=r"^[#¶§]+$|^\[?\s{0,3}link\s{0,3}\]?$|^\d{1,4}[.)]?$|^#\d{1,6}$",
        examples=("#", "¶", "[link]", "12", "3.", "#12"),
        counter_examples=("#metoo is here",),
    ),
)

_COUNT = rf"(?:\d[\d,.]{{0,12}}|{COUNT_WORDS})"

#: Lines that open a comment section ("15 comments", "Comments (87)", "Leave a comment" is an end).
SECTION_START_CUES: tuple[Cue, ...] = (
    Cue(
        name="comment_count",
        max_length=200,
        prefilter=rf"^\W*(?:\d|(?:{COUNT_WORDS})\b)",
        role="section_start",
        # a count, at most one adjective, the noun, then the post's title or nothing
        pattern=rf"^\W*{_COUNT}\s{{1,3}}(?:\w+\s{{1,3}})?(?:{COMMENTS})"
        rf"(?:\s{{0,3}}(?:[:»«„“….]|(?:{AFTER_COUNT})\b)|\W*$)",
        examples=(
            "15 comments",
            "{ 74 comments… read them below or add one }",
            "3 Responses to “In Copenhagen…”",
            "12 comments:",
            "One Comment",
            "2 thoughts on “A post”",
            "* 15 comments",
            "8 appreciated comments on “New work”",
            "12 Kommentare",
            "3 Gedanken zu „Ein Beitrag“",
            "Eine Antwort auf „Ein Beitrag“",
            "5 commentaires sur « Un billet »",
            "3 réflexions sur « Un billet »",
            "Un commentaire",
            "2 comentarios en «Una entrada»",
            "Una respuesta a «Una entrada»",
            "7 commenti",
        ),
        counter_examples=(
            "15 comments were deleted by the moderators yesterday, the paper said.",
            "12 Kommentare wurden gelöscht, sagte die Redaktion.",
        ),
    ),
    Cue(
        name="comments_heading",
        max_length=60,
        prefilter=alternation(
            r"comment|respons|discuss|reaction|conversation|kommentar|diskussion|meinung|réagi|réaction"
            r"|comentario|discusi|opini|commenti|reacties|comentário|leserbrief"
        ),
        role="section_start",
        pattern=r"^\W*(?:reader |readers'? |user |visitor |your |add new |ihre |deine |vos |sus |los )?"
        r"(?:comments?|responses?|discussion|reactions?|conversation|kommentare?|diskussion|leserkommentare"
        r"|leserbriefe|ihre meinung|deine meinung|commentaires?|réactions?|réagir|comentarios?|discusión"
        r"|opiniones|(?:comentarios|opiniones) de (?:los )?lectores|commenti|reacties|comentários)"
        r"\W*(?:\(\d[\d,.]{0,12}\)\W*)?$",
        examples=(
            "Comments",
            "Comments (87)",
            "COMMENTS",
            "Reader Comments (2)",
            "Responses",
            "Add New Comment",
            "Kommentare (12)",
            "Leserkommentare",
            "Commentaires",
            "Réagir",
            "Comentarios (3)",
            "Opiniones de los lectores (3)",
        ),
        counter_examples=(
            "Comments are closed for this article because of abuse",
            "Kommentare sind geschlossen",
            "Réagir vite est essentiel",
        ),
    ),
    Cue(
        name="comment_count_sentence",
        max_length=200,
        screen=_count_sentence_screen,
        prefilter=r"\d|" + alternation(r"there|you can follow|es gibt|il y a|hay "),
        role="section_start",
        pattern=rf"^\W*(?:there (?:are|is)|es gibt|il y a|hay) {_COUNT} (?:{COMMENTS})\b"
        r"|^\W*\d{1,9} (?:users|people|readers) (?:responded|commented|replied)\b"
        r"|you can follow this conversation by subscribing",
        examples=(
            "There are 3 comments about: X",
            "You can follow this conversation by subscribing to the feed.",
            '45 users responded in " The biggest blogging mistake "',
            "Es gibt 3 Kommentare",
            "Il y a 2 commentaires",
            "Hay 4 comentarios",
        ),
    ),
)

_REPLY_FORM_EN = (
    r"leave a (?:reply|comment|response)|post a comment|add (?:a |your )?comment"
    r"|previewing your comment|cancel reply|click here to cancel reply|verify your comment|got something to say"
    r"|post comment as|write a comment|join the discussion|have your say|speak your mind|comment form"
    r"|submit comment|post comment|your (?:email|e-mail)(?: address)? (?:will|is) never|required fields"
    r"|name \(required\)|your email address will not be published|notify me of (?:follow-?up|new)"
    r"|subscribe to (?:comments|followup|this comment)|subscribe to: post comments|comments? (?:are|is) closed"
    r"|blog comments powered by|older post|newer post|post a reply|you must be logged in"
    r"|please post a comment|all comments are moderated"
)
_REPLY_FORM_OTHER = (
    # German
    r"schreibe(?:n sie)? einen kommentar|kommentar (?:schreiben|verfassen|abschicken|absenden|hinzufügen)"
    r"|hinterlasse(?:n sie)? einen kommentar|antwort hinterlassen"
    r"|(?:deine|ihre) e-mail-adresse wird nicht veröffentlicht|kommentare sind geschlossen"
    r"|die kommentarfunktion (?:ist|wurde)|sie müssen angemeldet sein"
    # French
    r"|laisser un commentaire|laisser une réponse|écrire un commentaire|ajouter un commentaire"
    r"|votre adresse (?:de messagerie|e-mail|email) ne sera pas publiée"
    r"|les commentaires sont fermés|vous devez être connecté|envoyer le commentaire|annuler la réponse"
    # Spanish
    r"|deja (?:un comentario|una respuesta|tu opinión|tu comentario)|dejar un comentario|escribe un comentario"
    r"|publicar comentario"
    r"|tu dirección de correo electrónico no será publicada"
    r"|los comentarios están cerrados|cancelar respuesta|debes (?:estar registrado|iniciar sesión)"
    # Italian, Dutch, Portuguese
    r"|lascia un commento|rispondi annulla risposta|laat een reactie achter|geef een reactie"
    r"|deixe (?:um comentário|uma resposta)"
)

#: Lines that close a comment section: the reply form and what follows it.
SECTION_END_CUES: tuple[Cue, ...] = (
    Cue(
        name="reply_form",
        max_length=160,
        prefilter=r"^\W*(?:"
        + alternation(
            r"leave|post|add|preview|cancel|click|verify|got|write|join|have|speak|comment|submit|your"
            r"|required|name|notify|subscribe|blog|older|newer|you must|please|all comments"
            r"|schreibe|kommentar|hinterlasse|antwort|ihr|dein|die kommentar|sie müssen"
            r"|laisser|écrire|ajouter|votre|ton|les commentaires|vous devez|envoyer|annuler"
            r"|deja|dejar|escribe|publicar|tu|su|los comentarios|cancelar|debes|lascia|rispondi|laat|geef|deixe|il tuo"
        )
        + ")",
        role="section_end",
        # a form's heading alone on its line: "Add yours", "Ihr Kommentar", "Votre commentaire :"
        pattern=rf"^\W*(?:(?:{alternation(_REPLY_FORM_EN + '|' + _REPLY_FORM_OTHER)})\b"
        r"|(?:add yours|(?:ihr|dein) kommentar|(?:votre|ton) commentaire|(?:tu|su) comentario|il tuo commento)\W*$)",
        examples=(
            "Leave a Reply",
            "Leave a Reply Cancel reply",
            "Post a Comment",
            "Newer Post Older Post Home",
            "Your email address will not be published. Required fields are marked *",
            "Add comment",
            "Schreibe einen Kommentar",
            "Hinterlasse einen Kommentar",
            "Deine E-Mail-Adresse wird nicht veröffentlicht.",
            "Laisser un commentaire",
            "Votre adresse e-mail ne sera pas publiée.",
            "Deja una respuesta",
            "Tu dirección de correo electrónico no será publicada.",
            "Lascia un commento",
            "Deja tu opinión",
            "Ihr Kommentar",
            "Votre commentaire :",
        ),
        counter_examples=(
            "I will leave a comment later, she said, and then she did not.",
            "add yours? Thanks.",
            "Ihr Kommentar zur Wahl war falsch, sagte er.",
        ),
    ),
    Cue(
        name="form_field",
        max_length=80,
        prefilter=r"^\W*(?:_{3,}\s*)?(?:name|e-?mail|website|url|comment|webseite|kommentar|nom|site|adresse"
        r"|commentaire|nombre|correo|web|comentario|sitio)",
        role="section_end",
        pattern=r"^\W*(?:_{3,}\s{0,3})?(?:name|e-?mail|website|url|comment|webseite|kommentar|nom|site web"
        r"|adresse (?:de messagerie|e-mail)|commentaire|nombre|correo electrónico|web|comentario|sitio web)"
        r"[ \t]{0,3}(?:\((?:required|optional|erforderlich|obligatoire|obligatorio)\)|\*)?[ \t]{0,3}(?:_{3,})?\s*$",
        examples=(
            "______________________ Name (required)",
            "Name ______________________________",
            "Email *",
            "E-Mail *",
            "Nom *",
            "Correo electrónico *",
        ),
        counter_examples=("Name and shame them",),
    ),
)

#: Lines that mark one comment: its header before the text or its footer after it.
COMMENT_MARK_CUES: tuple[Cue, ...] = (
    Cue(
        name="posted_by_footer",
        screen=holds_any(*_BY_WORDS),
        prefilter=rf"\s(?:{BY})[\s:]",
        role="footer",
        # "Comment #3 - Posted by: NAME at DATE" numbers the comment first
        pattern=rf"^\W*(?:comment\s{{1,3}}#?\d{{1,6}}\W{{1,5}})?(?:{POSTED})\s(?:{BY})\s{{0,3}}:?\s{{0,3}}"
        r"(?P<author>[^|\s][^|]{0,79}?)\s{0,3}"
        r"(?:\||\bon\b|\bat\b|\bam\b|\bum\b|\ble\b|\bà\b|\bel\b|\bil\b|\bop\b|,)",
        examples=(
            "Posted by: Curtains in my Tree | June 08, 2012 at 02:29 PM",
            "Posted by Ann at 5:12 PM",
            "Geschrieben von Hans am 3. März 2012 um 17:12",
            "Posté par Marie le 3 mars 2012 à 17:12",
            "Publicado por Juan el 3 de marzo de 2012",
            "Comment #3 - Posted by: Dr. Elena Ruiz at March 6, 2024 09:05 AM",
        ),
        counter_examples=("Posted by the editors",),
    ),
    Cue(
        name="said_header",
        # what every match ends with: a cheap test, where the verbs would be tried at every position
        screen=ends_with("...", "…", ":", ","),
        prefilter=r"(?:\.\.\.|…|:|,)\s*$",
        role="header",
        pattern=rf"^\W*(?:\d{{1,4}}[.)]\s{{1,5}})?(?P<author>\S[^\n]{{0,79}}?)\s{{1,5}}(?:{SAYS_MORE})"
        rf"(?:\s{{1,5}}(?:{ON})\s{{1,5}}[^\n]{{1,60}}?)?\s{{0,5}}(?:\.{{3}}|…|:|,)\s*$",
        examples=(
            "Anonymous said...",
            "09. Jul, 2012 / Courtney says:",
            "Julie wrote:",
            "John Smith said on July 3, 2012:",
            "Hans schrieb am 3. März 2012 um 17:12:",
            "Anna meint:",
            "Marie a écrit :",
            "Pierre a répondu :",
            "Juan dijo...",
            "Ana respondió:",
        ),
        counter_examples=("He said: the deal is off, and then he left the room.",),
    ),
    Cue(
        name="numbered_name_date",
        role="header",
        prefilter=r"^\s*\d{1,4}[.)]",
        pattern=rf"^\s*\d{{1,4}}[.)]\s{{1,5}}(?P<author>\S[^\n]{{0,79}}?)\s{{1,5}}[-–—|]\s{{1,5}}(?:{DATE})\s*$",
        examples=("      1. James Cannon - Runcorn Trekkie UK - October 26, 2012", "3. CmdrR - October 26, 2012"),
        counter_examples=("1. Launch - October 26, 2012 was the date we chose for it",),
    ),
    Cue(
        name="date_only_line",
        role="stamp",
        max_length=40,
        prefilter=r"^[\W_]*(?:[^\W\d_]+\.?,?\s+){0,2}\d",
        pattern=rf"^[\W_]*(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
        rf"|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes"
        # a permalink or reply control may follow the date on its line: "October 2, 2012, | Permalink"
        rf"|sábado|domingo)[a-z]*\.?,?\s{{1,3}})?{DATE}[\W_]*(?:(?:permalink|reply|link)[\W_]*)?$",
        examples=(
            "    Aug 8 2012",
            "November 8, 2012",
            "Friday, November 2, 2012",
            "Montag, 3. März 2012",
            "3 mars 2012",
        ),
        counter_examples=("Born on November 8, 2012", "2012"),
    ),
    Cue(
        name="stamp_by_name",
        screen=holds_any(*_BY_WORDS, "-", "–", "—"),
        prefilter=rf"\s(?:{BY}|[-–—])\s",
        guard=CLOCK_OR_RELATIVE,  # the stamp's time
        role="stamp",
        # the time, then the name: "posted on October 24, 2012 at 7:26 PM by Darren", "4 mars 2024 18:12, par Marie";
        # with a time of day, as a comment is stamped (an article's byline has its date alone)
        pattern=rf"^[^\n]{{0,40}}?(?:{DATE_TIME})\s{{0,3}}(?:,\s{{0,3}}(?:{BY})|(?:{BY})|[-–—])\s{{1,3}}"
        r"(?P<author>\w[^\n]{0,59}?)\s*$",
        examples=(
            "posted on Wednesday, October 24, 2012 at 7:26 PM by Darren",
            "4 mars 2024 18:12, par Jean-Luc B.",
            "3. März 2024, 17:12 von Hans",
            "5 mars 2024 18:12 - Paul",
        ),
        counter_examples=(
            "On January 5, 2012 the council met, by all accounts for the last time.",
            "2012-10-16 by Herb Sutter",
        ),
    ),
    Cue(
        name="date_time_line",
        # every branch opens with a literal or a class, so that the search skips the positions none can start at
        guard=CLOCK_OR_RELATIVE,
        role="stamp",
        pattern=rf"^[^\n]{{0,80}}?(?:{DATE_TIME})[^\n]{{0,40}}$",
        examples=(
            "07.30.12 at 05:36",
            "September 10, 2012 4:45 AM",
            "Shelley Owen September 14th, 2012 at 11:19 am",
            "3 hours ago",
            "3. März 2012 um 17:12 Uhr",
            "vor 3 Stunden",
            "3 mars 2012 à 17 h 12",
            "il y a 2 heures",
            "3 de marzo de 2012 a las 17:12",
            "hace 5 minutos",
        ),
        counter_examples=(
            "On January 5, 2012 the council met to discuss the budget and other matters.",
            "Am 5. Januar 2012 traf sich der Rat, um über den Haushalt und andere Fragen zu beraten.",
        ),
    ),
)

_LINE_END = ("...", "…", ":", ",")
_DIGIT = re.compile(r"\d")
_POSTED_BY = re.compile(next(cue.prefilter for cue in COMMENT_MARK_CUES if cue.name == "posted_by_footer") or "")
#: the relative-time steps of CLOCK_OR_RELATIVE: its word, then its pattern
_RELATIVE_STEPS = tuple((word, re.compile(pattern).search) for word, pattern in _RELATIVE)


def could_be_a_mark(lowered: str) -> bool:
    """What every line passes that a comment mark cue (``COMMENT_HEADER_CUES``, ``COMMENT_MARK_CUES``) matches:
    the screen of their table, failed by most lines of a page.

    says_header's prefilter and said_header's screen need the line to end with one of ``_LINE_END``;
    numbered_name_date's and date_only_line's prefilters need a digit; posted_by_footer's prefilter is
    ``_POSTED_BY`` (behind its screen, the words of BY); stamp_by_name and date_time_line stand behind
    CLOCK_OR_RELATIVE, which needs a digit (its clock) or one of its relative-time steps."""
    if lowered.rstrip().endswith(_LINE_END) or _DIGIT.search(lowered) is not None:
        return True
    for word in _BY_WORDS:
        if word in lowered:
            if _POSTED_BY.search(lowered) is not None:
                return True
            break
    for word, search in _RELATIVE_STEPS:  # noqa: SIM110 - a loop, not any() over a generator: it runs on every line
        if word in lowered and search(lowered) is not None:
            return True
    return False


#: A line that may be a commenter's name over the comment: a list marker, a profile link, a few words.
#: It marks a comment only when the next line is indented deeper and reads as prose (see thread.py).
NAME_LINE_CUE = Cue(
    name="name_over_text",
    role="header",
    pattern=r"^(?P<indent>[ \t]*)(?:[*•+▪◦‣○■□·-]\s{1,8}|\d{1,4}[.)]\s{1,8})?(?:https?://\S{1,300}\s{1,8})?"
    # a period only after a capital initial ("Amy D."), so that a short sentence is no name
    r"(?P<author>[^\s.!?,;:](?:[^.!?;:]|(?<=(?-i:[A-Z]))\.){0,40}?)\s*$",
    examples=("     * Jonathan Turner", "     * http://www.poynter.org Poynter", "   Gibbo", "     * Amy D."),
    counter_examples=("   This is a sentence.",),
)

#: every cue of the parser, the clutter cues and the comment cues, in one tuple (tuning and tests read them all)
ALL_CUES: tuple[Cue, ...] = (
    CLUTTER_CUES
    + COMMENT_HEADER_CUES
    + COMMENT_MARK_CUES
    + SECTION_START_CUES
    + SECTION_END_CUES
    + INTERFACE_LINE_CUES
    + (NAME_LINE_CUE,)
)

__all__ = [
    "ALL_CUES",
    "COMMENT_HEADER_CUES",
    "COMMENT_MARK_CUES",
    "DATE",
    "DATE_TIME",
    "INTERFACE_LINE_CUES",
    "MONTH",
    "NAME_LINE_CUE",
    "SECTION_END_CUES",
    "SECTION_START_CUES",
]
