"""What /graphql answers, as the GraphQL-over-HTTP spec asks: the media type the client
accepts, 400 without `data` for a request that was not executed (to clients that accept
application/graphql-response+json), 200 for everything that ran; a code on every error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from domain.settings import get_settings
from server.app import create_app
from tests.support.http import GRAPHQL_RESPONSE_JSON, code, http_client
from tests.support.org import Org

JSON = "application/json"


async def ask(
    app: Starlette, body: Any, *, accept: str = GRAPHQL_RESPONSE_JSON, **kwargs: Any
) -> httpx.Response:
    async with http_client(app) as http:
        return await http.post("/graphql", json=body, headers={"accept": accept}, **kwargs)


@pytest.fixture
def development_app(db: str) -> Starlette:
    settings = get_settings().model_copy(update={"environment": "development"})
    return create_app(settings, manage_database=False)


async def test_the_answer_has_the_media_type_the_client_accepts(app: Starlette) -> None:
    for accept, media_type in [
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (JSON, JSON),
        ("*/*", JSON),
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.1, {JSON}", JSON),
        ("", JSON),
    ]:
        response = await ask(app, {"query": "{ __typename }"}, accept=accept)
        assert response.status_code == 200
        assert response.headers["content-type"] == f"{media_type}; charset=utf-8", accept
        assert response.json() == {"data": {"__typename": "Query"}}


async def test_a_client_that_accepts_no_json_is_refused(app: Starlette) -> None:
    response = await ask(app, {"query": "{ __typename }"}, accept="text/html")
    assert response.status_code == 406
    assert code(response) == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("body", "expected_code"),
    [
        ({"query": "{ me { "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query($id: ID!) { item(id: $id) { id } }", "variables": {}}, "BAD_USER_INPUT"),
        (
            {"query": "query A { __typename } query B { __typename }"},
            "OPERATION_RESOLUTION_FAILURE",
        ),
        ({"query": "query A { __typename }", "operationName": "B"}, "OPERATION_RESOLUTION_FAILURE"),
    ],
)
async def test_a_request_that_cannot_run_gets_400_without_data(
    app: Starlette, body: dict[str, Any], expected_code: str
) -> None:
    response = await ask(app, body)
    assert response.status_code == 400
    assert "data" not in response.json()
    assert code(response) == expected_code
    # Clients that only know application/json get the same answer with a 200.
    legacy = await ask(app, body, accept=JSON)
    assert legacy.status_code == 200
    assert "data" not in legacy.json()
    assert code(legacy) == expected_code


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ __typename }"',  # not JSON
        b'"{ __typename }"',  # JSON, not an object
        b'{"query": 42}',
        b'{"query": "{ __typename }", "variables": "x=1"}',
        b'{"query": "{ __typename }", "operationName": ["A"]}',
        b'{"query": "{ __typename }", "extensions": 1}',
        b'{"notquery": "{ __typename }"}',
        b"",
    ],
)
async def test_a_malformed_request_is_a_bad_request(app: Starlette, body: bytes) -> None:
    async with http_client(app) as http:
        response = await http.post(
            "/graphql", content=body, headers={"content-type": JSON, "accept": JSON}
        )
    assert response.status_code == 400
    assert code(response) == "BAD_REQUEST"
    assert response.json()["errors"][0]["message"]


async def test_errors_while_running_still_get_200_with_data(org: Org, app: Starlette) -> None:
    """Executed, but refused field by field: the spec's 'partial response'."""
    response = await ask(app, {"query": "{ __typename board { totalCount } }"})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None  # board is non-null, so its error nulls the whole answer
    assert code(response) == "UNAUTHENTICATED"
    assert body["errors"][0]["path"] == ["board"]


async def test_introspection_is_off_outside_development(app: Starlette) -> None:
    for query in ("{ __schema { types { name } } }", '{ __type(name: "Item") { name } }'):
        response = await ask(app, {"query": query})
        assert response.status_code == 400
        assert code(response) == "INTROSPECTION_DISABLED"


async def test_introspection_works_in_development(development_app: Starlette) -> None:
    response = await ask(development_app, {"query": '{ __type(name: "Item") { name } }'})
    assert response.json() == {"data": {"__type": {"name": "Item"}}}


async def test_no_hints_at_the_schema_outside_development(
    app: Starlette, development_app: Starlette
) -> None:
    hidden = (await ask(app, {"query": "{ boar { totalCount } }"})).json()
    assert "Did you mean" not in hidden["errors"][0]["message"]
    shown = (await ask(development_app, {"query": "{ boar { totalCount } }"})).json()
    assert "Did you mean 'board'?" in shown["errors"][0]["message"]


async def test_graphiql_is_served_in_development_only(
    app: Starlette, development_app: Starlette
) -> None:
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    async with http_client(development_app) as http:
        graphiql = await http.get("/graphql", headers=browser)
    assert graphiql.status_code == 200
    assert graphiql.headers["content-type"].startswith("text/html")
    assert "graphiql" in graphiql.text.lower()
    async with http_client(app) as http:
        production = await http.get("/graphql", headers=browser)
    assert production.status_code == 400  # no GraphiQL: a GET without a query
    assert "graphiql" not in production.text.lower()
    assert code(production) == "BAD_REQUEST"
