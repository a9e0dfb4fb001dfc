"""The cue table: named patterns that label the blocks of a plain-text page.

This module is data. The text parser walks these tuples in order and the first
cue that matches wins, so adding a site's convention is adding a ``Cue`` here,
with examples it must match and counter-examples it must not (the tests run
every one of them).

Clutter cues are matched against a whole block with its lines joined by single
spaces and surrounding white space (no-break spaces included) stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Cue:
    name: str
    role: str
    """What a matching text is: for clutter cues the clutter kind written to clutter.csv; for comment
    marks ``header``, ``footer`` or ``stamp``; else the table's role (section_start, section_end, interface)."""
    pattern: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    prefilter: str | None = None
    """A cheap lower-case pattern every match contains; text without it skips the full pattern."""
    max_length: int | None = None
    """Longer text never matches (controls and headings are short lines)."""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    quick: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        # prefilters are written in lower case and run on lower-cased text: case-blind matching is 3x slower
        object.__setattr__(self, "quick", re.compile(self.prefilter) if self.prefilter else None)

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        if self.max_length is not None and len(text) > self.max_length:
            return None
        if self.quick is not None and self.quick.search(lowered if lowered is not None else text.lower()) is None:
            return None
        return self.regex.search(text)

    def matches(self, text: str) -> bool:
        return self.search(text) is not None


@dataclass(frozen=True, slots=True)
class CueTable:
    """Cues tried in order, with one quick test for the whole table: most lines match no cue."""

    cues: tuple[Cue, ...]
    max_length: int | None = field(init=False)
    quick: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        lengths = [cue.max_length for cue in self.cues if cue.max_length is not None]
        object.__setattr__(self, "max_length", max(lengths) if len(lengths) == len(self.cues) else None)
        filters = [cue.prefilter for cue in self.cues]
        quick = None if None in filters else "|".join(f"(?:{f})" for f in filters)
        object.__setattr__(self, "quick", re.compile(quick) if quick else None)

    def first(self, text: str, lowered: str | None = None) -> tuple[Cue, re.Match[str]] | None:
        """The first cue that matches ``text`` (``lowered`` is its lower case, if known), with its match."""
        if self.max_length is not None and len(text) > self.max_length:
            return None
        if lowered is None:
            lowered = text.lower()
        if self.quick is not None and self.quick.search(lowered) is None:
            return None
        for cue in self.cues:
            if (match := cue.search(text, lowered)) is not None:
                return cue, match
        return None


_CAPTION_WORD = r"(?:photo|image|picture|illustration|graphic|video)s?"

CLUTTER_CUES: tuple[Cue, ...] = (
    Cue(
        name="caption_credit_suffix",
        role="caption",
        # A caption ends with its credit: "… (Image: Art Grani)" or "… Photo: U.S. DoD".
        # The credit is short and has no sentence inside it.
        pattern=rf"(?:\(\s*{_CAPTION_WORD}(?:\s+(?:by|credit|courtesy))?\s*:\s*[^()]{{1,80}}\)"
        rf"|\b{_CAPTION_WORD}(?:\s+(?:by|credit|courtesy))?\s*:\s*(?-i:[A-Z])[^:!?\"“”]{{0,59}}(?<!\.))$",
        examples=(
            "A silver coin minted in Russia. (Image: Art Grani)",
            "Michael Flynn (pictured) resigned. Photo: U.S. Department of Defense",
            "Protesters in Kyiv. Photo by: Reuters",
        ),
        counter_examples=(
            "The photo shows nothing. He said it was fake.",
            "She took the picture: it was the best day of her life, she said, and then she left!",
            "He pointed at the video: it was all fake",
        ),
    ),
    Cue(
        name="related_link",
        role="related",
        pattern=r"^(?:also read|read also|read more|more on this|recommended|related(?: articles?| stories)?"
        r"|see also|you may also like|you might also like|read next|further reading)\s*:",
        examples=(
            'Also read: "Russia\'s euphoria about Donald Trump already fading"',
            'Recommended: "Russia is still wary of Trump\'s turbulent presidency"',
            "Read more: Why the Kremlin is worried",
        ),
        counter_examples=("Also, read the fine print before you sign.",),
    ),
    Cue(
        name="category_line",
        role="category",
        # Two or more short Title-Case section names separated by commas, nothing else.
        pattern=r"^[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}(?:, ?[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}){1,8}$",
        examples=("International, More", "Politics, World, Europe"),
        counter_examples=("International relations are worse, he said.", "Moscow"),
    ),
    Cue(
        name="editor_credit",
        role="credit",
        pattern=r"^(?:edited|translated|compiled|written|reported|produced)(?: and \w+)? by\s*:?\s*.{1,60}$",
        examples=("Edited by: A. N.", "Translated by Jane Doe"),
        counter_examples=("Edited by committee, the bill passed anyway after a long debate in the chamber.",),
    ),
    Cue(
        name="donation_appeal",
        role="appeal",
        pattern=r"^since you['’]re here\b|we have a (?:small )?favou?r to ask"
        r"|\bplease (?:help|support|consider)\b.{0,80}\b(?:donat|subscri|contribut|become a (?:member|patron))",
        examples=(
            "Since you’re here – we have a favor to ask. Please help keep us online with a donation!",
            "If you like what you see, please help keep us online with a donation!",
        ),
        counter_examples=("The charity said donations fell by half last year.",),
    ),
    Cue(
        name="tag_line",
        role="tags",
        pattern=r"^(?:tags|tagged|tagged with|topics|keywords)\s*:",
        examples=("Tags: , , , , , , , ,", "Tagged: Russia, Trump"),
        counter_examples=("Tags are useful, she said.",),
    ),
    Cue(
        name="opinion_disclaimer",
        role="disclaimer",
        pattern=r"^(?:the )?(?:opinions?|views?)(?: and \w+)? (?:of|expressed)\b.{0,160}"
        r"\b(?:not necessarily|do not|does not|are (?:the|solely))\b",
        examples=(
            "The opinion of the author may not necessarily reflect the position of Russia Direct or its staff.",
            "The views expressed in this article are the author's own.",
        ),
        counter_examples=("The opinion polls show Trump behind in three states.",),
    ),
)

# Image alt text that screen-scrapers leave in front of a commenter's name.
_ALT_TEXT = r"(?:(?:avatar|gravatar|user (?:image|avatar)|profile (?:photo|picture|image))(?: image)?\s+)?"

COMMENT_HEADER_CUES: tuple[Cue, ...] = (
    Cue(
        name="says_header",
        prefilter=r"(?:says|said|wrote)\s*:\s*$",
        role="header",
        # "  1. Avatar Tony says:" — optional list marker, optional alt text, the author, a verb.
        pattern=r"^(?P<indent>[ \t]*)(?:(?P<marker>\d{1,4}[.)]|[*•·-])[ \t]+)?"
        + _ALT_TEXT
        + r"(?P<author>\S[^\n]{0,79}?)[ \t]+(?:says|said|wrote)[ \t]*:[ \t]*$",
        examples=("  1. Avatar Tony says:", "    2. Avatar Mick Servian says:", "Jane Doe wrote:"),
        counter_examples=("He said the failure of the US was impermissible, and more.", "Nobody says"),
    ),
)

#: Lines that are comment-system controls, not words of the comment; dropped from comment text.
INTERFACE_LINE_CUES: tuple[Cue, ...] = (
    Cue(
        name="control_words",
        max_length=80,
        role="interface",
        pattern=r"^[\W_]*(?:reply|replies|report(?: (?:abuse|comment|this))?|permalink|link|like|unlike|share|quote"
        r"|flag|edit|delete|recommend|follow|hide|collapse|expand|vote|upvote|downvote|log in to reply"
        r"|reply to (?:this )?comment|reply with quote|add a reply|comment link|cancel reply|reply\s*delete"
        r"|(?:reply|like|share|report)(?:\s*[|·•]\s*(?:reply|like|share|report|permalink|quote|flag|link|edit))+)"
        r"[\W_]*$",
        examples=(
            "Reply",
            "Reply ↓",
            "Report abuse",
            "Permalink",
            "Reply | Quote",
            "[Reply]",
            "Like · Reply",
            "ReplyDelete",
        ),
        counter_examples=("Reply to Tony: you are wrong.", "I like it", "Share the wealth, I say."),
    ),
    Cue(
        name="vote_counts",
        max_length=60,
        prefilter=r"\d",
        role="interface",
        pattern=r"^(?:thumbs? up\s*\d*\s*thumbs? down\s*\d*|\d+\s*(?:likes?|points?|votes?|replies|upvotes?)"
        r"|(?:likes?|points?|votes?)\s*:?\s*[+-]?\d+|[+-]\d+|\d+\s*\|\s*\d+|↑\s*\d+\s*↓\s*\d+)$",
        examples=("Thumb up 1 Thumb down 0", "12 likes", "Points: 3", "+5"),
        counter_examples=("12 likes were not enough for him", "2012"),
    ),
    Cue(
        name="image_stand_in",
        role="interface",
        max_length=200,
        prefilter=r"\]\s*$",
        # what a text browser prints for an avatar or an inline image: "[photo.jpg]", "1. [anon36.png]"
        pattern=r"^\s*(?:\d{1,4}[.)]\s+|[*•+-]\s+)?\[[^\]\n]{1,160}\]\s*$",
        examples=("    1. [100_4666.jpg]", "[anon36.png]"),
        counter_examples=("See [1] for the source of this claim.",),
    ),
    Cue(
        name="orphan_header_verb",
        max_length=30,
        role="interface",
        pattern=r"^(?:says|said|wrote|writes|commented)\s*(?:\.{3}|…|:)?$",
        examples=("wrote:", "said...", "says:"),
        counter_examples=("he said so",),
    ),
    Cue(
        name="meta_leftover",
        max_length=60,
        role="interface",
        # what is left of "Posted by: NAME | DATE" once the name and the date are taken out
        pattern=r"^(?:[\W_]|\b(?:posted|written|submitted|by|on|at|in|said|says|wrote|reply|permalink)\b)*$",
        examples=("Posted by: |", "by on at", "— ,"),
        counter_examples=("Posted by Ann", "on it"),
    ),
    Cue(
        name="bare_hash",
        max_length=20,
        role="interface",
        pattern=r"^[#¶§]+$|^\[?\s*link\s*\]?$|^\d{1,4}[.)]?$",
        examples=("#", "¶", "[link]", "12", "3."),
        counter_examples=("#metoo is here",),
    ),
)

# Dates with a time of day, or relative times: the stamp a comment system puts on each comment.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
DATE_TIME = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"
    rf"|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}})\s*(?:at|@|,|-|–|\|)?\s*{_CLOCK}"
    rf"|\b{_CLOCK}\s*(?:on\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:at|@)\s+{_CLOCK}"
    r"|\b(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})"
)

#: Lines that open a comment section ("15 comments", "Comments (87)", "Leave a comment" is an end).
SECTION_START_CUES: tuple[Cue, ...] = (
    Cue(
        name="comment_count",
        max_length=200,
        prefilter=r"^\W*(?:\d|(?:no|one|two|three|four|five|six|seven|eight|nine|ten)\b)",
        role="section_start",
        pattern=r"^\W*(?:\d[\d,]*|no|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z]+\s+)?(?:comments?|responses?"
        r"|replies|thoughts?|reactions?|opinions?)(?:\s*(?:[:»….]|to\b|on\b|and\b|so far\b|read them\b|add\b)|\W*$)",
        examples=(
            "15 comments",
            "{ 74 comments… read them below or add one }",
            "3 Responses to “In Copenhagen…”",
            "12 comments:",
            "One Comment",
            "2 thoughts on “A post”",
            "* 15 comments",
            "8 appreciated comments on “New work”",
        ),
        counter_examples=("15 comments were deleted by the moderators yesterday, the paper said.",),
    ),
    Cue(
        name="comments_heading",
        max_length=60,
        prefilter=r"comment|respons|discuss|reaction|conversation",
        role="section_start",
        pattern=r"^\W*(?:reader |readers'? |user |visitor |your |add new )?(?:comments?|responses?|discussion"
        r"|reactions?|conversation)\W*(?:\(\d[\d,]*\))?\W*$",
        examples=("Comments", "Comments (87)", "COMMENTS", "Reader Comments (2)", "Responses", "Add New Comment"),
        counter_examples=("Comments are closed for this article because of abuse",),
    ),
    Cue(
        name="form_link_with_count",
        role="section_start",
        max_length=120,
        prefilter=r"comment",
        pattern=r"^\W*(?:post|leave|add|write) a comment\W+(?:\d[\d,]*|no|one)\s+(?:comments?|responses?)\b",
        examples=("Post a Comment 241 Comments and 16 Replies",),
        counter_examples=("Post a Comment",),
    ),
    Cue(
        name="comment_count_sentence",
        max_length=200,
        prefilter=r"there|you can follow|\d",
        role="section_start",
        pattern=r"^\W*there (?:are|is) (?:\d+|no|one) (?:comments?|responses?)\b|^\W*\d+ (?:users|people|readers)"
        r" (?:responded|commented|replied)\b"
        r"|you can follow this conversation by subscribing",
        examples=(
            "There are 3 comments about: X",
            "You can follow this conversation by subscribing to the feed.",
            '45 users responded in " The biggest blogging mistake "',
        ),
    ),
)

#: Lines that close a comment section: the reply form and what follows it.
SECTION_END_CUES: tuple[Cue, ...] = (
    Cue(
        name="reply_form",
        max_length=160,
        prefilter=r"^\W*(?:leave|post|add|preview|cancel|click|verify|got|write|join|have|speak|comment|submit|your"
        r"|required|name|notify|subscribe|blog|older|newer|you must|please|all comments)",
        role="section_end",
        pattern=r"^\W*(?:leave a (?:reply|comment|response)|post a comment|add (?:a |your )?comment|add yours\W*$"
        r"|previewing your comment|cancel reply|click here to cancel reply|verify your comment|got something to say"
        r"|post comment as|write a comment|join the discussion|have your say|speak your mind|comment form"
        r"|submit comment|post comment|your (?:email|e-mail)(?: address)? (?:will|is) never|required fields"
        r"|name \(required\)|your email address will not be published|notify me of (?:follow-?up|new)"
        r"|subscribe to (?:comments|followup|this comment)|subscribe to: post comments|comments? (?:are|is) closed"
        r"|blog comments powered by|older post|newer post|post a reply|you must be logged in"
        r"|please post a comment|all comments are moderated)\b",
        examples=(
            "Leave a Reply",
            "Leave a Reply Cancel reply",
            "Post a Comment",
            "Newer Post Older Post Home",
            "Your email address will not be published. Required fields are marked *",
            "Add comment",
        ),
        counter_examples=("I will leave a comment later, she said, and then she did not.", "add yours? Thanks."),
    ),
    Cue(
        name="form_field",
        max_length=80,
        prefilter=r"^\W*(?:_{3,}\s*)?(?:name|e-?mail|website|url|comment)",
        role="section_end",
        pattern=r"^\W*(?:_{3,}\s*)?(?:name|e-?mail|website|url|comment)\s*(?:\((?:required|optional)\)|\*)?\s*"
        r"(?:_{3,})?\s*$",
        examples=("______________________ Name (required)", "Name ______________________________", "Email *"),
        counter_examples=("Name and shame them",),
    ),
)

#: Lines that mark one comment: its header before the text or its footer after it.
COMMENT_MARK_CUES: tuple[Cue, ...] = (
    Cue(
        name="posted_by_footer",
        prefilter=r"(?:posted|written|submitted|comment) by",
        role="footer",
        pattern=r"^\W*(?:posted|written|submitted|comment) by\s*:?\s*(?P<author>[^|]{1,80}?)\s*(?:\||\bon\b|\bat\b|,)",
        examples=("Posted by: Curtains in my Tree | June 08, 2012 at 02:29 PM", "Posted by Ann at 5:12 PM"),
        counter_examples=("Posted by the editors",),
    ),
    Cue(
        name="by_on_footer",
        prefilter=r"^\W*by\s",
        role="footer",
        pattern=rf"^\W*by\s+(?P<author>[^\n]{{1,60}}?)\s+(?:on|at|\||-|–)\s+(?:{DATE_TIME})",
        examples=("by james on January 31, 2011 at 9:59 am. Reply #",),
        counter_examples=("by the way, I agree",),
    ),
    Cue(
        name="said_header",
        prefilter=r"(?:said|says|wrote|writes|commented|added|replied|responded)\b[^a-z]*$"
        r"|(?:said|says|wrote) (?:on|at|in)\b",
        role="header",
        pattern=r"^\W*(?:\d{1,4}[.)]\s+)?(?P<author>[^\n]{1,80}?)\s+(?:said|says|wrote|writes|commented|added"
        r"|replied|responded)(?:\s+(?:on|at|in reply to)\s+[^\n]{1,60})?\s*(?:\.{3}|…|:|,)\s*$",
        examples=(
            "Anonymous said...",
            "09. Jul, 2012 / Courtney says:",
            "Julie wrote:",
            "John Smith said on July 3, 2012:",
        ),
        counter_examples=("He said: the deal is off, and then he left the room.",),
    ),
    Cue(
        name="name_on_date",
        role="header",
        prefilter=r", on ",
        pattern=rf"^\W*(?:\d{{1,4}}[.)]\s+)?(?P<author>[^,\n]{{1,60}}),\s+on\s+(?:{_MONTH}\s+\d{{1,2}}"
        rf"(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}})[^\n]{{0,40}}$",
        examples=(" 1. Jamie Wayne, on November 7th, 2012 // Twitter: @jamieguijarro", "Ann, on 3 May 2012"),
        counter_examples=("The vote, on November 7th, 2012, was close and the city council said so at length.",),
    ),
    Cue(
        name="numbered_name_date",
        role="header",
        prefilter=r"^\s*\d{1,4}[.)]",
        pattern=rf"^\s*\d{{1,4}}[.)]\s+(?P<author>[^\n]{{1,80}}?)\s+[-–—|]\s+(?:{_MONTH}\s+\d{{1,2}}"
        rf"(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}})\s*$",
        examples=("      1. James Cannon - Runcorn Trekkie UK - October 26, 2012", "3. CmdrR - October 26, 2012"),
        counter_examples=("1. Launch - October 26, 2012 was the date we chose for it",),
    ),
    Cue(
        name="numbered_date",
        prefilter=r"^\s*\d{1,4}[.)]",
        role="stamp",
        pattern=rf"^\s*\d{{1,4}}[.)]\s+(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}})\s*$",
        examples=("    1. November 5, 2012", "2. 5 Nov 2012"),
        counter_examples=("1. November 5, 2012 was a good day for us all",),
    ),
    Cue(
        name="date_only_line",
        role="stamp",
        max_length=40,
        prefilter=r"^[\W_]*(?:[a-z]+\.?,?\s+){0,2}\d",
        pattern=rf"^[\W_]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?{_DATE}[\W_]*$",
        examples=("    Aug 8 2012", "November 8, 2012", "Friday, November 2, 2012"),
        counter_examples=("Born on November 8, 2012", "2012"),
    ),
    Cue(
        name="date_time_line",
        prefilter=r"\d[:.]\d\d|\bago\b",
        role="stamp",
        pattern=rf"^[^\n]{{0,80}}?(?:{DATE_TIME})[^\n]{{0,40}}$",
        examples=(
            "07.30.12 at 05:36",
            "September 10, 2012 4:45 AM",
            "Shelley Owen September 14th, 2012 at 11:19 am",
            "3 hours ago",
        ),
        counter_examples=("On January 5, 2012 the council met to discuss the budget and other matters.",),
    ),
)

#: A line that may be a commenter's name over the comment: a list marker, a profile link, a few words.
#: It marks a comment only when the next line is indented deeper and reads as prose (see thread.py).
NAME_LINE_CUE = Cue(
    name="name_over_text",
    role="header",
    pattern=r"^(?P<indent>[ \t]*)(?:[*•+▪◦‣○■□·-]\s+|\d{1,4}[.)]\s+)?(?:https?://\S+\s+)?"
    # a period only after a capital initial ("Amy D."), so that a short sentence is no name
    r"(?P<author>[^\s.!?,;:](?:[^.!?;:]|(?<=(?-i:[A-Z]))\.){0,40}?)\s*$",
    examples=("     * Jonathan Turner", "     * http://www.poynter.org Poynter", "   Gibbo", "     * Amy D."),
    counter_examples=("   This is a sentence.",),
)
