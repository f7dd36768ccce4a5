"""Talking to the real app over ASGI, as a browser would: JSON over POST, cookies kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from domain.auth.sessions import open_session
from domain.org.models import User
from domain.settings import get_settings
from server.app import create_app

BASE_URL = "http://127.0.0.1:8000"


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def ok(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a request that must succeed."""
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error_code(self, query: str, variables: dict[str, Any] | None = None) -> str:
        """The `extensions.code` of a request that must fail."""
        body = await self.post(query, variables)
        assert body.get("errors"), f"expected an error, got {body}"
        code: str = body["errors"][0].get("extensions", {}).get("code", "")
        return code


def make_app() -> Starlette:
    return create_app(get_settings(), manage_database=False)


@asynccontextmanager
async def client(app: Starlette, user: User | None = None) -> AsyncIterator[GraphQLClient]:
    """A client of `app`, logged in as `user` through a real session (or nobody)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as http:
        if user is not None:
            token = await open_session(user.id, ttl_hours=1)
            http.cookies.set(get_settings().session_cookie, token)
        yield GraphQLClient(http)
