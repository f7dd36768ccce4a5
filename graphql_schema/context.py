"""Per-request context: who is asking (looked up only when a resolver needs it), the
request's dataloaders, and the cookies a resolver sets. Kept lean: building it costs
no database round trip and almost no allocation, so `{ __typename }` stays cheap."""

from __future__ import annotations

from functools import cached_property

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from domain.auth.principal import Principal
from domain.auth.sessions import principal_for_token
from graphql_schema.clients import client_key
from graphql_schema.loaders import Loaders
from graphql_schema.services import Services

_UNSET = object()


class Context:
    def __init__(self, request: Request, services: Services) -> None:
        self.request = request
        self.services = services
        self._principal: object = _UNSET

    @cached_property
    def response(self) -> Response:
        """Collects the cookies and headers resolvers set; the view copies them onto the
        answer. Made only when a resolver asks for it (login, logout)."""
        return Response()

    @property
    def session_token(self) -> str | None:
        return self.request.cookies.get(self.services.settings.session_cookie_name)

    async def principal(self) -> Principal | None:
        if self._principal is _UNSET:
            self._principal = await principal_for_token(self.session_token)
        return self._principal  # type: ignore[return-value]

    def forget_principal(self, principal: Principal | None = None) -> None:
        self._principal = principal

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders()

    @cached_property
    def client_key(self) -> str:
        return client_key(self.request)

    def headers_for_answer(self) -> list[tuple[bytes, bytes]]:
        """The headers (Set-Cookie) resolvers added, to send with the answer."""
        if "response" not in self.__dict__:
            return []
        return [
            (name, value)
            for name, value in self.response.raw_headers
            if name not in (b"content-length", b"content-type")
        ]


Info = strawberry.Info[Context, None]
