"""Perspective API's request and response shapes (``v1alpha1``), read and written by their published reference.

Request fields of ``comments:analyze``: ``comment.text`` (required), ``comment.type``,
``context``, ``requestedAttributes`` (required: attribute name -> ``{scoreType,
scoreThreshold}``), ``spanAnnotations``, ``languages``, ``doNotStore``, ``clientToken``,
``sessionId``, ``communityId``. Like Google's JSON mapping of protocol buffers, each name is
also accepted in snake_case, and an unknown name is an error. ``comments:suggestscore``
takes ``comment``, ``context``, ``attributeScores``, ``languages``, ``communityId``,
``clientToken``, ``sessionId`` and (ours) ``doNotStore``.

Errors are :class:`Rejected` with the HTTP status and Google's canonical status name, and a
message in Perspective's words where Perspective's are known.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Perspective's attribute names for the model columns they stand for.
ATTRIBUTE_COLUMNS = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "obscene",
    "THREAT": "threat",
}
SCORE_TYPE = "PROBABILITY"
#: an ISO 639 or BCP-47 code: its primary subtag is the language
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")

ANALYZE_FIELDS = (
    "comment",
    "context",
    "requestedAttributes",
    "spanAnnotations",
    "languages",
    "doNotStore",
    "clientToken",
    "sessionId",
    "communityId",
)
SUGGEST_FIELDS = (
    "comment",
    "context",
    "attributeScores",
    "languages",
    "communityId",
    "clientToken",
    "sessionId",
    "doNotStore",
)


class Rejected(Exception):
    """A request the server refuses: ``status`` is the HTTP status, ``reason`` Google's canonical code name."""

    def __init__(self, status: int, message: str, reason: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.status, "message": self.message, "status": self.reason}}


def invalid(message: str) -> Rejected:
    return Rejected(400, message)


@dataclass(frozen=True, slots=True)
class Attribute:
    """One requested attribute: its Perspective name, the model column behind it, the score threshold asked."""

    name: str
    column: str
    threshold: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Analyze:
    """A valid ``comments:analyze`` request."""

    text: str
    attributes: tuple[Attribute, ...]
    languages: tuple[str, ...]
    span_annotations: bool
    do_not_store: bool
    client_token: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggest:
    """A valid ``comments:suggestscore`` request: the scores a moderator says the comment should have."""

    text: str
    scores: tuple[tuple[Attribute, float], ...]
    languages: tuple[str, ...]
    community_id: str | None
    client_token: str | None
    context: Any
    do_not_store: bool


@dataclass(frozen=True, slots=True)
class Catalog:
    """What this server can answer: attribute name -> column, and the languages its model reads."""

    attributes: Mapping[str, str]
    languages: tuple[str, ...]

    @classmethod
    def of(cls, columns: Sequence[str], languages: Sequence[str]) -> Catalog:
        return cls({name: col for name, col in ATTRIBUTE_COLUMNS.items() if col in columns}, tuple(languages))


def _fields(body: Any, known: Sequence[str]) -> dict[str, Any]:
    """The request object with snake_case names mapped to camelCase; unknown names rejected as Google does."""
    if not isinstance(body, dict):
        kind = "a list" if isinstance(body, list) else f"a {type(body).__name__}"
        raise invalid(f"Invalid JSON payload received. Expected an object at the top level, not {kind}.")
    by_snake = {_snake(name): name for name in known}
    out: dict[str, Any] = {}
    for name, value in body.items():
        camel = name if name in known else by_snake.get(name)
        if camel is None:
            raise invalid(f'Invalid JSON payload received. Unknown name "{shown_name(name)}": Cannot find field.')
        if camel in out:
            raise invalid(f'Invalid JSON payload received. Field "{camel}" is given twice.')
        out[camel] = value
    return out


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def shown_name(value: str, limit: int = 60) -> str:
    """A client-supplied name, short and printable, for an error message."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in value[:limit])
    return cleaned + ("…" if len(value) > limit else "")


def _bool(fields: Mapping[str, Any], name: str) -> bool:
    value = fields.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(f"Invalid value at '{name}' (TYPE_BOOL): {_json_kind(value)}")
    return value


def _optional_string(fields: Mapping[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid(f"Invalid value at '{name}' (TYPE_STRING): {_json_kind(value)}")
    return value


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def comment_text(fields: Mapping[str, Any], max_bytes: int) -> str:
    """``comment.text``: a non-empty string of at most ``max_bytes`` UTF-8 bytes."""
    comment = fields.get("comment")
    if comment is None:
        raise invalid("Comment must be non-empty.")
    if not isinstance(comment, dict):
        raise invalid(f"Invalid value at 'comment' (type.googleapis.com/TextEntry): {_json_kind(comment)}")
    for name in comment:
        if name not in ("text", "type"):
            raise invalid(
                f"Invalid JSON payload received. Unknown name \"{shown_name(name)}\" at 'comment': Cannot find field."
            )
    kind = comment.get("type")
    if kind is not None and kind != "PLAIN_TEXT":
        raise invalid(f"Invalid value at 'comment.type': only PLAIN_TEXT is supported, not {shown_name(str(kind))}")
    text = comment.get("text")
    if text is None or text == "":
        raise invalid("Comment must be non-empty.")
    if not isinstance(text, str):
        raise invalid(f"Invalid value at 'comment.text' (TYPE_STRING): {_json_kind(text)}")
    return checked_text(text, max_bytes, "Comment text")


def checked_text(text: str, max_bytes: int, what: str) -> str:
    """A text that is valid Unicode, not blank and not over the byte limit."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise invalid(f"{what} is not valid UTF-8: it holds a lone surrogate escape (\\ud800-\\udfff).") from None
    if size > max_bytes:
        raise invalid(f"{what} was too many bytes. Value ({size}) exceeded limit ({max_bytes}).")
    if not text.strip():
        raise invalid(f"{what} must be non-empty (it holds only white space).")
    return text


def _languages(fields: Mapping[str, Any]) -> tuple[str, ...]:
    value = fields.get("languages")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise invalid("Invalid value at 'languages': give a list of language codes such as [\"en\"]")
    for code in value:
        if not _LANGUAGE.fullmatch(code):
            raise invalid(f"Invalid value at 'languages': {shown_name(code)!r} is not an ISO 639-1 or BCP-47 code")
    return tuple(value)


def primary(code: str) -> str:
    """``en-US`` -> ``en``."""
    return re.split(r"[-_]", code, maxsplit=1)[0].lower()


def check_languages(requested: Sequence[str], attributes: Sequence[Attribute], catalog: Catalog) -> None:
    """Perspective refuses a request none of whose languages the attribute's model reads."""
    if requested and not any(primary(code) in catalog.languages for code in requested):
        shown = ",".join(shown_name(code) for code in requested)
        name = attributes[0].name if attributes else "TOXICITY"
        raise invalid(
            f"Attribute {name} does not support request languages: {shown} "
            f"(this server's model reads {', '.join(catalog.languages)})"
        )


def _attribute(name: Any, catalog: Catalog) -> str:
    if not isinstance(name, str) or name not in catalog.attributes:
        known = ", ".join(catalog.attributes)
        raise invalid(f"Unknown attribute {shown_name(str(name))}: this server scores {known}.")
    return catalog.attributes[name]


def _threshold(config: Mapping[str, Any], name: str) -> float | None:
    value = config.get("scoreThreshold", config.get("score_threshold"))
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise invalid(f"Invalid value at 'requestedAttributes[{name}].scoreThreshold': give a number from 0 to 1")
    return float(value)


def parse_analyze(body: Any, catalog: Catalog, *, max_text_bytes: int) -> Analyze:
    """A valid analyze request, or :class:`Rejected` saying what is wrong."""
    fields = _fields(body, ANALYZE_FIELDS)
    text = comment_text(fields, max_text_bytes)
    requested = fields.get("requestedAttributes")
    if not isinstance(requested, dict) or not requested:
        raise invalid('requestedAttributes must be an object naming at least one attribute, such as {"TOXICITY": {}}')
    attributes = []
    for name, config in requested.items():
        column = _attribute(name, catalog)
        if config is None:
            config = {}
        if not isinstance(config, dict):
            raise invalid(f"Invalid value at 'requestedAttributes[{name}]': give an object such as {{}}")
        unknown = set(config) - {"scoreType", "score_type", "scoreThreshold", "score_threshold"}
        if unknown:
            raise invalid(
                f'Invalid JSON payload received. Unknown name "{shown_name(sorted(unknown)[0])}" '
                f"at 'requestedAttributes[{name}]': Cannot find field."
            )
        score_type = config.get("scoreType", config.get("score_type"))
        if score_type not in (None, SCORE_TYPE):
            raise invalid(
                f"Unsupported score type for {name}: {shown_name(str(score_type))}; only PROBABILITY is supported"
            )
        attributes.append(Attribute(name, column, _threshold(config, name)))
    languages = _languages(fields)
    check_languages(languages, attributes, catalog)
    _optional_string(fields, "sessionId")
    _optional_string(fields, "communityId")
    return Analyze(
        text=text,
        attributes=tuple(attributes),
        languages=languages,
        span_annotations=_bool(fields, "spanAnnotations"),
        do_not_store=_bool(fields, "doNotStore"),
        client_token=_optional_string(fields, "clientToken"),
    )


def parse_suggest(body: Any, catalog: Catalog, *, max_text_bytes: int) -> Suggest:
    """A valid suggestscore request, or :class:`Rejected`."""
    fields = _fields(body, SUGGEST_FIELDS)
    text = comment_text(fields, max_text_bytes)
    given = fields.get("attributeScores")
    if not isinstance(given, dict) or not given:
        raise invalid('attributeScores must be an object such as {"TOXICITY": {"summaryScore": {"value": 1}}}')
    scores = []
    for name, score in given.items():
        column = _attribute(name, catalog)
        summary = score.get("summaryScore", score.get("summary_score")) if isinstance(score, dict) else None
        value = summary.get("value") if isinstance(summary, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise invalid(f"Invalid value at 'attributeScores[{name}].summaryScore.value': give a number from 0 to 1")
        if not 0 <= value <= 1:
            raise invalid(f"Invalid value at 'attributeScores[{name}].summaryScore.value': {value} is not in [0, 1]")
        scores.append((Attribute(name, column, None), float(value)))
    languages = _languages(fields)
    _optional_string(fields, "sessionId")
    return Suggest(
        text=text,
        scores=tuple(scores),
        languages=languages,
        community_id=_optional_string(fields, "communityId"),
        client_token=_optional_string(fields, "clientToken"),
        context=fields.get("context"),
        do_not_store=_bool(fields, "doNotStore"),
    )


def _score(value: float) -> dict[str, Any]:
    return {"value": value, "type": SCORE_TYPE}


def analyze_response(
    request: Analyze,
    summary: Mapping[str, float],
    spans: Sequence[tuple[int, int, Mapping[str, float]]],
    *,
    languages: Sequence[str],
    detected: Sequence[str],
) -> dict[str, Any]:
    """The response body: ``summary`` holds each column's score of the whole text, ``spans`` each sentence's."""
    scores: dict[str, Any] = {}
    for attribute in request.attributes:
        value = summary[attribute.column]
        entry: dict[str, Any] = {}
        if request.span_annotations:
            entry["spanScores"] = [
                {"begin": begin, "end": end, "score": _score(row[attribute.column])}
                for begin, end, row in spans
                if attribute.threshold is None or row[attribute.column] >= attribute.threshold
            ]
        if attribute.threshold is None or value >= attribute.threshold:
            entry["summaryScore"] = _score(value)
        if entry:
            scores[attribute.name] = entry
    body: dict[str, Any] = {
        "attributeScores": scores,
        "languages": list(languages),
        "detectedLanguages": list(detected),
    }
    if request.client_token is not None:
        body["clientToken"] = request.client_token
    return body
