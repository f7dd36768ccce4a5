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
        return self.request.cookies.get(self.services.settings.session_cookie)

    async def principal(self) -> Principal | None:
        if self._principal is _UNSET:
            self._principal = await principal_for_token(self.session_token)
        return self._principal  # type: ignore[return-value]

    def forget_principal(self, principal: Principal | None = None) -> None:
        self._principal = principal

    @cached_property
    def loaders(self) -> Loaders:
        return Loaders()

    @property
    def client_address(self) -> str:
        """The client's address, for the throttles only (which keep a keyed hash of it;
        it is never stored or logged). Behind a trusted proxy the app's middleware has
        already put the real client here (MOPPER_TRUSTED_PROXIES)."""
        return self.request.client.host if self.request.client else "unknown"

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
