"""One log line per request, without the client's address or anything in the URL that
could be secret: the query string is dropped and token-like path segments masked."""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("mopper.access")

_TOKEN_LIKE = re.compile(r"^[A-Za-z0-9_\-]{16,}$")


def loggable_path(path: str) -> str:
    return "/".join("…" if _TOKEN_LIKE.match(part) else part for part in path.split("/"))


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                loggable_path(scope["path"]),
                status,
                (time.perf_counter() - started) * 1000,
            )
