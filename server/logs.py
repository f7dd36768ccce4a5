"""Logging set-up: plain lines to stderr, and never a client address (uvicorn's own access
log is switched off in favour of `server.http.access_log`)."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Strawberry logs every GraphQL error with the query; ours logs the unexpected ones.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
