"""Raw HTTP against the real app over ASGI, for tests of what the endpoint answers
(status codes, media types, headers) rather than of the data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from domain.auth.sessions import open_session
from domain.items.models import Item
from domain.notifications.models import Notification
from domain.org.models import User
from domain.settings import get_settings
from tests.support.api import BASE_URL

SUBMIT = (
    "mutation Submit($input: SubmitGrievanceInput!) "
    "{ submitGrievance(input: $input) { item { id } } }"
)
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


@asynccontextmanager
async def http_client(
    app: Starlette, user: User | None = None, *, client_address: str = "127.0.0.1"
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(client_address, 50123))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        if user is not None:
            token = await open_session(user.id, ttl_hours=1)
            http.cookies.set(get_settings().session_cookie, token)
        yield http


def submission(category_id: int, title: str = "The printer is on fire") -> dict[str, Any]:
    """A request body that would file a gripe, were it let through."""
    return {
        "query": SUBMIT,
        "variables": {
            "input": {"categoryId": str(category_id), "title": title, "body": "Smoke everywhere."}
        },
    }


async def nothing_was_filed() -> bool:
    return not await Item.exists() and not await Notification.exists()


def code(response: httpx.Response) -> str:
    """The `extensions.code` of the first error of an answer."""
    value: str = response.json()["errors"][0]["extensions"]["code"]
    return value
