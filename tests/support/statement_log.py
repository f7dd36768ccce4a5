"""An administrator's statement log: every statement the app sends, with its parameters,
per connection, in order — what PostgreSQL's `log_statement = 'all'` would give them.

- Both engines: Tortoise's `tortoise.db_client` logger at DEBUG (every statement with its
  values; `domain/logs.py` keeps it away from every other handler meanwhile).
- PostgreSQL, per connection: a query logger on every pooled asyncpg connection
  (`Connection.add_query_logger`), which names the server process of the connection,
  as `%p` in a server log line does, and sees BEGIN and COMMIT too. The pool is
  Tortoise's private `_pool`: a test may peek where a product may not.
- The server's own log (`ALTER DATABASE … SET log_statement = 'all'`) can be read back
  with `pg_read_file(pg_current_logfile())` only when the logging collector is on; it is
  off on our machines (logs go to stderr), so `server_log_readable()` says so and the
  tests rely on the two captures above, which see the same statements the server would.
SQLite has one connection per process, so there the log is one connection's.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from domain.logs import SQL_LOGGER


@dataclass(frozen=True)
class Statement:
    seq: int
    connection: str
    sql: str
    params: tuple[Any, ...]

    def mentions(self, table: str) -> bool:
        return f'"{table}"' in self.sql or f" {table} " in f" {self.sql} "


@dataclass
class StatementLog:
    statements: list[Statement]
    orm_statements: list[tuple[str, tuple[Any, ...]]]

    def before(self, index: int, *, connection: str | None = None) -> list[Statement]:
        """The statements before `index`, nearest first (on `connection` only, if given)."""
        earlier = self.statements[:index]
        return [s for s in reversed(earlier) if connection is None or s.connection == connection]

    def index_of(self, predicate: Any) -> list[int]:
        return [i for i, s in enumerate(self.statements) if predicate(s)]


class _OrmHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.seen: list[tuple[str, tuple[Any, ...]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if len(args) == 2 and isinstance(args[0], str):
            values = args[1]
            self.seen.append((args[0], tuple(values) if isinstance(values, list | tuple) else ()))
        elif (
            not args
            and isinstance(record.msg, str)
            and not record.msg.startswith(("Created connection", "Closed connection"))
        ):
            self.seen.append((record.msg, ()))


def _flat(values: Sequence[Any]) -> tuple[Any, ...]:
    """executemany's rows become one list of values: what the log line would show."""
    flat: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            flat.extend(value)
        else:
            flat.append(value)
    return tuple(flat)


async def server_log_readable() -> bool:
    db = connections.get("default")
    if db.capabilities.dialect != "postgres":
        return False
    _, rows = await db.execute_query("SELECT pg_current_logfile()")
    return bool(rows and rows[0][0])


@asynccontextmanager
async def recording() -> AsyncIterator[StatementLog]:
    db = connections.get("default")
    orm = _OrmHandler()
    logger = logging.getLogger(SQL_LOGGER)
    level, propagate = logger.level, logger.propagate
    log = StatementLog(statements=[], orm_statements=orm.seen)
    postgres = db.capabilities.dialect == "postgres"
    loggers: dict[Any, Any] = {}
    if postgres:
        loggers = await _log_every_pooled_connection(db, log)
    logger.addHandler(orm)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # the values reach this handler and no other
    try:
        yield log
    finally:
        logger.removeHandler(orm)
        logger.setLevel(level)
        logger.propagate = propagate
        for connection, callback in loggers.items():
            connection.remove_query_logger(callback)
    if not postgres:
        log.statements.extend(
            Statement(seq=n, connection="sqlite", sql=sql, params=_flat(params))
            for n, (sql, params) in enumerate(orm.seen)
        )


async def _log_every_pooled_connection(db: Any, log: StatementLog) -> dict[Any, Any]:
    pool = db._pool  # private: a test peeks at Tortoise's asyncpg pool
    held = [await pool.acquire() for _ in range(pool.get_max_size())]
    callbacks: dict[Any, Any] = {}
    try:
        for proxy in held:
            connection = proxy._con  # the connection itself outlives this proxy
            name = f"pg:{connection.get_server_pid()}"

            def callback(record: Any, name: str = name) -> None:
                log.statements.append(
                    Statement(
                        seq=len(log.statements),
                        connection=name,
                        sql=record.query,
                        params=_flat(record.args or ()),
                    )
                )

            connection.add_query_logger(callback)
            callbacks[connection] = callback
    finally:
        for proxy in held:
            await pool.release(proxy)
    return callbacks
