"""Telling clients apart for throttling, without knowing who they are."""

from __future__ import annotations

import hashlib

from starlette.requests import Request


def client_key(request: Request) -> str:
    """Identifies the client for throttling only; it is hashed again before it is kept
    in memory, and never stored or logged."""
    host = request.client.host if request.client else "unknown"
    return hashlib.sha256(host.encode()).hexdigest()
