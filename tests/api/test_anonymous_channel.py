"""The anonymous channel, `POST /graphql/anonymous`: it never sees a session.

A browser may send Alice's session cookie along (the web app does not: it sends with
`credentials: "omit"`); the server takes it off before anything reads the request, so
the answer is the same as without it, and no statement touches `sessions`. The channel
behaves like `/graphql` in everything else (GraphQL over HTTP, limits, error codes), and
the session endpoint has no anonymous operation left.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from domain.logs import counting_sql_statements
from graphql_schema.anonymous.context import AnonymousContext
from server.http.anonymous import ANONYMOUS_PATH, WithoutCookies
from tests.support.api import SESSION_PATH, client
from tests.support.domain import anonymous_gripe
from tests.support.http import GRAPHQL_RESPONSE_JSON, code, http_client
from tests.support.org import Org

VIEW = """query($r: String!) {
  anonymousItem(receipt: $r) { reference status filed timeline { type } }
  categories { nameEn }
}"""
ROOT = Path(__file__).resolve().parents[2]


async def test_a_session_cookie_is_ignored_and_no_session_is_read(org: Org, app: Starlette) -> None:
    receipt = (await anonymous_gripe(org, org.alice)).receipt_code
    variables = {"r": receipt}
    async with client(app, path=ANONYMOUS_PATH) as nobody:
        without = await nobody.post(VIEW, variables)
    async with client(app, org.alice, path=ANONYMOUS_PATH) as alice:
        assert alice.http.cookies  # her valid session is in the jar, and sent
        with counting_sql_statements() as statements:
            with_cookie = await alice.post(VIEW, variables)
            raw = await alice.http.post(
                ANONYMOUS_PATH, json={"query": VIEW, "variables": variables}
            )

    assert with_cookie == without
    assert "errors" not in with_cookie
    assert statements, "the look-up ran statements"
    assert not [s for s in statements if "sessions" in s.lower()]
    assert "set-cookie" not in raw.headers


async def test_the_anonymous_schema_has_no_way_to_a_person(app: Starlette) -> None:
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        for query in (
            "{ me { id } }",
            "{ myItems { totalCount } }",
            "{ anonymousTokenKey { keyId } }",
        ):
            assert await anonymous.error_code(query) == "GRAPHQL_VALIDATION_FAILED", query
        assert (
            await anonymous.error_code(
                'mutation { login(email: "alice@example.com", password: "x") { id } }'
            )
            == "GRAPHQL_VALIDATION_FAILED"
        )


@pytest.mark.parametrize(
    "query",
    [
        '{ anonymousItem(receipt: "AAAA-AAAA-AAAA-AAAA-AAAA") { reference } }',
        'mutation { replyAnonymously(receipt: "AAAA-AAAA-AAAA-AAAA-AAAA", body: "x") '
        "{ reference } }",
        'mutation { markAnonymousItemSeen(receipt: "AAAA-AAAA-AAAA-AAAA-AAAA") { reference } }',
        'mutation { submitGrievance(input: {categoryId: "1", title: "t", body: "b", '
        "anonymous: true}) { item { id } } }",
    ],
)
async def test_the_session_endpoint_has_no_anonymous_operation_left(
    org: Org, app: Starlette, query: str
) -> None:
    async with client(app, org.alice) as alice:
        assert await alice.error_code(query) == "GRAPHQL_VALIDATION_FAILED"


def test_the_anonymous_context_holds_nothing_that_leads_to_a_person() -> None:
    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": ANONYMOUS_PATH,
        "headers": [(b"cookie", b"mopper_session=abc")],
        "client": ("203.0.113.9", 4711),
        "query_string": b"",
    }
    context = AnonymousContext(Request(scope), services=None)  # type: ignore[arg-type]
    forbidden = {"request", "principal", "session_token", "response", "forget_principal", "cookies"}
    assert not [name for name in forbidden if hasattr(context, name)]
    # The client's address, for the throttles (which keep only a keyed hash of it).
    assert vars(context) == {"client_address": "203.0.113.9", "services": None}
    assert context.headers_for_answer() == []


def test_no_module_of_the_anonymous_channel_imports_sessions_or_permissions() -> None:
    forbidden = {
        "graphql_schema.context",
        "graphql_schema.permissions",
        "domain.auth.sessions",
        "domain.auth.service",
    }
    for path in (ROOT / "graphql_schema" / "anonymous").rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not imported & forbidden, f"{path.relative_to(ROOT)} imports {imported & forbidden}"


async def test_the_middleware_takes_cookies_off_that_path_only() -> None:
    seen: dict[str, list[tuple[bytes, bytes]]] = {}

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen[scope["path"]] = list(scope["headers"])
        response = Response("ok")
        response.set_cookie("mopper_session", "handed-out")
        await response(scope, receive, send)

    transport = httpx.ASGITransport(app=WithoutCookies(inner, path=ANONYMOUS_PATH))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        http.cookies.set("mopper_session", "alice's")
        anonymous = await http.post(ANONYMOUS_PATH)
        nested = await http.post(ANONYMOUS_PATH + "/")
        session = await http.post(SESSION_PATH)
    assert b"cookie" not in dict(seen[ANONYMOUS_PATH])
    assert b"cookie" not in dict(seen[ANONYMOUS_PATH + "/"])
    assert "set-cookie" not in anonymous.headers and "set-cookie" not in nested.headers
    assert dict(seen[SESSION_PATH])[b"cookie"] == b"mopper_session=alice's"
    assert "set-cookie" in session.headers


@pytest.mark.parametrize("path", [SESSION_PATH, ANONYMOUS_PATH])
async def test_both_endpoints_answer_alike_over_http(app: Starlette, path: str) -> None:
    query = "{ __typename }"
    async with http_client(app) as http:
        by_get = await http.get(path, params={"query": query})
        mutation_by_get = await http.get(path, params={"query": "mutation { __typename }"})
        not_json = await http.post(path, content=json.dumps({"query": query}))
        broken = await http.post(path, content=b"{", headers={"content-type": "application/json"})
        foreign = await http.post(
            path, json={"query": query}, headers={"origin": "https://evil.example"}
        )
        invalid = await http.post(
            path, json={"query": "{ nope }"}, headers={"accept": GRAPHQL_RESPONSE_JSON}
        )
        aliases = await http.post(
            path, json={"query": "{ " + " ".join(f"a{n}: __typename" for n in range(16)) + " }"}
        )
        oversized = await http.post(path, json={"query": query, "variables": {"x": "x" * 70_000}})
    assert (by_get.status_code, by_get.json()) == (200, {"data": {"__typename": "Query"}})
    assert (mutation_by_get.status_code, code(mutation_by_get)) == (405, "METHOD_NOT_ALLOWED")
    assert (not_json.status_code, code(not_json)) == (415, "UNSUPPORTED_MEDIA_TYPE")
    assert (broken.status_code, code(broken)) == (400, "BAD_REQUEST")
    assert (foreign.status_code, code(foreign)) == (403, "CROSS_SITE_REQUEST")
    assert (invalid.status_code, code(invalid)) == (400, "GRAPHQL_VALIDATION_FAILED")
    assert invalid.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert code(aliases) == "TOO_MANY_ALIASES"
    assert (oversized.status_code, code(oversized)) == (413, "REQUEST_TOO_LARGE")
    for response in (by_get, invalid, foreign):
        assert response.headers["x-content-type-options"] == "nosniff"
