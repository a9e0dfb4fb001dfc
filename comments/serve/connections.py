"""uvicorn's HTTP protocol, with a deadline for a request's headers.

uvicorn closes a keep-alive connection that stays silent after a response, but it holds a
connection that has not yet sent a whole request line and headers for as long as the client
likes. Each such connection counts towards the worker's connection limit, so 1,024 clients
that connect and send nothing (or a byte now and then) would leave every other client a 503.
Here a connection gets ``--body-timeout`` seconds, from when it opens or from its last
response, to send the headers of its next request; then it is closed. The body has its own
deadline of the same length (``Service.read_json``).
"""

from __future__ import annotations

import asyncio
import functools
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from comments.settings import ServeSettings


@functools.cache
def header_timeout() -> float:
    """The worker's ``body_timeout``: its settings come in the environment (see ``server.py``)."""
    from comments.serve.server import ENVIRONMENT, settings_from_json

    text = os.environ.get(ENVIRONMENT)
    return (settings_from_json(text) if text else ServeSettings()).body_timeout


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` that closes a connection whose request headers do not arrive in time."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # a request whose headers came already starts now
        super().on_response_complete()
        if not pipelined and not self.transport.is_closing():
            self._arm()  # the next request on this connection has the same time for its headers

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        waiting = self.cycle is None or self.cycle.response_complete  # never a request being answered
        if waiting and not self.transport.is_closing():
            self.transport.close()
