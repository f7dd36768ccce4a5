"""Something unexpected (here: a row nobody should have written, as a faulty manual fix
or an older version might leave behind) reaches the client as INTERNAL with a generic
message: no stack trace, no exception text, no stored value."""

from __future__ import annotations

import logging

import pytest
from starlette.applications import Starlette
from tortoise import connections

from domain.db import dialect
from graphql_schema.errors import INTERNAL_MESSAGE
from tests.support.domain import gripe
from tests.support.http import GRAPHQL_RESPONSE_JSON, http_client
from tests.support.org import Org

BROKEN_STATUS = "LOST-IN-MIGRATION"


async def corrupt_status(item_id: int) -> None:
    placeholders = ("$1", "$2") if dialect() == "postgres" else ("?", "?")
    await connections.get("default").execute_query(
        f"UPDATE items SET status = {placeholders[0]} WHERE id = {placeholders[1]}",  # noqa: S608
        [BROKEN_STATUS, item_id],
    )


async def test_an_unexpected_failure_is_internal_and_hides_everything(
    org: Org, app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    item = (await gripe(org, org.alice)).item
    await corrupt_status(item.id)
    query = "query($id: ID!) { item(id: $id) { title status } }"
    async with http_client(app, org.alice) as http:
        with caplog.at_level(logging.ERROR, logger="mopper.graphql"):
            response = await http.post(
                "/graphql",
                json={"query": query, "variables": {"id": str(item.id)}},
                headers={"accept": GRAPHQL_RESPONSE_JSON},
            )
    assert response.status_code == 200  # it ran; a field failed
    body = response.json()
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": INTERNAL_MESSAGE,
            "locations": [{"line": 1, "column": 19}],
            "path": ["item"],
            "extensions": {"code": "INTERNAL"},
        }
    ]
    for leak in (BROKEN_STATUS, "Traceback", "ValueError", "File "):
        assert leak not in response.text
    # The server's log says what and where, without the value.
    assert "unexpected ValueError in item" in caplog.text
    assert BROKEN_STATUS not in caplog.text
