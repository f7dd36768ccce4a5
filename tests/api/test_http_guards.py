"""Cross-site guards: a state change reaches GraphQL only as a same-site JSON POST.
Every refusal has a code, and a refused request changes nothing."""

from __future__ import annotations

import json

import pytest
from starlette.applications import Starlette

from tests.support.http import code, http_client, nothing_was_filed, submission
from tests.support.org import Org

OURS = "http://127.0.0.1:8000"  # MOPPER_PUBLIC_BASE_URL in the tests


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",  # what a cross-site form or fetch may send without a preflight
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,
    ],
)
async def test_a_post_that_is_not_json_is_refused(
    org: Org, app: Starlette, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    async with http_client(app, org.alice) as http:
        response = await http.post(
            "/graphql", content=json.dumps(submission(org.kitchen.id)), headers=headers
        )
    assert response.status_code == 415
    assert code(response) == "UNSUPPORTED_MEDIA_TYPE"
    assert await nothing_was_filed()


async def test_a_mutation_over_get_is_refused(org: Org, app: Starlette) -> None:
    body = submission(org.kitchen.id)
    params = {"query": body["query"], "variables": json.dumps(body["variables"])}
    async with http_client(app, org.alice) as http:
        response = await http.get("/graphql", params=params)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert code(response) == "METHOD_NOT_ALLOWED"
    assert await nothing_was_filed()


async def test_a_query_over_get_is_answered(org: Org, app: Starlette) -> None:
    async with http_client(app, org.alice) as http:
        response = await http.get("/graphql", params={"query": "{ me { displayName } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"displayName": "Alice Jansen"}}}


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "http://127.0.0.1:8000.evil.example"},
        {"origin": "null"},  # a sandboxed frame or a file: page
        {"sec-fetch-site": "cross-site"},
    ],
)
async def test_a_cross_site_post_is_refused(
    org: Org, app: Starlette, headers: dict[str, str]
) -> None:
    async with http_client(app, org.alice) as http:
        response = await http.post("/graphql", json=submission(org.kitchen.id), headers=headers)
    assert response.status_code == 403
    assert code(response) == "CROSS_SITE_REQUEST"
    assert await nothing_was_filed()


@pytest.mark.parametrize(
    "headers",
    [{"origin": OURS}, {"origin": OURS + "/"}, {"sec-fetch-site": "same-origin"}, {}],
)
async def test_a_same_site_post_goes_through(
    org: Org, app: Starlette, headers: dict[str, str]
) -> None:
    async with http_client(app, org.alice) as http:
        response = await http.post("/graphql", json=submission(org.kitchen.id), headers=headers)
    assert response.status_code == 200
    assert response.json()["data"]["submitGrievance"]["item"]["id"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
async def test_other_methods_are_refused(org: Org, app: Starlette, method: str) -> None:
    async with http_client(app, org.alice) as http:
        response = await http.request(method, "/graphql", json=submission(org.kitchen.id))
    assert response.status_code == 405
    assert code(response) == "METHOD_NOT_ALLOWED"
    assert await nothing_was_filed()


async def test_batches_are_refused(org: Org, app: Starlette) -> None:
    batch = [submission(org.kitchen.id, "One"), submission(org.kitchen.id, "Two")]
    async with http_client(app, org.alice) as http:
        response = await http.post("/graphql", json=batch)
    assert response.status_code == 400
    assert code(response) == "BAD_REQUEST"
    assert await nothing_was_filed()
