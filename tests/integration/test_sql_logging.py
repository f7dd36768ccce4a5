"""Tortoise logs every statement with its values; those values (password hashes, a
customer's name and address) must never reach a log, at any level."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from domain.logs import QUIET_LOGGERS, SQL_LOGGER, configure_logging, counting_sql_statements
from domain.org.models import Team

SECRET_NAME = "Team of karin@example.net"


@pytest.fixture
def restored_logging() -> Iterator[None]:
    names = ("", *QUIET_LOGGERS, "strawberry.execution")
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    flags = (logging.logThreads, logging.logProcesses, logging.logMultiprocessing)
    handlers = list(logging.getLogger().handlers)
    yield
    logging.getLogger().handlers[:] = handlers
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    logging.logThreads, logging.logProcesses, logging.logMultiprocessing = flags


@pytest.mark.usefixtures("restored_logging")
async def test_statements_stay_out_of_the_log_even_at_debug(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging("DEBUG")
    with caplog.at_level(logging.DEBUG):
        await Team.create(name=SECRET_NAME)
    assert SECRET_NAME not in caplog.text


@pytest.mark.usefixtures("restored_logging")
async def test_counting_statements_keeps_their_values_to_itself(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("aiosqlite").setLevel(logging.INFO)  # as configure_logging leaves it
    with caplog.at_level(logging.DEBUG), counting_sql_statements() as statements:
        await Team.create(name=SECRET_NAME)
        await Team.filter(name=SECRET_NAME).count()
    assert [s.split()[0] for s in statements] == ["INSERT", "SELECT"]
    assert SECRET_NAME not in caplog.text
    assert not any(SECRET_NAME in s for s in statements)  # the SQL text only
    assert logging.getLogger(SQL_LOGGER).level != logging.DEBUG  # restored afterwards
