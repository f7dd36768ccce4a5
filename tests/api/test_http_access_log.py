"""The access log: one line per request, with method, path and status, but no client
address, no query string, no cookie, and token-like path segments masked."""

from __future__ import annotations

import asyncio
import logging

import pytest
from starlette.applications import Starlette

from server.http.access_log import loggable_path
from tests.support.http import http_client
from tests.support.org import Org

CLIENT = "203.0.113.77"
RECEIPT = "7K3M-Q9XD-2HBT-R8VN-WC4P"


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mopper.access")
    return caplog


async def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The lines logged so far: they are written at the loop's next turn."""
    await asyncio.sleep(0)
    return [r.getMessage() for r in caplog.records if r.name == "mopper.access"]


async def test_a_line_tells_what_was_asked_and_answered_and_nothing_about_who(
    org: Org, app: Starlette, access_log: pytest.LogCaptureFixture
) -> None:
    async with http_client(app, org.alice, client_address=CLIENT) as http:
        session = next(iter(http.cookies.values()))
        await http.post("/graphql", json={"query": "{ me { displayName } }"})
        await http.get(f"/anonymous/{RECEIPT}", params={"receipt": RECEIPT, "email": "a@b.c"})
    logged = await lines(access_log)
    assert len(logged) == 2
    assert logged[0].startswith("POST /graphql 200 ")
    assert logged[1].startswith("GET /anonymous/… 200 ")
    text = "\n".join(logged) + access_log.text
    for secret in (CLIENT, RECEIPT, "receipt=", "a@b.c", session, "Alice"):
        assert secret not in text


async def test_a_refused_request_is_logged_too(
    app: Starlette, access_log: pytest.LogCaptureFixture
) -> None:
    async with http_client(app) as http:
        await http.post("/graphql", content=b"{}", headers={"content-type": "text/plain"})
    assert [line.split()[:3] for line in await lines(access_log)] == [["POST", "/graphql", "415"]]


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/graphql", "/graphql"),
        ("/items/42", "/items/42"),
        (f"/anonymous/{RECEIPT}", "/anonymous/…"),
        (f"/anonymous/{RECEIPT.replace('-', '')}", "/anonymous/…"),
        (f"/anonymous/{RECEIPT.replace('-', ' ').lower()}", "/anonymous/…"),
        ("/status/" + "ab12" * 16, "/status/…"),  # a 64-character status token
        ("/s/Jx0_-Qa9Lm2PzT7vW3yB8cD1eF4gH6iK0oN5rU9sX2w", "/s/…"),  # a session token
        ("/assets/index-4f3a9c1b7d2e.js", "/assets/index-4f3a9c1b7d2e.js"),
    ],
)
def test_secret_like_path_segments_are_masked(path: str, logged: str) -> None:
    assert loggable_path(path) == logged
