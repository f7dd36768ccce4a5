"""The schema only ever comes from the migrations, and they match the models."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from domain.db import tortoise_config
from tests import settings_for_tests

ROOT = Path(__file__).resolve().parents[2]
APP_TABLES = {
    "users",
    "teams",
    "memberships",
    "categories",
    "items",
    "customer_contacts",
    "timeline_events",
    "notifications",
    "sessions",
}


def migrate_in_a_fresh_process(database_url: str) -> None:
    """What an operator runs: `python -m server.migrate` against an empty database."""
    subprocess.run(
        [sys.executable, "-m", "server.migrate"],
        cwd=ROOT,
        env={**os.environ, "MOPPER_DATABASE_URL": database_url},
        check=True,
        timeout=120,
        capture_output=True,
    )


async def test_models_and_migrations_agree() -> None:
    config = tortoise_config("sqlite://:memory:")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config, init_connections=False)
        assert ctx.apps is not None
        changes = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert changes == [], (
        "The models changed without a migration: run `tortoise makemigrations` "
        "and commit the new file in domain/migrations/."
    )


async def test_an_empty_database_is_brought_to_head(tmp_path: Path) -> None:
    if settings_for_tests.DIALECT == "postgres":
        await check_postgres()
    else:
        check_sqlite(tmp_path)


def check_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    migrate_in_a_fresh_process(f"sqlite://{path}")
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master where type='table'")}
        assert tables >= APP_TABLES
        applied = [row[0] for row in db.execute("select name from tortoise_migrations")]
        assert applied == sorted(applied)
        assert applied[0].startswith("0001")
        # SQLite takes an index on a misspelt column as an index on a constant string;
        # every indexed column must be a real column of its table.
        for index, table in db.execute(
            "select name, tbl_name from sqlite_master where type='index' and sql is not null"
        ):
            columns = {row[1] for row in db.execute(f'pragma table_info("{table}")')}
            indexed = [row[2] for row in db.execute(f'pragma index_info("{index}")')]
            assert indexed, index
            assert all(name in columns for name in indexed), (index, indexed)
    # Running it again changes nothing and does not fail.
    migrate_in_a_fresh_process(f"sqlite://{path}")


async def check_postgres() -> None:
    name = f"mopper_migrate_{uuid.uuid4().hex[:8]}"
    server = settings_for_tests.POSTGRES_SERVER
    admin = await asyncpg.connect(f"{server}/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        migrate_in_a_fresh_process(f"{server}/{name}")
        db = await asyncpg.connect(f"{server}/{name}")
        try:
            rows = await db.fetch("select tablename from pg_tables where schemaname = 'public'")
            assert {row["tablename"] for row in rows} >= APP_TABLES
            indexes = await db.fetch("select indexname from pg_indexes where tablename = 'items'")
            assert len(indexes) >= 7  # the primary key, the receipt hash and the board's
        finally:
            await db.close()
        migrate_in_a_fresh_process(f"{server}/{name}")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
