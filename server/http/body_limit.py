"""Refuses a request body over the limit before any of it is parsed.

A declared `Content-Length` over the limit is refused at once, without reading a byte.
A body without one (chunked) is counted as the app reads it, and refused the moment
it passes the limit, before the JSON parser sees it. (A body with a declared length is
never longer than that: the server reads exactly that many bytes.)

This takes the place of Starlette's `max_body_size`, which answers in plain text and
overrides any answer of ours; here the refusal has the API's shape and code.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_schema.refusals import refusal

TOO_LARGE = "REQUEST_TOO_LARGE"


class _TooLarge(Exception):
    pass


class RequestSizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((v for n, v in scope["headers"] if n == b"content-length"), None)
        if declared is not None and declared.isdigit():
            if int(declared) > self.max_bytes:
                await self.refuse(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        await self.counting(scope, receive, send)

    async def counting(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        responded = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def noting_send(message: Message) -> None:
            nonlocal responded
            responded = responded or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, noting_send)
        except _TooLarge:
            if responded:
                raise
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = refusal(
            413, TOO_LARGE, f"The request is larger than the limit of {self.max_bytes} bytes."
        )
        await response(scope, receive, send)
