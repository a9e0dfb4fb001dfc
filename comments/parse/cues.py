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
    kind: str
    """For clutter cues, the clutter kind written to clutter.csv."""
    pattern: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, text: str) -> bool:
        return self.regex.search(text) is not None


_CAPTION_WORD = r"(?:photo|image|picture|illustration|graphic|video)s?"

CLUTTER_CUES: tuple[Cue, ...] = (
    Cue(
        name="caption_credit_suffix",
        kind="caption",
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
        kind="related",
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
        kind="category",
        # Two or more short Title-Case section names separated by commas, nothing else.
        pattern=r"^[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}(?:, ?[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*){0,2}){1,8}$",
        examples=("International, More", "Politics, World, Europe"),
        counter_examples=("International relations are worse, he said.", "Moscow"),
    ),
    Cue(
        name="editor_credit",
        kind="credit",
        pattern=r"^(?:edited|translated|compiled|written|reported|produced)(?: and \w+)? by\s*:?\s*.{1,60}$",
        examples=("Edited by: A. N.", "Translated by Jane Doe"),
        counter_examples=("Edited by committee, the bill passed anyway after a long debate in the chamber.",),
    ),
    Cue(
        name="donation_appeal",
        kind="appeal",
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
        kind="tags",
        pattern=r"^(?:tags|tagged|tagged with|topics|keywords)\s*:",
        examples=("Tags: , , , , , , , ,", "Tagged: Russia, Trump"),
        counter_examples=("Tags are useful, she said.",),
    ),
    Cue(
        name="opinion_disclaimer",
        kind="disclaimer",
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
        kind="comment_header",
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
        kind="interface",
        pattern=r"^[\W_]*(?:reply|replies|report(?: (?:abuse|comment|this))?|permalink|link|like|unlike|share|quote"
        r"|flag|edit|delete|recommend|follow|hide|collapse|expand|vote|upvote|downvote|log in to reply"
        r"|reply to (?:this )?comment|reply with quote|add a reply|comment link|cancel reply"
        r"|(?:reply|like|share|report)(?:\s*[|·•]\s*(?:reply|like|share|report|permalink|quote|flag|link|edit))+)"
        r"[\W_]*$",
        examples=("Reply", "Reply ↓", "Report abuse", "Permalink", "#", "Reply | Quote", "[Reply]", "Like · Reply"),
        counter_examples=("Reply to Tony: you are wrong.", "I like it", "Share the wealth, I say."),
    ),
    Cue(
        name="vote_counts",
        kind="interface",
        pattern=r"^(?:thumbs? up\s*\d*\s*thumbs? down\s*\d*|\d+\s*(?:likes?|points?|votes?|replies|upvotes?)"
        r"|(?:likes?|points?|votes?)\s*:?\s*[+-]?\d+|[+-]\d+|\d+\s*\|\s*\d+|↑\s*\d+\s*↓\s*\d+)$",
        examples=("Thumb up 1 Thumb down 0", "12 likes", "Points: 3", "+5"),
        counter_examples=("12 likes were not enough for him", "2012"),
    ),
    Cue(
        name="orphan_header_verb",
        kind="interface",
        pattern=r"^(?:says|said|wrote|writes|commented)\s*(?:\.{3}|…|:)?$",
        examples=("wrote:", "said...", "says:"),
        counter_examples=("he said so",),
    ),
    Cue(
        name="meta_leftover",
        kind="interface",
        # what is left of "Posted by: NAME | DATE" once the name and the date are taken out
        pattern=r"^(?:[\W_]|\b(?:posted|written|submitted|by|on|at|in|said|says|wrote|reply|permalink)\b)*$",
        examples=("Posted by: |", "by on at", "— ,"),
        counter_examples=("Posted by Ann", "on it"),
    ),
    Cue(
        name="bare_hash",
        kind="interface",
        pattern=r"^[#¶§]+$|^\[?\s*link\s*\]?$",
        examples=("#", "¶", "[link]"),
        counter_examples=("#metoo is here",),
    ),
)
