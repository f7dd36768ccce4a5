"""Limits: oversized requests are refused before they are parsed; documents deeper than
10 levels, with more than 15 aliases or more than 1,000 tokens are refused before they
run; each with a clear message and a stable code, and nothing changes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from domain.settings import get_settings
from tests.support.http import (
    GRAPHQL_RESPONSE_JSON,
    code,
    http_client,
    nothing_was_filed,
    submission,
)
from tests.support.org import Org

CHUNK = 4096


class CountedBody:
    """A request body sent in chunks, counting how many the server asked for."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.chunks_read = 0

    async def stream(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.body), CHUNK):
            self.chunks_read += 1
            yield self.body[start : start + CHUNK]


def oversized_submission(org: Org) -> bytes:
    """A well-formed request to file a gripe, padded past the limit."""
    limit = get_settings().max_request_bytes
    request = submission(org.kitchen.id)
    request["variables"]["input"]["body"] = "x" * (2 * limit)
    return json.dumps(request).encode()


async def test_an_oversized_request_is_refused_without_reading_it(org: Org, app: Starlette) -> None:
    body = CountedBody(oversized_submission(org))
    headers = {"content-type": "application/json", "content-length": str(len(body.body))}
    async with http_client(app, org.alice) as http:
        response = await http.post("/graphql", content=body.stream(), headers=headers)
    assert response.status_code == 413
    assert code(response) == "REQUEST_TOO_LARGE"
    assert body.chunks_read == 0, "the declared length alone must be enough to refuse it"
    assert await nothing_was_filed()


async def test_an_oversized_request_of_unknown_length_is_cut_off_at_the_limit(
    org: Org, app: Starlette
) -> None:
    """Without Content-Length (chunked), reading stops as soon as the limit is passed,
    and the JSON parser never sees the body (or the answer would be BAD_REQUEST)."""
    body = CountedBody(oversized_submission(org))
    async with http_client(app, org.alice) as http:
        response = await http.post(
            "/graphql", content=body.stream(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413
    assert code(response) == "REQUEST_TOO_LARGE"
    limit = get_settings().max_request_bytes
    assert body.chunks_read == limit // CHUNK + 1
    assert body.chunks_read * CHUNK < len(body.body)
    assert await nothing_was_filed()


async def test_a_request_just_under_the_limit_is_answered(org: Org, app: Starlette) -> None:
    request = submission(org.kitchen.id)
    async with http_client(app, org.alice) as http:
        filler = get_settings().max_request_bytes - len(json.dumps(request)) - 20
        request["extensions"] = {"filler": "x" * filler}
        response = await http.post("/graphql", json=request)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["submitGrievance"]["item"]["id"]


def nested(levels: int) -> str:
    """A query whose fields nest `levels` deep: { a { a { … } } }."""
    return "{ " + "a { " * (levels - 1) + "a" + " }" * levels


async def post(
    app: Starlette, query: str, *, accept: str = GRAPHQL_RESPONSE_JSON
) -> dict[str, object]:
    async with http_client(app) as http:
        response = await http.post("/graphql", json={"query": query}, headers={"accept": accept})
    body: dict[str, object] = response.json()
    body["status"] = response.status_code
    return body


def first_code(body: dict[str, object]) -> str:
    errors = body["errors"]
    assert isinstance(errors, list)
    value: str = errors[0]["extensions"]["code"]
    return value


async def test_a_document_nested_deeper_than_10_levels_is_refused(app: Starlette) -> None:
    too_deep = await post(app, nested(12))  # fields at levels 0 … 11
    assert too_deep["status"] == 400 and "data" not in too_deep
    assert first_code(too_deep) == "QUERY_TOO_DEEP"
    assert "deeper than 10 levels" in str(too_deep["errors"])
    # 11 fields (levels 0 … 10) pass the limit; they then fail validation (no field a).
    assert first_code(await post(app, nested(11))) == "GRAPHQL_VALIDATION_FAILED"


async def test_more_than_15_aliases_are_refused(app: Starlette) -> None:
    aliases = " ".join(f"a{n}: __typename" for n in range(16))
    too_many = await post(app, "{ " + aliases + " }")
    assert too_many["status"] == 400 and "data" not in too_many
    assert first_code(too_many) == "TOO_MANY_ALIASES"
    assert "16 aliases; at most 15" in str(too_many["errors"])
    fifteen = " ".join(f"a{n}: __typename" for n in range(15))
    allowed = await post(app, "{ " + fifteen + " }")
    assert allowed["status"] == 200 and len(allowed["data"]) == 15  # type: ignore[arg-type]


def board_of(statuses: int) -> str:
    """A board query of 16 + `statuses` tokens."""
    return "{ board(filter: {statuses: [" + "NEW " * statuses + "]}) { totalCount } }"


async def test_more_than_1000_tokens_are_refused(org: Org, app: Starlette) -> None:
    async with http_client(app, org.mia) as http:
        too_long, allowed = [
            await http.post(
                "/graphql",
                json={"query": board_of(statuses)},
                headers={"accept": GRAPHQL_RESPONSE_JSON},
            )
            for statuses in (985, 984)
        ]
    assert too_long.status_code == 400 and "data" not in too_long.json()
    assert code(too_long) == "TOO_MANY_TOKENS"
    assert "more than 1000 tokens" in too_long.text
    assert allowed.status_code == 200
    assert allowed.json() == {"data": {"board": {"totalCount": 0}}}
