"""Tortoise configuration, start-up (migrate to head, then connect) and shut-down.

The schema only ever changes through Tortoise's own migrations in `domain/migrations`.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.context import set_global_context
from tortoise.migrations.api import migrate
from tortoise.queryset import QuerySet, ValuesListQuery, ValuesQuery

from domain import migrations
from domain.settings import database_url_setting

MODEL_MODULES = [
    "domain.org.models",
    "domain.auth.models",
    "domain.items.models",
    "domain.notifications.models",
    "domain.replies.models",
    "domain.anonymity.models",
    "domain.triage_aid.models",
    "domain.engagement.models",
    "domain.sso.models",
]

DEFAULT_CONNECTION = "default"


def connection() -> BaseDBAsyncClient:
    """The connection the models use: inside `in_transaction()`, that transaction's."""
    client: BaseDBAsyncClient = connections.get(DEFAULT_CONNECTION)
    return client


# WAL (Tortoise's default) with synchronous=NORMAL: a commit no longer waits for the disk
# (a third of the time of a small write), and a crash of the process loses nothing; only
# a power cut can lose the last moments of writes. A URL that sets it keeps its own.
SQLITE_SYNCHRONOUS = "NORMAL"


def _with_sqlite_defaults(database_url: str) -> str:
    if not is_sqlite(database_url) or "synchronous=" in database_url:
        return database_url
    joiner = "&" if "?" in database_url else "?"
    return f"{database_url}{joiner}synchronous={SQLITE_SYNCHRONOUS}"


def is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite")


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {DEFAULT_CONNECTION: _with_sqlite_defaults(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": DEFAULT_CONNECTION,
                "migrations": "domain.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    """`TORTOISE_ORM`, read by the `tortoise` CLI through `[tool.tortoise]` in
    pyproject.toml: made when the CLI asks for it, not when this module is imported."""
    if name == "TORTOISE_ORM":
        # The CLI needs only the database: read it without the checks that guard a
        # server in production (which refuses the development secret), so that
        # `tortoise makemigrations` works on a developer's machine as it is.
        return tortoise_config(database_url_setting())
    raise AttributeError(name)


def _ensure_sqlite_folder(database_url: str) -> None:
    if not is_sqlite(database_url):
        return
    path = database_url.split("://", 1)[1].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def start_database(
    database_url: str, *, create_db: bool = False, migrate_first: bool = True
) -> None:
    """Bring the schema to head (unless `migrate_first` is false: a one-shot
    `python -m server.migrate` does it before the API processes start, so that they
    never race each other at it), then open the connections the app uses."""
    config = tortoise_config(database_url)
    _ensure_sqlite_folder(database_url)
    if create_db:
        await Tortoise.init(config=config)
        await connection().db_create()
        await Tortoise.close_connections()
    if migrate_first:
        try:
            await migrate(config=config)
        finally:
            # migrate() leaves its own connection open and the models half-initialised.
            await Tortoise.close_connections()
    # The global context lets requests, served in other tasks than the one that ran the
    # lifespan, find the connections.
    set_global_context(await Tortoise.init(config=config))
    if is_sqlite(database_url):
        # SQLite's planner knows nothing of the data until ANALYZE: without it the board
        # filters by team through an index and sorts every item, instead of reading its
        # sort index (migration 0003) — 17 ms instead of 7 at 10,000 items, growing with
        # the table. PostgreSQL's autovacuum keeps its statistics by itself.
        await connection().execute_script("ANALYZE")


async def stop_database() -> None:
    await Tortoise.close_connections()


async def drop_database() -> None:
    """Close the connections and delete the database (the tests' and benches' own)."""
    db = connection()
    await Tortoise.close_connections()
    await db.db_delete()


def dialect() -> str:
    return str(connection().capabilities.dialect)


async def open_database(database_url: str) -> None:
    """Connect without migrating: for processes beside the API (the standalone worker),
    which leave the schema to the API or `python -m server.migrate`."""
    set_global_context(await Tortoise.init(config=tortoise_config(database_url)))


def migration_names() -> list[str]:
    """The migrations this code knows, in order (`0001_initial`, ...)."""
    return sorted(
        module.name
        for module in pkgutil.iter_modules(migrations.__path__)
        if module.name[:4].isdigit()
    )


async def pending_migrations() -> list[str]:
    """The migrations not yet applied to the database (empty: at head). Raises when the
    database does not answer."""
    conn = connection()
    try:
        rows = await conn.execute_query_dict(
            "SELECT name FROM tortoise_migrations WHERE app = 'models'"
        )
    except Exception:
        await conn.execute_query("SELECT 1")  # raises when the database does not answer
        rows = []  # it answers: no migration has ever run
    applied = {row["name"] for row in rows}
    return [name for name in migration_names() if name not in applied]


@dataclass(frozen=True, slots=True)
class Statement:
    """The statement Tortoise would run for a query, to wrap in SQL of our own: Tortoise
    writes the filters (one way in for them), our SQL reads the rows the way a hot page
    needs them."""

    sql: str
    parameters: list[Any]


def statement_of(query: QuerySet[Any] | ValuesQuery[Any] | ValuesListQuery[Any]) -> Statement:
    """`query` as Tortoise renders it (its public `sql()`), with the parameters that go
    with it: `sql()` leaves the pypika query it rendered on `query.query`, whose public
    `get_parameterized_sql()` gives them."""
    sql = query.sql()
    rendered, parameters = query.query.get_parameterized_sql()
    if rendered != sql:  # pragma: no cover - the same builder renders the same text
        raise RuntimeError("Tortoise rendered a query two ways")
    return Statement(sql, list(parameters))


def placeholder(db: BaseDBAsyncClient, position: int) -> str:
    """The placeholder of the `position`-th (1-based) parameter of a raw statement."""
    return "?" if db.capabilities.dialect == "sqlite" else f"${position}"


_NAMED = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)")


def bind(db: BaseDBAsyncClient, statement: str, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """A raw statement written with `:name` parameters, in the form `db` takes: `$n`
    (PostgreSQL, each name numbered once) or `?` (SQLite, values repeated in order)."""
    parameters: list[Any] = []
    if db.capabilities.dialect == "sqlite":

        def positional(match: re.Match[str]) -> str:
            parameters.append(values[match.group(1)])
            return "?"

        return _NAMED.sub(positional, statement), parameters
    numbers: dict[str, int] = {}

    def numbered(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in numbers:
            parameters.append(values[name])
            numbers[name] = len(parameters)
        return f"${numbers[name]}"

    return _NAMED.sub(numbered, statement), parameters


async def count_up_to(query: QuerySet[Any], limit: int) -> int:
    """How many rows `query` matches, but counting no further than `limit`.

    COUNT(*) reads every matching index entry: 4 to 9 ms for 100,000 items, growing with the
    table, on every board page. Counting a LIMITed subquery stops at `limit` instead.
    """
    # Tortoise counts the whole table whatever the limit, so the count is written here.
    matching = statement_of(query.limit(limit).values_list("id", flat=True))
    # The values stay parameters; only Tortoise's own statement text is wrapped.
    counting = f"SELECT COUNT(*) AS n FROM ({matching.sql}) AS matching"  # noqa: S608
    _, rows = await connection().execute_query(counting, matching.parameters)
    return int(rows[0]["n"])
