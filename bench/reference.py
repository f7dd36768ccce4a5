"""Reference endpoints for the board and submission benchmarks: the same work as the
API's, without GraphQL, in the same server process (added only by `bench/app.py`, never
in the production routing).

- `POST /bench/board`: the session's person (the same look-up as the API's), then the
  domain's board page (the same card query and bounded count as the `board` field), and
  the same JSON the API answers for `bench.sql.BOARD`, written with orjson. The
  benchmark checks that both answers are equal before it measures.
- `POST /bench/submit`: the session's person, then one raw transaction that writes what
  a `submitGrievance` writes: the item, its SUBMITTED timeline event and its outbox rows
  (and on PostgreSQL the same NOTIFY). The rows are copies of the ones the API wrote for
  the benchmark's first submission (`learn_gripe`), with new times; no validation, no
  numbering rules, no notification rules: the floor under the mutation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.auth.sessions import principal_for_token
from domain.clock import utcnow
from domain.items.board import BoardFilter, BoardSort, board_page
from domain.items.targets import target_state
from domain.notifications.outbox import POSTGRES_CHANNEL
from domain.settings import get_settings

BOARD_PATH = "/bench/board"
SUBMIT_PATH = "/bench/submit"
_JSON = [(b"content-type", b"application/json")]


def _refused(status: int) -> Response:
    return Response(b'{"errors":[{"message":"refused"}]}', status_code=status)


async def board_reference(request: Request) -> Response:
    """The answer to `bench.sql.BOARD` for the session's manager, without GraphQL."""
    variables = orjson.loads(await request.body()).get("variables") or {}
    principal = await principal_for_token(request.cookies.get(get_settings().session_cookie))
    if principal is None or not principal.is_manager:
        return _refused(403)
    page = await board_page(
        principal, BoardFilter(), sort=BoardSort.PRIORITY, offset=0, limit=variables["first"]
    )
    now = utcnow()
    edges = [
        {
            "node": {
                "id": str(card.id),
                "reference": card.reference,
                "title": card.title,
                "status": card.status.name,
                "priority": card.priority.name,
                "targetState": target_state(
                    status=card.status,
                    created_at=card.created_at,
                    acknowledge_due_at=card.acknowledge_due_at,
                    resolve_due_at=card.resolve_due_at,
                    now=now,
                ).name,
                "messageCount": card.message_count,
                "assignee": None
                if card.assignee_id is None
                else {"displayName": card.assignee_name},
                "team": {"name": card.team_name},
                "category": {"nameEn": card.category_name_en},
            }
        }
        for card in page.cards
    ]
    body = {"data": {"board": {"totalCount": page.total, "edges": edges}}}
    response = Response(orjson.dumps(body))
    response.raw_headers.extend(_JSON)
    return response


@dataclass(frozen=True, slots=True)
class Rows:
    """The columns and values of one row, to write again."""

    columns: tuple[str, ...]
    values: tuple[Any, ...]
    id: Any = None


@dataclass(frozen=True, slots=True)
class Gripe:
    """A submitted gripe's rows, as templates: the item, its events, its outbox rows."""

    item: Rows
    events: tuple[Rows, ...]
    notifications: tuple[Rows, ...]


_learned: list[Gripe] = []


async def _rows(conn: BaseDBAsyncClient, sql: str, item_id: int) -> tuple[Rows, ...]:
    _, rows = await conn.execute_query(sql.replace("?", _mark(conn, 1)), [item_id])
    found = []
    for row in rows:
        values = dict(row)
        columns = tuple(k for k in values if k != "id")
        found.append(Rows(columns, tuple(values[c] for c in columns), values["id"]))
    return tuple(found)


async def learn_gripe(title: str) -> Gripe:
    """The rows the API wrote for its latest gripe called `title`."""
    conn = connections.get("default")
    _, found = await conn.execute_query(
        f"SELECT id FROM items WHERE title = {_mark(conn, 1)} ORDER BY id DESC LIMIT 1",  # noqa: S608
        [title],
    )
    item_id = int(dict(found[0])["id"])
    (item,) = await _rows(conn, "SELECT * FROM items WHERE id = ?", item_id)
    events = await _rows(conn, "SELECT * FROM timeline_events WHERE item_id = ?", item_id)
    notifications = await _rows(conn, "SELECT * FROM notifications WHERE item_id = ?", item_id)
    return Gripe(item, events, notifications)


def _mark(conn: BaseDBAsyncClient, n: int) -> str:
    return f"${n}" if conn.capabilities.dialect == "postgres" else "?"


def _insert(conn: BaseDBAsyncClient, table: str, rows: Rows, *, returning: bool) -> str:
    marks = ", ".join(_mark(conn, n) for n in range(1, len(rows.columns) + 1))
    sql = f"INSERT INTO {table} ({', '.join(rows.columns)}) VALUES ({marks})"  # noqa: S608 - our columns
    return sql + (" RETURNING id" if returning else "")


_TIMES = {"created_at", "updated_at", "next_attempt_at"}
REFERENCE_TITLE = "Written by the reference"


def _now(
    rows: Rows, item_id: int | None, now: datetime, events: dict[Any, int] | None = None
) -> list[Any]:
    values = []
    for column, value in zip(rows.columns, rows.values, strict=True):
        if column == "item_id" and item_id is not None:
            value = item_id
        elif column == "event_id" and events:
            value = events[value]
        elif column == "title" and item_id is None:
            value = REFERENCE_TITLE  # counted apart from the API's
        elif column == "message_id":
            value = f"<{uuid.uuid4().hex}@{str(value).rsplit('@', 1)[-1]}"
        elif column in _TIMES and value is not None:
            # in the form the driver handed the template's time back
            value = now if isinstance(value, datetime) else str(now)
        values.append(value)
    return values


def _insert_all(conn: BaseDBAsyncClient, table: str, rows: tuple[Rows, ...]) -> str:
    """One INSERT of several rows with the same columns (as the outbox writes them)."""
    width = len(rows[0].columns)
    groups = ", ".join(
        "(" + ", ".join(_mark(conn, r * width + c) for c in range(1, width + 1)) + ")"
        for r in range(len(rows))
    )
    return f"INSERT INTO {table} ({', '.join(rows[0].columns)}) VALUES {groups}"  # noqa: S608


async def submit_reference(request: Request) -> Response:
    """A gripe's rows written in one raw transaction, without GraphQL or the domain."""
    await request.body()
    principal = await principal_for_token(request.cookies.get(get_settings().session_cookie))
    if principal is None:
        return _refused(401)
    if not _learned:
        _learned.append(await learn_gripe(request.query_params["title"]))
    gripe = _learned[0]
    async with in_transaction() as conn:
        now = utcnow()
        created = await conn.execute_query_dict(
            _insert(conn, "items", gripe.item, returning=True), _now(gripe.item, None, now)
        )
        item_id = int(created[0]["id"])
        events = {}
        for event in gripe.events:
            written = await conn.execute_query_dict(
                _insert(conn, "timeline_events", event, returning=True),
                _now(event, item_id, now),
            )
            events[event.id] = int(written[0]["id"])
        if gripe.notifications:
            await conn.execute_query(
                _insert_all(conn, "notifications", gripe.notifications),
                [v for row in gripe.notifications for v in _now(row, item_id, now, events)],
            )
        if gripe.notifications and conn.capabilities.dialect == "postgres":
            await conn.execute_script(f"NOTIFY {POSTGRES_CHANNEL}")
    response = Response(orjson.dumps({"data": {"item": {"id": str(item_id)}}}))
    response.raw_headers.extend(_JSON)
    return response
