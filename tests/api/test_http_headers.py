"""Security headers on every answer: the API's, its refusals, the web app's."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from domain.settings import get_settings
from server.app import create_app
from tests.support.http import http_client

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def assert_secure(headers: dict[str, str], *, graphiql: bool = False) -> None:
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, name
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    if graphiql:
        assert "https://unpkg.com" in csp
    else:
        assert "default-src 'self'" in csp and "unpkg" not in csp
        assert "script-src 'self';" in csp  # no inline scripts in the web app


async def test_api_answers_and_refusals_carry_the_headers(app: Starlette) -> None:
    async with http_client(app) as http:
        answered = await http.post("/graphql", json={"query": "{ __typename }"})
        refused = await http.post("/graphql", content=b"{}", headers={"content-type": "text/plain"})
        too_large = await http.post(
            "/graphql",
            content=b"x" * (get_settings().max_request_bytes + 1),
            headers={"content-type": "application/json"},
        )
        health = await http.get("/healthz")
    for response, status in ((answered, 200), (refused, 415), (too_large, 413), (health, 200)):
        assert response.status_code == status
        assert_secure(dict(response.headers))


@pytest.mark.parametrize("path", ["/", "/board", "/status"])
async def test_the_web_app_carries_the_headers(app: Starlette, path: str) -> None:
    async with http_client(app) as http:
        response = await http.get(path)
    assert response.status_code == 200
    assert_secure(dict(response.headers))


async def test_graphiql_gets_a_policy_that_lets_it_load(db: str) -> None:
    settings = get_settings().model_copy(update={"environment": "development"})
    app = create_app(settings, manage_database=False)
    async with http_client(app) as http:
        graphiql = await http.get("/graphql", headers={"accept": "text/html"})
        answer = await http.get("/graphql", params={"query": "{ __typename }"})
    assert graphiql.status_code == 200
    assert_secure(dict(graphiql.headers), graphiql=True)
    assert answer.status_code == 200
    assert_secure(dict(answer.headers))  # the strict policy for anything but GraphiQL
