"""API answers go gzipped to a client that accepts it (issue 14: a 50-card board was
sent as 25 KB of plain JSON) and plain to one that does not; small answers stay plain.
The API's own headers (no-store, the security headers) come along either way."""

from __future__ import annotations

import gzip
import json

import httpx
from starlette.applications import Starlette

from tests.support.domain import gripe
from tests.support.http import http_client
from tests.support.org import Org

BOARD = {
    "query": """{ board(first: 50) { totalCount edges { node {
        id reference kind title status priority createdAt targetState version isAnonymous
        messageCount allowedTransitions team { id name } assignee { id displayName }
    } } } }"""
}


async def post_raw(
    http: httpx.AsyncClient, body: dict[str, str], *, encoding: str, path: str = "/graphql"
) -> tuple[httpx.Response, bytes]:
    """The answer and the bytes as they came over the wire (httpx would unzip them)."""
    request = http.build_request("POST", path, json=body, headers={"accept-encoding": encoding})
    response = await http.send(request, stream=True)
    wire = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response, wire


async def test_a_50_card_board_is_gzipped_for_a_client_that_accepts_it_and_plain_otherwise(
    org: Org, app: Starlette
) -> None:
    for number in range(50):
        await gripe(org, org.alice, title=f"The coffee machine on floor {number} leaks")

    async with http_client(app, org.mia) as http:
        zipped, zipped_wire = await post_raw(http, BOARD, encoding="gzip, deflate, br")
        plain, plain_wire = await post_raw(http, BOARD, encoding="identity")

    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers["vary"].lower()
    assert zipped_wire[:2] == b"\x1f\x8b" and len(zipped_wire) < len(plain_wire) / 5
    board = json.loads(gzip.decompress(zipped_wire))["data"]["board"]
    assert board["totalCount"] == 50 and len(board["edges"]) == 50
    assert json.loads(gzip.decompress(zipped_wire)) == json.loads(plain_wire)

    assert "content-encoding" not in plain.headers
    assert len(plain_wire) > 10_000 and json.loads(plain_wire)["data"]["board"] == board
    for answer in (zipped, plain):
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in answer.headers


async def test_small_answers_and_the_anonymous_channel_are_answered_as_asked(
    app: Starlette,
) -> None:
    async with http_client(app) as http:
        small, small_wire = await post_raw(http, {"query": "{ __typename }"}, encoding="gzip")
        anonymous, _ = await post_raw(
            http, {"query": "{ __typename }"}, encoding="gzip", path="/graphql/anonymous"
        )
    assert "content-encoding" not in small.headers
    assert json.loads(small_wire) == {"data": {"__typename": "Query"}}
    assert anonymous.status_code == 200 and "content-encoding" not in anonymous.headers
    assert anonymous.headers["cache-control"] == "no-store"
