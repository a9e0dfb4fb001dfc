"""The ASGI application (Starlette): Perspective's two methods, the batch endpoint, the health check.

Routes::

    POST /v1alpha1/comments:analyze       Perspective's AnalyzeComment
    POST /v1alpha1/comments:suggestscore  Perspective's SuggestCommentScore (kept only with --feedback FILE)
    POST /v1/score                        {"texts": [...]} -> every score column of comments.csv, per text
    GET  /healthz                         the scorers loaded, no key needed

Every error is Google's shape, ``{"error": {"code", "message", "status"}}``. A body is read
only after the key is checked, refused unread when its ``Content-Length`` is over the limit,
and abandoned with 413 as soon as the bytes read pass it, or with 408 when the client takes
longer than the body timeout to send it. Nothing here logs a comment's text or a key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import math
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from comments.score import Scorer, default_scorers, default_threshold
from comments.serve.bodies import decode_body
from comments.serve.feedback import Decision, FeedbackStore
from comments.serve.languages import UNDETERMINED, detect_language, scorer_languages
from comments.serve.perspective import (
    ATTRIBUTE_COLUMNS,
    Analyze,
    Catalog,
    Rejected,
    analyze_response,
    check_languages,
    checked_text,
    invalid,
    parse_analyze,
    parse_suggest,
    primary,
)
from comments.serve.scoring import MAX_BATCH_TEXTS, Batcher, Engine, sentence_spans
from comments.settings import ServeSettings
from comments.version import __version__

log = logging.getLogger("comments.serve")
access = logging.getLogger("comments.serve.access")

#: scored by each worker at startup, so that every model is loaded before the first request
WARM_UP = "Models load once per worker. Then they score."
ROUTES = (
    "POST /v1alpha1/comments:analyze",
    "POST /v1alpha1/comments:suggestscore",
    "POST /v1/score",
    "GET /healthz",
)


class Service:
    """What one worker holds: its settings, its scorers (loaded once), the batcher and the feedback file."""

    def __init__(self, settings: ServeSettings, scorers: Sequence[Scorer] | None = None) -> None:
        self.settings = settings
        self.scorers = tuple(scorers) if scorers is not None else default_scorers(settings.score)
        threshold = settings.analyze.toxicity_threshold
        self.engine = Engine(
            self.scorers,
            long_comment_chars=settings.analyze.long_comment_chars,
            toxicity_threshold=default_threshold(self.scorers) if threshold is None else threshold,
        )
        attribute_scorers = [s for s in self.scorers if set(s.columns) & set(ATTRIBUTE_COLUMNS.values())]
        self.catalog = Catalog.of(self.engine.columns, scorer_languages(attribute_scorers))
        self.batcher: Batcher | None = None
        self.store: FeedbackStore | None = None
        self._keys = tuple(key.encode() for key in settings.api_keys)

    async def start(self) -> None:
        """Start the scoring thread and load every model with a first text, so the first request is not slow."""
        self.batcher = Batcher(self.engine.score, window=self.settings.batch_window_ms / 1000)
        self.batcher.start()
        await self.batcher.submit(self.engine.comment_needs([WARM_UP], self.scorers))
        sentence_spans(WARM_UP)  # the sentence splitter compiles its rules on first use
        if self.settings.feedback is not None:
            self.store = FeedbackStore(self.settings.feedback)
        log.info(
            "worker ready: %s; Perspective attributes %s",
            ", ".join(s.name for s in self.scorers),
            ", ".join(self.catalog.attributes) or "none",
        )

    async def stop(self) -> None:
        if self.batcher is not None:
            await self.batcher.close()
        if self.store is not None:
            self.store.close()

    def authorize(self, request: Request) -> None:
        """With ``--api-key``, every scoring request must carry one of the keys."""
        if not self._keys:
            return
        given = request.query_params.get("key") or request.headers.get("x-goog-api-key")
        if not given:
            raise Rejected(403, "The request is missing a valid API key.", "PERMISSION_DENIED")
        given_bytes = given.encode()
        if not any(hmac.compare_digest(given_bytes, key) for key in self._keys):
            raise Rejected(403, "API key not valid. Please pass a valid API key.", "PERMISSION_DENIED")

    async def read_json(self, request: Request) -> Any:
        """The request body as JSON, read within the size limit and the body timeout."""
        limit = self.settings.max_body_bytes
        too_large = Rejected(413, f"Request payload size exceeds the limit: {limit} bytes.")
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise invalid("Content-Length must be a number of bytes")
            if int(declared) > limit:
                raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.settings.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
        except ClientDisconnect:  # the client's doing, not the server's: no error in the log, no 500
            raise invalid("The client closed the connection before its body arrived.") from None
        except TimeoutError:
            raise Rejected(
                408,
                f"The request body took longer than {self.settings.body_timeout:g} s to arrive.",
                "DEADLINE_EXCEEDED",
            ) from None
        return decode_body(b"".join(chunks))

    async def scores(
        self, texts: Sequence[str], scorers: Sequence[Scorer], *, language: str | None = None
    ) -> list[dict[str, float]]:
        """The report's comment scores of each text from these scorers, batched with whatever else is waiting
        (in ``language`` when the client names it, else in each text's own)."""
        assert self.batcher is not None
        tables = await self.batcher.submit(self.engine.comment_needs(texts, scorers, language=language))
        return [self.engine.comment_scores(text, tables, scorers, language=language) for text in texts]

    def attribute_scorers(self, columns: Sequence[str]) -> list[Scorer]:
        return list(dict.fromkeys(self.engine.by_column[col] for col in columns))


def _error(rejected: Rejected) -> JSONResponse:
    return JSONResponse(rejected.body(), status_code=rejected.status)


def _endpoint(handler: Callable[[Service, Request], Awaitable[Any]], service: Service) -> Callable[..., Any]:
    async def endpoint(request: Request) -> Response:
        try:
            if service.batcher is None:
                return JSONResponse(await handler(service, request))
            with service.batcher.tracking():
                body = await handler(service, request)
            return JSONResponse(body)
        except Rejected as rejected:
            return _error(rejected)
        except Exception as err:  # a bug or a failing model: one request fails, the server goes on
            path = loggable(request.url.path, secrets=service.settings.api_keys)
            log.error("%s %s failed: %s", request.method, path, type(err).__name__)
            return _error(
                Rejected(500, "Internal error: the request could not be scored; see the server log.", "INTERNAL")
            )

    return endpoint


async def analyze(service: Service, request: Request) -> dict[str, Any]:
    service.authorize(request)
    body = await service.read_json(request)
    query = parse_analyze(body, service.catalog, max_text_bytes=service.settings.max_text_bytes)
    languages = _languages(service, query)
    declared = _declared(service, query.languages)
    scorers = service.attribute_scorers([a.column for a in query.attributes])
    spans = sentence_spans(query.text) if query.span_annotations else []
    assert service.batcher is not None
    needs = service.engine.comment_needs([query.text], scorers, language=declared)
    for scorer in scorers:
        needs[scorer.name] = [*needs[scorer.name], *(span.text for span in spans)]
    tables = await service.batcher.submit(needs)
    summary = service.engine.comment_scores(query.text, tables, scorers, language=declared)
    span_rows = [
        (span.begin, span.end, {col: v for s in scorers for col, v in tables[s.name][span.text].items()})
        for span in spans
    ]
    return analyze_response(query, summary, span_rows, languages=languages, detected=[detect_language(query.text)])


def _declared(service: Service, languages: Sequence[str]) -> str | None:
    """The language a request names for its comment: the first of its ``languages`` the model reads. The
    request is taken at its word (Perspective's rule; the report's --language), whatever the identifier
    makes of the text; None when it names none."""
    return next((primary(code) for code in languages if primary(code) in service.catalog.languages), None)


def _languages(service: Service, query: Analyze) -> list[str]:
    """The languages the response names: the request's, else the detected one, else the model's."""
    if query.languages:
        return list(query.languages)
    detected = detect_language(query.text)
    if detected == UNDETERMINED:
        return list(service.catalog.languages)
    check_languages([detected], query.attributes, service.catalog)
    return [primary(detected)]


async def suggest(service: Service, request: Request) -> dict[str, Any]:
    service.authorize(request)
    body = await service.read_json(request)
    query = parse_suggest(body, service.catalog, max_text_bytes=service.settings.max_text_bytes)
    if service.store is not None and not query.do_not_store:
        columns = [attribute.column for attribute, _ in query.scores]
        scorers = service.attribute_scorers(columns)
        (model,) = await service.scores([query.text], scorers, language=_declared(service, query.languages))
        decisions = [
            Decision(
                attribute=attribute.name,
                suggested=value,
                model_score=model.get(attribute.column),
                scorer=service.engine.by_column[attribute.column].name,
                text=query.text,
                languages=query.languages,
                community_id=query.community_id,
                client_token=query.client_token,
                context=query.context,
            )
            for attribute, value in query.scores
        ]
        await asyncio.to_thread(service.store.add, decisions)
    return {} if query.client_token is None else {"clientToken": query.client_token}


async def score(service: Service, request: Request) -> dict[str, Any]:
    service.authorize(request)
    body = await service.read_json(request)
    if not isinstance(body, dict) or set(body) != {"texts"}:
        raise invalid('Invalid JSON payload received. Expected an object {"texts": ["a comment", ...]}.')
    texts = body["texts"]
    limit = service.settings.max_texts
    if not isinstance(texts, list) or not texts:
        raise invalid("texts must be a non-empty list of strings")
    if len(texts) > limit:
        raise invalid(f"texts holds {len(texts):,} texts; send at most {limit:,} per request (--max-texts)")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise invalid(f"Invalid value at 'texts[{i}]' (TYPE_STRING): not a string")
        checked_text(text, service.settings.max_text_bytes, f"texts[{i}]")
    engine = service.engine
    results: list[dict[str, Any]] = []
    for start in range(0, len(texts), MAX_BATCH_TEXTS):  # one batch at a time, so other requests get in between
        chunk = texts[start : start + MAX_BATCH_TEXTS]
        for text, scores in zip(chunk, await service.scores(chunk, service.scorers), strict=True):
            # a scorer that does not read the text's language leaves its columns null (NaN in the report)
            row: dict[str, Any] = {
                "unit": engine.unit(text),
                **{c: None if math.isnan(v) else v for c, v in scores.items()},
            }
            if "toxicity" in scores:
                row["toxic"] = None if row["toxicity"] is None else scores["toxicity"] >= engine.toxicity_threshold
            results.append(row)
    return {
        "columns": list(engine.columns),
        "toxicity_threshold": engine.toxicity_threshold,
        "scorers": [s.name for s in service.scorers],
        "results": results,
    }


async def health(service: Service, request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "scorers": [{"name": s.name, "columns": list(s.columns)} for s in service.scorers],
        "attributes": list(service.catalog.attributes),
        "languages": list(service.catalog.languages),
        "toxicity_threshold": service.engine.toxicity_threshold,
        "worker": {
            "pid": os.getpid(),
            "batches": batcher.batches if (batcher := service.batcher) else 0,
            "requests_scored": batcher.jobs if batcher else 0,
        },
    }


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if status == 405:
        rejected = Rejected(405, f"{request.method} is not allowed on {loggable(request.url.path)}.", "UNIMPLEMENTED")
    else:
        path = loggable(request.url.path)
        rejected = Rejected(404, f"No such endpoint: {path}. This server answers {'; '.join(ROUTES)}.", "NOT_FOUND")
    return _error(rejected)


def loggable(path: str, limit: int = 200, *, secrets: Sequence[str] = ()) -> str:
    """A request path as it may be logged: any API key in it hidden (a client that put its key in the
    path), control characters escaped (no forged lines), cut short."""
    for secret in secrets:
        path = path.replace(secret, "[key]")
    escaped = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in path[:limit])
    return escaped + ("…" if len(path) > limit else "")


class AccessLog:
    """One line per request: client, method, path (never the query, which may hold a key), status, time."""

    def __init__(self, app: ASGIApp, secrets: Sequence[str] = ()) -> None:
        self.app = app
        self.secrets = tuple(secret for secret in secrets if secret)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client")
            where = f"{client[0]}:{client[1]}" if client else "-"
            elapsed = (time.perf_counter() - start) * 1000
            path = loggable(scope["path"], secrets=self.secrets)
            access.info('%s "%s %s" %s %.1f ms', where, scope["method"], path, status, elapsed)


def create_app(settings: ServeSettings | None = None, scorers: Sequence[Scorer] | None = None) -> Starlette:
    """The application for one worker; models load at startup (uvicorn's lifespan), once."""
    service = Service(settings or ServeSettings(), scorers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    routes = [
        Route("/v1alpha1/comments:analyze", _endpoint(analyze, service), methods=["POST"]),
        Route("/v1alpha1/comments:suggestscore", _endpoint(suggest, service), methods=["POST"]),
        Route("/v1/score", _endpoint(score, service), methods=["POST"]),
        Route("/healthz", _endpoint(health, service), methods=["GET"]),
    ]
    keys = service.settings.api_keys
    middleware = [Middleware(AccessLog, secrets=keys)] if service.settings.access_log else []
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: _not_found, 405: _not_found},
        lifespan=lifespan,
    )
    app.state.service = service
    return app
