"""An anonymous gripe leaves nothing in the database that leads back to its sender.

Alice is logged in and has her tokens; she sends an anonymous gripe through the
anonymous channel from a browser with a user agent and a forwarded address, her session
cookie still in the jar; then the filing runs. We compare every row of every table
before and after: only the item and the spent token are new when she sends, only its
timeline event and the managers' notifications when it is filed, nothing old changed,
and nothing new holds anything of Alice, her session or her request.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.applications import Starlette
from tortoise import Tortoise
from tortoise.fields.relational import ForeignKeyFieldInstance

from domain.anonymity.filing import file_waiting
from domain.crypto import session_token_hash
from domain.org.models import User
from domain.settings import get_settings
from tests.support.anonymity import fetch_tokens, submit_anonymously
from tests.support.api import ANONYMOUS_PATH, client
from tests.support.org import Org

USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Alice-Phone/1.0"
FORWARDED_FOR = "203.0.113.77"

Snapshot = dict[str, dict[Any, dict[str, Any]]]


async def snapshot() -> Snapshot:
    tables: Snapshot = {}
    for model in Tortoise.apps["models"].values():
        rows = await model.all().values()
        key = model._meta.pk_attr
        tables[model._meta.db_table] = {row[key]: row for row in rows}
    return tables


def added(before: Snapshot, after: Snapshot) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [row for key, row in rows.items() if key not in before[table]]
        for table, rows in after.items()
    }


def user_columns() -> dict[str, list[str]]:
    """Every column, per table, that points at a user."""
    found: dict[str, list[str]] = {}
    for model in Tortoise.apps["models"].values():
        for name, field in model._meta.fields_map.items():
            if isinstance(field, ForeignKeyFieldInstance) and field.related_model is User:
                found.setdefault(model._meta.db_table, []).append(f"{name}_id")
    return found


async def test_nothing_ties_an_anonymous_gripe_to_its_sender(
    org: Org, app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    async with client(app, org.alice) as alice:
        tokens = await fetch_tokens(alice)
        session_token = alice.http.cookies[get_settings().session_cookie]
    async with client(app, org.alice, path=ANONYMOUS_PATH) as anonymous:
        anonymous.http.cookies.set(get_settings().session_cookie, session_token)
        anonymous.http.headers.update({"user-agent": USER_AGENT, "x-forwarded-for": FORWARDED_FOR})
        before = await snapshot()
        with caplog.at_level(logging.DEBUG, logger="mopper"):
            data = await submit_anonymously(anonymous, tokens[0], category_id=org.building.id)
        sent = await snapshot()
        await file_waiting()
        after = await snapshot()

    receipt = data["receiptCode"]
    assert receipt

    # Nothing that existed was touched (no "last seen" on the session or the user).
    for table, rows in before.items():
        for key, row in rows.items():
            assert after[table][key] == row, f"{table} row {key} changed"

    when_sent, when_filed = added(before, sent), added(sent, after)
    assert {t for t, rows in when_sent.items() if rows} == {"items", "anonymous_spent_tokens"}
    # At the filing: the event, the managers' emails and their notifications menus.
    filed_into = {t for t, rows in when_filed.items() if rows}
    assert filed_into == {"timeline_events", "notifications", "inbox_entries"}
    new_rows = added(before, after)
    assert len(new_rows["items"]) == 1
    assert new_rows["items"][0]["is_anonymous"] is True

    # No column pointing at a user points at Alice.
    for table, columns in user_columns().items():
        for row in new_rows[table]:
            for column in columns:
                assert row[column] != org.alice.id, f"{table}.{column} names Alice"

    # No value anywhere holds Alice's identity, her session, her device or the receipt.
    secrets = [
        org.alice.email,
        org.alice.display_name,
        "Alice",
        session_token,
        session_token_hash(session_token),
        USER_AGENT,
        FORWARDED_FOR,
        "127.0.0.1",
        receipt,
        receipt.replace("-", ""),
        tokens[0],
        tokens[0].rsplit(".", 1)[1],  # the token's signature
    ]
    for table, added_rows in new_rows.items():
        for row in added_rows:
            text = repr(row)
            for secret in secrets:
                assert secret not in text, f"{table} holds {secret!r}: {row}"

    # The request left no log line with her address or device either.
    for record in caplog.records:
        message = record.getMessage()
        assert FORWARDED_FOR not in message
        assert "127.0.0.1" not in message
        assert USER_AGENT not in message
        assert receipt not in message
