"""Refuses cross-site state changes before they reach GraphQL.

A browser can be made to POST a form (urlencoded, multipart, text/plain) to any site
without a preflight; requiring `application/json` rules those out. A request whose
`Origin` is not ours, or that a browser marks `Sec-Fetch-Site: cross-site`, is refused
too. GET never runs a mutation (the GraphQL endpoint refuses it).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CrossSiteGuard:
    def __init__(self, app: ASGIApp, *, trusted_origins: frozenset[str], paths: tuple[str, ...]):
        self.app = app
        self.trusted_origins = trusted_origins
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(Headers(scope=scope))
        if refusal is not None:
            status, reason = refusal
            await PlainTextResponse(reason, status_code=status)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, headers: Headers) -> tuple[int, str] | None:
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            return 415, "Send the request as application/json."
        origin = headers.get("origin")
        if origin is not None and origin.rstrip("/") not in self.trusted_origins:
            return 403, "Cross-site requests are not allowed."
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "Cross-site requests are not allowed."
        return None
