"""Migration 0002 (target misses, the CANCELLED delivery state) applies on both databases
to a database that already holds data, and keeps the outbox's indexes (see the note in
the migration about SQLite).

Migrations run in a process of their own: Tortoise's migration API replaces the global
connections that the rest of the suite uses."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests import settings_for_tests

ROOT = Path(__file__).resolve().parents[2]
OUTBOX_INDEXES = {
    "idx_notificatio_channel_438767",
    "idx_notificatio_recipie_75e016",
    "idx_notificatio_item_id_9c2f7e",
}
# Rows as 0001 knew them: a team, a category, an item and one outbox email.
SEED = [
    "INSERT INTO teams (id, name, created_at) "
    "VALUES (1, 'Facilities', '2026-01-05 09:00:00+00:00')",
    "INSERT INTO categories (id, name_en, name_nl, team_id, is_active) "
    "VALUES (1, 'Building', 'Gebouw', 1, TRUE)",
    "INSERT INTO items (id, kind, title, body, category_id, team_id, priority, status, "
    "is_anonymous, created_at, updated_at, version) VALUES (1, 'GRIEVANCE', 'Old gripe', "
    "'From before', 1, 1, 2, 'NEW', FALSE, '2026-01-05 09:00:00+00:00', "
    "'2026-01-05 09:00:00+00:00', 1)",
    "INSERT INTO notifications (id, created_at, item_id, channel, recipient_kind, "
    "recipient_address, locale, template, payload, state, attempts, next_attempt_at, "
    "message_id, thread_id) VALUES (1, '2026-01-05 09:00:00+00:00', 1, 'EMAIL', 'MANAGER', "
    "'mia@example.com', 'en', 'manager_new_item', '{}', 'PENDING', 0, "
    "'2026-01-05 09:00:00+00:00', '<m1@x>', '<t1@x>')",
]


def run(args: list[str], database_url: str) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "MOPPER_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def migrate(database_url: str, *target: str) -> None:
    """`tortoise migrate [app migration]`, the way a deployment runs it."""
    cli = "import sys; from tortoise.cli import main; sys.argv[0] = 'tortoise'; sys.exit(main())"
    run(["-c", cli, "migrate", *target], database_url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path}/migrations.sqlite3"


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    name = f"mopper_migrations_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(f"{settings_for_tests.POSTGRES_SERVER}/postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{settings_for_tests.POSTGRES_SERVER}/{name}"
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def test_0002_applies_to_an_sqlite_database_with_data(sqlite_url: str) -> None:
    path = sqlite_url.split("://", 1)[1]
    await asyncio.to_thread(migrate, sqlite_url, "models", "0001_initial")
    with sqlite3.connect(path) as conn:
        for statement in SEED:
            conn.execute(statement)
    await asyncio.to_thread(migrate, sqlite_url)

    with sqlite3.connect(path) as conn:
        item = conn.execute("SELECT title, missed_due_at, missed_reported_at FROM items").fetchone()
        email = conn.execute("SELECT state, message_id FROM notifications").fetchone()
        indexes = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notifications'"
            )
        }
    assert item == ("Old gripe", None, None)
    assert email == ("PENDING", "<m1@x>")
    assert indexes >= OUTBOX_INDEXES  # Tortoise would drop them rebuilding the table


@pytest.mark.postgres_only
async def test_0002_applies_to_a_postgres_database_with_data(postgres_url: str) -> None:
    await asyncio.to_thread(migrate, postgres_url, "models", "0001_initial")
    conn = await asyncpg.connect(postgres_url)
    try:
        for statement in SEED:
            await conn.execute(statement)
        await asyncio.to_thread(migrate, postgres_url)
        item = await conn.fetchrow("SELECT title, missed_due_at, missed_escalated_at FROM items")
        email = await conn.fetchrow("SELECT state, message_id FROM notifications")
        indexes = {
            row["indexname"]
            for row in await conn.fetch(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'notifications'"
            )
        }
    finally:
        await conn.close()
    assert tuple(item) == ("Old gripe", None, None)
    assert tuple(email) == ("PENDING", "<m1@x>")
    assert indexes >= OUTBOX_INDEXES
