"""The anonymous channel's per-request context.

It holds what anonymous operations need — the app's services, dataloaders and the
client's address to throttle receipt look-ups by (the throttles keep only a keyed hash
of it) — and nothing that leads to a person: no request (so no cookies or headers), no
session, no principal, no way to set a cookie. The server strips
the `Cookie` header from this path before anything sees it (`server/http/anonymous.py`);
this type makes sure no resolver could have read one anyway.
"""

from __future__ import annotations

from functools import cached_property

import strawberry
from starlette.requests import Request

from graphql_schema.loaders import Loaders
from graphql_schema.services import Services


class AnonymousContext:
    def __init__(self, request: Request, services: Services) -> None:
        # The request is read here, for the throttles only, and not kept. Behind a
        # trusted proxy the app's middleware has put the real client here already.
        self.client_address = request.client.host if request.client else "unknown"
        self.services = services

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders()

    def headers_for_answer(self) -> list[tuple[bytes, bytes]]:
        """Nothing: the anonymous channel never sets a cookie."""
        return []


AnonymousInfo = strawberry.Info[AnonymousContext, None]
