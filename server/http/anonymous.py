"""The anonymous channel's edge: what a browser sends to it never carries a session.

The web app sends anonymous requests with `credentials: "omit"`; this middleware makes
that true whatever the client does. It runs first, before the access log or anything
else, and takes the `Cookie` header out of every request to the anonymous channel's path
(so no code behind it can read a session, even by mistake), and any `Set-Cookie` out of
its answers (so the channel can never hand one out).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ANONYMOUS_PATH = "/graphql/anonymous"


class WithoutCookies:
    def __init__(self, app: ASGIApp, *, path: str = ANONYMOUS_PATH) -> None:
        self.app = app
        self.path = path

    def applies(self, path: str) -> bool:
        return path == self.path or path.startswith(self.path + "/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.applies(scope["path"]):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [h for h in scope["headers"] if h[0] != b"cookie"]}

        async def send_without_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"set-cookie"]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_without_cookies)
