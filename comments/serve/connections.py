"""uvicorn's HTTP protocol, with a deadline for a request's headers.

uvicorn closes a keep-alive connection that stays silent after a response, but it holds a
connection that has not yet sent a whole request line and headers for as long as the client
likes. Each such connection counts towards the worker's connection limit, so 1,024 clients
that connect and send nothing (or a byte now and then) would leave every other client a 503.
Here a connection gets ``--body-timeout`` seconds, from when it opens or from its last
response, to send the headers of its next request; then it is closed. The body has its own
deadline of the same length (``Service.read_json``).

Nor does httptools bound the size of a request line and headers: a client could send megabytes of
one header within the deadline, on each of 1,024 connections. Past ``MAX_HEAD_BYTES`` the connection
is answered 431 and closed, as nginx and h11 refuse such requests (their limits are 8 to 64 KiB).
"""

from __future__ import annotations

import asyncio
import functools
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from comments.settings import ServeSettings

#: the most bytes a request line and its headers may take (h11, uvicorn's other parser, allows 16 KiB)
MAX_HEAD_BYTES = 64 * 1024
_TOO_LARGE_TEXT = f"The request line and headers are over {MAX_HEAD_BYTES:,} bytes.\n".encode()
_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_TOO_LARGE_TEXT), _TOO_LARGE_TEXT)
)


@functools.cache
def header_timeout() -> float:
    """The worker's ``body_timeout``: its settings come in the environment (see ``server.py``)."""
    from comments.serve.server import ENVIRONMENT, settings_from_json

    text = os.environ.get(ENVIRONMENT)
    return (settings_from_json(text) if text else ServeSettings()).body_timeout


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` that closes a connection whose request headers do not arrive in time."""

    _deadline: asyncio.TimerHandle | None = None
    #: bytes received since the connection began waiting for the headers of its next request
    _head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        waiting = self._deadline is not None
        super().data_received(data)
        if waiting and self._deadline is not None:  # the headers are not complete after all of ``data``
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES and not self.transport.is_closing():
                self._disarm()
                self.transport.write(_TOO_LARGE)
                self.transport.close()

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
        self._head_bytes = 0
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
