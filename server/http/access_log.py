"""One log line per request, without the client's address or anything in the URL that
could be secret: the query string is dropped and token-like path segments masked.

Every request has an id: a sane `X-Request-ID` from the client or a proxy in front (8 to
64 letters, digits, `.`, `_` or `-`), else a new random one. It is set for everything
logged while the request is served (`domain.logs.request_id`), written on its access
line, and returned in the answer's `X-Request-ID`, so that a person reporting a problem
and the logs can point at the same request.

Every secret that could ever sit in a path (a receipt code, 24 characters even without
its dashes 20; a session or status token, 43 or 64) is 16 characters or longer, so any
segment that long is masked, whatever its alphabet or separators, unless it is the
name of a built asset (`index-4f3a9c1b.js`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.logs import request_id

logger = logging.getLogger("mopper.access")
_LINE = "%s %s %d %.1fms"
REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{8,64}")

SECRET_LENGTH = 16
_ASSET = re.compile(r"[\w.-]+\.(?:js|css|map|svg|png|ico|woff2?|webmanifest|txt)")


def loggable_path(path: str) -> str:
    if len(path) <= SECRET_LENGTH:  # "/graphql" and friends: nothing to mask
        return path
    return "/".join(
        "…" if len(part) >= SECRET_LENGTH and not _ASSET.fullmatch(part) else part
        for part in path.split("/")
    )


class AccessLog:
    """Lines are written at the next turn of the event loop, all the lines of that turn
    together: the same work, but out of the requests' deep call stacks and in one tight
    loop, which halves its cost under load (docs/performance.md). They are no later for
    it than the answers they describe."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.waiting: list[tuple[str, str, int, float, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        raw_id = _request_id(scope["headers"])
        this_request = raw_id.decode("ascii")
        token = request_id.set(this_request)

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (REQUEST_ID_HEADER, raw_id)]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            request_id.reset(token)
            if logger.isEnabledFor(logging.INFO):
                if not self.waiting:
                    asyncio.get_running_loop().call_soon(self.write)
                elapsed_ms = (time.perf_counter() - started) * 1000
                self.waiting.append(
                    (scope["method"], scope["path"], status, elapsed_ms, this_request)
                )

    def write(self) -> None:
        waiting, self.waiting = self.waiting, []
        for method, path, status, elapsed_ms, this_request in waiting:
            # A record made directly: `logger.info` would also search the stack for the
            # caller, which these lines never show.
            shown = loggable_path(path)
            args = (method, shown, status, elapsed_ms)
            record = logger.makeRecord(logger.name, logging.INFO, __file__, 0, _LINE, args, None)
            record.request_id = this_request
            record.fields = {
                "method": method,
                "path": shown,
                "status": status,
                "duration_ms": round(elapsed_ms, 2),
            }
            logger.handle(record)


def _request_id(raw_headers: list[tuple[bytes, bytes]]) -> bytes:
    for name, value in raw_headers:
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return value
            break
    return secrets.token_hex(8).encode()
