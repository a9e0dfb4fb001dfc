"""Running the service under uvicorn: one or more worker processes, a graceful stop on SIGTERM.

Workers are uvicorn's own (``--workers N`` starts N processes that share the listening
socket); each builds the application from the settings this process hands it in the
environment, and loads its own copy of the models once. On SIGTERM uvicorn stops
accepting connections, lets the requests in flight finish (for at most ``GRACE_SECONDS``),
then the application scores what is still queued and exits.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from comments.settings import AnalyzeSettings, ScoreSettings, ServeSettings

#: how the settings travel to uvicorn's worker processes
ENVIRONMENT = "COMMENTS_SERVE_SETTINGS"
#: requests in flight at SIGTERM get this long to finish
GRACE_SECONDS = 30
#: connections a worker holds at once; more get 503 (with --max-body, this bounds the memory bodies can take)
MAX_CONNECTIONS = 1_024


def settings_to_json(settings: ServeSettings) -> str:
    score, analyze = settings.score, settings.analyze
    data: dict[str, Any] = {
        name: getattr(settings, name) for name in ServeSettings.__dataclass_fields__ if name not in ("score", "analyze")
    }
    data["api_keys"] = list(settings.api_keys)
    data["feedback"] = None if settings.feedback is None else str(settings.feedback)
    data["score"] = {
        "toxicity": score.toxicity,
        "toxicity_model_dir": None if score.toxicity_model_dir is None else str(score.toxicity_model_dir),
    }
    data["analyze"] = {name: getattr(analyze, name) for name in AnalyzeSettings.__dataclass_fields__}
    return json.dumps(data)


def settings_from_json(text: str) -> ServeSettings:
    data = json.loads(text)
    score = data.pop("score")
    model_dir = score.pop("toxicity_model_dir")
    return ServeSettings(
        **{
            **data,
            "api_keys": tuple(data["api_keys"]),
            "feedback": None if data["feedback"] is None else Path(data["feedback"]),
            "score": ScoreSettings(**score, toxicity_model_dir=None if model_dir is None else Path(model_dir)),
            "analyze": AnalyzeSettings(**data["analyze"]),
        }
    )


def app_from_environment() -> Starlette:
    """uvicorn's application factory in each worker process."""
    from comments.serve.app import create_app

    return create_app(settings_from_json(os.environ[ENVIRONMENT]))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(settings: ServeSettings) -> str | None:
    """What to tell the user who listens beyond this machine without a key."""
    if is_loopback(settings.host) or settings.api_keys:
        return None
    stored = f" and append to {settings.feedback}" if settings.feedback is not None else ""
    return (
        f"listening on {settings.host}:{settings.port} without --api-key: anyone who can reach this port can "
        f"score text on this machine{stored}, and requests travel unencrypted; give --api-key KEY, or listen on "
        "127.0.0.1 behind a proxy that authenticates and terminates TLS"
    )


def check(settings: ServeSettings) -> None:
    """Load the scorers and open the feedback file here, so that a problem is one error before any worker starts."""
    from comments.serve.app import WARM_UP, Service
    from comments.serve.feedback import FeedbackStore

    service = Service(settings)
    service.engine.score([service.engine.comment_needs([WARM_UP], service.scorers)])
    if settings.feedback is not None:
        FeedbackStore(settings.feedback).close()


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with this package's loggers on the same handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["comments"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def serve(settings: ServeSettings) -> None:
    """Listen until SIGTERM or Ctrl-C."""
    import uvicorn

    from comments.serve.connections import HeaderDeadlineProtocol

    check(settings)
    os.environ[ENVIRONMENT] = settings_to_json(settings)
    uvicorn.run(
        "comments.serve.server:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        access_log=False,  # uvicorn's access line holds the query string, where Perspective clients put the key
        log_config=log_config(),
        server_header=False,
        timeout_graceful_shutdown=GRACE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
        http=HeaderDeadlineProtocol,  # a connection that never sends its headers is closed, not held
        lifespan="on",
    )
