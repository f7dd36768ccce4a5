"""Logging set-up: plain lines to stderr, and never a client address (uvicorn's own access
log is switched off in favour of `server.http.access_log`) nor a value from the database.

`counting_sql_statements()` lets the query-count tests and the benchmark see the
statements Tortoise sends, without letting their values reach any log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# Tortoise logs every statement WITH its values (passwords' hashes, customers' names and
# addresses) at DEBUG on this logger, and so does aiosqlite on its own; they stay quiet
# whatever the level of the rest.
SQL_LOGGER = "tortoise.db_client"
QUIET_LOGGERS = (SQL_LOGGER, "aiosqlite")
_SQL_VERBS = (
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "WITH",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "TRUNCATE",
    "PRAGMA",
    "NOTIFY",
)


def configure_logging(level: str) -> None:
    # Our lines show neither thread nor process; not collecting them on every record
    # keeps the access log cheap (see "Optimization" in the logging docs).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Strawberry logs every GraphQL error with the query; ours logs the unexpected ones.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)


class _StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Statements are logged as ("%s: %s", sql, values) or as the bare SQL; connection
        # set-up messages are not statements.
        sql = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        if isinstance(sql, str) and sql.lstrip().upper().startswith(_SQL_VERBS):
            self.statements.append(sql)  # the SQL text only, never the values


@contextmanager
def counting_sql_statements() -> Iterator[list[str]]:
    """Collects the SQL text of every statement sent inside the block, in order."""
    logger = logging.getLogger(SQL_LOGGER)
    counter = _StatementCounter()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # the values must not reach any other handler
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate
