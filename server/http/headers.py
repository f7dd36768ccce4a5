"""Security headers on every response (a header the app set itself is left alone),
with two more where they apply:

- `Cache-Control: no-store` on every answer under `/graphql` (the API, and the anonymous
  channel beside it): answers hold people's items and sessions' data, which no browser
  cache or proxy should keep. Always set there, whatever the endpoint said.
- `Strict-Transport-Security` in production (two years, subdomains too): after one visit
  over https a browser never talks plain http to Mopper again.
"""

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


HSTS = "max-age=63072000; includeSubDomains"
API_PREFIX = "/graphql"
_NO_STORE = (b"cache-control", b"no-store")


def is_api_path(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, graphiql_path: str = "/graphql", hsts: bool) -> None:
        self.app = app
        self.graphiql_path = graphiql_path
        # Encoded once: this runs on every response.
        transport = {"strict-transport-security": HSTS} if hsts else {}
        self._raw = _raw({**_HEADERS, **transport, "content-security-policy": _CSP})
        self._raw_graphiql = _raw(
            {**_HEADERS, **transport, "content-security-policy": _GRAPHIQL_CSP}
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        maybe_graphiql = path == self.graphiql_path and scope["method"] == "GET"
        api = is_api_path(path)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if api:
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append(_NO_STORE)
                present = {name.lower(): value for name, value in headers}
                # GraphiQL is the only HTML page served there (in development only).
                is_graphiql = maybe_graphiql and present.get(b"content-type", b"").startswith(
                    b"text/html"
                )
                extra = self._raw_graphiql if is_graphiql else self._raw
                headers.extend(h for h in extra if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
