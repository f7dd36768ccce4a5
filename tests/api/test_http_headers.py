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


HSTS = "max-age=63072000; includeSubDomains"


async def test_api_answers_are_never_stored(app: Starlette) -> None:
    async with http_client(app) as http:
        answers = [
            await http.post("/graphql", json={"query": "{ __typename }"}),
            await http.get("/graphql", params={"query": "{ __typename }"}),
            await http.post("/graphql", content=b"{}", headers={"content-type": "text/plain"}),
            await http.post(
                "/graphql",
                content=b"x" * (get_settings().max_request_bytes + 1),
                headers={"content-type": "application/json"},
            ),
            await http.delete("/graphql"),
            # Whatever comes to live beside it (the anonymous channel): the same.
            await http.post("/graphql/anonymous", json={"query": "{ __typename }"}),
        ]
        page = await http.get("/")
    for answer in answers:
        assert answer.headers.get_list("cache-control") == ["no-store"], answer.request.url
    # The web app keeps its own caching (built or not).
    assert page.headers.get("cache-control") != "no-store"


async def test_production_sends_hsts_everywhere_and_development_does_not(db: str) -> None:
    production = create_app(
        get_settings().model_copy(update={"environment": "production"}), manage_database=False
    )
    async with http_client(production) as http:
        for answer in (
            await http.post("/graphql", json={"query": "{ __typename }"}),
            await http.get("/"),
            await http.get("/healthz"),
            await http.post("/graphql", content=b"{}", headers={"content-type": "text/plain"}),
        ):
            assert answer.headers["strict-transport-security"] == HSTS
            assert_secure(dict(answer.headers))
    for environment in ("development", "test"):
        other = create_app(
            get_settings().model_copy(update={"environment": environment}), manage_database=False
        )
        async with http_client(other) as http:
            answer = await http.post("/graphql", json={"query": "{ __typename }"})
        assert "strict-transport-security" not in answer.headers
