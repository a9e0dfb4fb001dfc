"""Serve stage: an offline stand-in for Perspective API, and a batch endpoint, over the package's scorers.

A thin adapter over :mod:`comments.score` (no parsing, no reporting). ``comments serve``
calls :func:`serve`; :func:`create_app` gives the ASGI application itself, for a caller
that runs it under a server of its own.
"""

from __future__ import annotations

from comments.serve.app import create_app
from comments.serve.server import exposure_warning, serve

__all__ = ["create_app", "exposure_warning", "serve"]
