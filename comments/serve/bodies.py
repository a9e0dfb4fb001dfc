"""A request body as JSON, refused with Google's 400 when it is not one this server can read and answer.

Beyond what ``json.loads`` refuses: a name given twice in one object (a proxy that reads the first
and this server, which would read the last, could see two different requests in one body), and a
string holding a lone surrogate escape (``"\\ud800"``), which cannot be written as UTF-8, so that
echoing it back (a ``clientToken``) or storing it would fail after the request was scored.
"""

from __future__ import annotations

import json
import re
from typing import Any

from comments.serve.perspective import invalid, shown_name

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class _Repeated(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _Repeated(shown_name(name))
        found[name] = value
    return found


def decode_body(body: bytes) -> Any:
    """The JSON value of ``body``, or :class:`~comments.serve.perspective.Rejected` (400) saying why not."""
    try:
        data = json.loads(body, object_pairs_hook=_unique_names)
    except _Repeated as err:
        raise invalid(f'Invalid JSON payload received. Duplicate name "{err.name}": give each field once.') from None
    except (ValueError, RecursionError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else type(err).__name__
        raise invalid(f"Invalid JSON payload received. {reason}.") from None
    if _SURROGATE_ESCAPE.search(body) and _holds_lone_surrogate(data):
        raise invalid(
            "Invalid JSON payload received. A string holds a lone surrogate escape (\\ud800-\\udfff), "
            "which is not valid UTF-8."
        )
    return data


def _holds_lone_surrogate(data: Any) -> bool:
    stack = [data]
    while stack:  # iterative: json.loads allows nesting deeper than a recursive walk would
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False
