"""Holding a database lock from outside the app, the way another busy process would, so
that a worker can be caught between two steps."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from tortoise import connections

from domain.settings import get_settings


@asynccontextmanager
async def outbox_row_locked(row_id: int) -> AsyncIterator[None]:
    """While inside, nobody else can change notification `row_id` (on SQLite: nothing
    can be written at all)."""
    client: Any = connections.get("default")
    if client.capabilities.dialect == "postgres":
        conn = await asyncpg.connect(
            host=client.host, port=client.port, user=client.user, database=client.database
        )
        try:
            async with conn.transaction():
                await conn.execute("SELECT id FROM notifications WHERE id = $1 FOR UPDATE", row_id)
                yield
        finally:
            await conn.close()
        return
    path = get_settings().database_url.split("://", 1)[1]
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        await asyncio.to_thread(conn.execute, "BEGIN IMMEDIATE")
        yield
        await asyncio.to_thread(conn.execute, "ROLLBACK")
    finally:
        conn.close()


_WAITING_ON_OUTBOX = (
    "FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() "
    "AND query ILIKE 'UPDATE \"notifications\"%'"
)


async def someone_waits_for_outbox_lock() -> bool:
    """PostgreSQL only: another session is blocked writing the outbox."""
    client: Any = connections.get("default")
    rows = await client.execute_query_dict(f"SELECT count(*) AS n {_WAITING_ON_OUTBOX}")
    return int(rows[0]["n"]) > 0


async def drop_sessions_waiting_for_outbox_lock() -> None:
    """PostgreSQL only: end the sessions blocked writing the outbox, as the server would
    once it noticed that their client's machine is gone. (A killed process's statement
    would otherwise still run on the server when the lock is released.)"""
    client: Any = connections.get("default")
    await client.execute_query_dict(f"SELECT pg_terminate_backend(pid) {_WAITING_ON_OUTBOX}")
