"""Logging set-up: one JSON object per line on stderr (or plain text lines), and never a
client address (uvicorn's own access log is switched off in favour of
`server.http.access_log`) nor a value from the database.

A JSON line has `time` (UTC, ISO 8601), `level`, `logger`, `message`, the `request_id`
of the request it happened in (when there is one), the access log's fields (`method`,
`path`, `status`, `duration_ms`), and `error` with the traceback of a logged exception.
What goes into a message is the caller's responsibility: ours never carry a receipt
code, a token, a password or a customer's name or address.

`counting_sql_statements()` lets the query-count tests and the benchmark see the
statements Tortoise sends, without letting their values reach any log.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Literal

import orjson

# The id of the request being served, set by `server.http.access_log.AccessLog`.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Tortoise logs every statement WITH its values (passwords' hashes, customers' names and
# addresses) at DEBUG on this logger, and so does aiosqlite on its own; they stay quiet
# whatever the level of the rest. Tortoise's own start-up line (DEBUG) shows the database
# URL, password included.
SQL_LOGGER = "tortoise.db_client"
QUIET_LOGGERS = (SQL_LOGGER, "aiosqlite", "tortoise")
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


class JsonLines(logging.Formatter):
    """One JSON object per record, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        found = getattr(record, "request_id", None) or request_id.get()
        if found:
            entry["request_id"] = found
        fields = getattr(record, "fields", None)
        if fields:
            entry.update(fields)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


class TextLines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        found = getattr(record, "request_id", None) or request_id.get()
        return f"{line} [{found}]" if found else line


class _OurHandler(logging.StreamHandler):  # type: ignore[type-arg]
    pass


def configure_logging(level: str, log_format: Literal["json", "text"] = "json") -> None:
    """The root logger writes to stderr in `log_format`; called once per process (the
    app's processes, `python -m workers`, the benchmark's server)."""
    # Our lines show neither thread nor process; not collecting them on every record
    # keeps the access log cheap (see "Optimization" in the logging docs).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = _OurHandler(sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else TextLines())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(old)  # configured again: one line per record all the same
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's loggers write through ours (its own handlers would print plain text).
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
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
