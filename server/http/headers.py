"""Security headers on every response (a header the app set itself is left alone)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The customer's status link carries its token in the URL fragment; no-referrer keeps
# any URL of ours from travelling to another site.
_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
# GraphiQL (development only) loads its scripts and styles from a CDN.
_GRAPHIQL_CSP = (
    "default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    "frame-ancestors 'none'"
)


def _raw(headers: dict[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple((name.encode(), value.encode()) for name, value in headers.items())


# Encoded once: this runs on every response.
_RAW = _raw({**_HEADERS, "content-security-policy": _CSP})
_RAW_GRAPHIQL = _raw({**_HEADERS, "content-security-policy": _GRAPHIQL_CSP})


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, graphiql_path: str = "/graphql") -> None:
        self.app = app
        self.graphiql_path = graphiql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        maybe_graphiql = scope["path"] == self.graphiql_path and scope["method"] == "GET"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower(): value for name, value in headers}
                # GraphiQL is the only HTML page served there (in development only).
                is_graphiql = maybe_graphiql and present.get(b"content-type", b"").startswith(
                    b"text/html"
                )
                extra = _RAW_GRAPHIQL if is_graphiql else _RAW
                headers.extend(h for h in extra if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
