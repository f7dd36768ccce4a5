"""Mopper signing people in through the real OpenID provider (tests/support/oidc.py).

`sso_app(provider)` is the real app with single sign-on set up for the provider's first
client; `browser(app)` is one browser: the app over ASGI at BASE_URL (where the
provider's client sends people back to), the provider over real HTTP, cookies kept.
`TokenSwap` stands between Mopper and the provider's token endpoint and replaces the ID
token in its answer with one the test forges, as a man in the middle would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import httpx2
from joserfc import jwt
from pydantic import SecretStr
from starlette.applications import Starlette

from domain.settings import Settings, get_settings
from server.app import create_app
from tests.support.api import BASE_URL
from tests.support.oidc import SCOPE, OidcProvider

FLOW_COOKIE = "mopper_sso"


def sso_settings(provider: OidcProvider, **changes: Any) -> Settings:
    return get_settings().model_copy(
        update={
            "oidc_issuer": provider.issuer,
            "oidc_client_id": provider.client_id,
            "oidc_client_secret": SecretStr(provider.client_secret),
            "oidc_name": "Acme ID",
            "oidc_scopes": SCOPE,
            **changes,
        }
    )


def sso_app(
    provider: OidcProvider,
    *,
    transport: httpx2.AsyncBaseTransport | None = None,
    **changes: Any,
) -> Starlette:
    return create_app(
        sso_settings(provider, **changes), manage_database=False, oidc_transport=transport
    )


@asynccontextmanager
async def browser(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        mounts={BASE_URL: httpx.ASGITransport(app=app)}, trust_env=False, timeout=15
    ) as http:
        yield http


async def start(http: httpx.AsyncClient, next_path: str | None = None) -> str:
    """Presses "Sign in with …": the provider's authorization URL Mopper sends us to."""
    query = {"next": next_path} if next_path is not None else {}
    response = await http.get(f"{BASE_URL}/auth/oidc/login", params=query)
    assert response.status_code == 302, response.text
    location: str = response.headers["location"]
    return location


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def session_cookie(response: httpx.Response) -> str | None:
    """The session cookie this answer sets, if any."""
    name = get_settings().session_cookie
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0].split("=", 1)[1] or None
    return None


Forge = Callable[[dict[str, Any]], str]


class TokenSwap(httpx2.AsyncBaseTransport):
    """Passes every request to the provider; in the token endpoint's answer, the ID
    token becomes `forge(its verified claims)`."""

    def __init__(self, provider: OidcProvider, forge: Forge) -> None:
        self.provider = provider
        self.forge = forge
        self.real = httpx2.AsyncHTTPTransport()
        self.swapped = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.real.handle_async_request(request)
        if request.method != "POST" or not request.url.path.endswith("/token"):
            return response
        await response.aread()
        answer = response.json()
        if response.status_code == 200 and "id_token" in answer:
            claims = jwt.decode(answer["id_token"], self.provider.signing_key).claims
            answer["id_token"] = self.forge(dict(claims))
            self.swapped += 1
        return httpx2.Response(response.status_code, json=answer)

    async def aclose(self) -> None:
        """Authlib closes its client after every request; the transport lives on
        until `close()`."""

    async def close(self) -> None:
        await self.real.aclose()


@asynccontextmanager
async def token_swap(provider: OidcProvider, forge: Forge) -> AsyncIterator[TokenSwap]:
    swap = TokenSwap(provider, forge)
    try:
        yield swap
    finally:
        await swap.close()
