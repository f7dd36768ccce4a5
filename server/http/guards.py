"""Refuses cross-site state changes before they reach GraphQL.

A browser can be made to POST a form (urlencoded, multipart, text/plain) to any site
without a preflight; requiring `application/json` rules those out. A request whose
`Origin` is not ours, or that a browser marks `Sec-Fetch-Site: cross-site`, is refused
too. GET never runs a mutation (the GraphQL endpoint refuses it).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from graphql_schema.refusals import refusal

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
CROSS_SITE_REQUEST = "CROSS_SITE_REQUEST"


class CrossSiteGuard:
    def __init__(self, app: ASGIApp, *, trusted_origins: frozenset[str], paths: tuple[str, ...]):
        self.app = app
        self.trusted_origins = trusted_origins
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in _SAFE_METHODS
            or scope["path"] not in self.paths
        ):
            await self.app(scope, receive, send)
            return
        refusal_reason = self.refusal(scope["headers"])
        if refusal_reason is not None:
            status, code, message = refusal_reason
            await refusal(status, code, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, raw_headers: Iterable[tuple[bytes, bytes]]) -> tuple[int, str, str] | None:
        # One pass over the raw headers (ASGI gives their names in lower case): this
        # runs on every POST.
        content_type = origin = fetch_site = None
        for name, value in raw_headers:
            if name == b"content-type":
                content_type = value
            elif name == b"origin":
                origin = value
            elif name == b"sec-fetch-site":
                fetch_site = value
        media_type = (content_type or b"").split(b";", 1)[0].strip().lower()
        if media_type != b"application/json":
            return 415, UNSUPPORTED_MEDIA_TYPE, "Send the request as application/json."
        if origin is not None and origin.decode("latin-1").rstrip("/") not in self.trusted_origins:
            return 403, CROSS_SITE_REQUEST, "Cross-site requests are not allowed."
        if fetch_site == b"cross-site":
            return 403, CROSS_SITE_REQUEST, "Cross-site requests are not allowed."
        return None
