"""Per-request context: who is asking (looked up only when a resolver needs it) and the
request's dataloaders. Kept lean: `{ __typename }` costs no database round trip."""

from __future__ import annotations

import hashlib
from functools import cached_property

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from graphql_schema.loaders import Loaders
from graphql_schema.services import Services
from server.auth.principal import Principal
from server.auth.sessions import principal_for_token

_UNSET = object()


class Context:
    def __init__(self, request: Request, response: Response, services: Services) -> None:
        self.request = request
        self.response = response
        self.services = services
        self._principal: object = _UNSET

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
        """Identifies the client for throttling only; it is hashed again before it is kept
        in memory, and never stored or logged."""
        host = self.request.client.host if self.request.client else "unknown"
        return hashlib.sha256(host.encode()).hexdigest()


Info = strawberry.Info[Context, None]
