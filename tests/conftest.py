"""Shared fixtures: a fresh database per session (SQLite or PostgreSQL), emptied after
every test; the app over ASGI; a small organisation with named people."""

from __future__ import annotations

from tests import settings_for_tests

settings_for_tests.apply()

import json  # noqa: E402
from collections.abc import AsyncIterator, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import pytest_asyncio  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from tortoise.contrib.test import truncate_all_models  # noqa: E402

from domain.db import drop_database, start_database, stop_database  # noqa: E402
from domain.settings import get_settings  # noqa: E402
from tests.support.api import make_app  # noqa: E402
from tests.support.org import Org, build_org  # noqa: E402
from tests.support.smtp import SmtpSink  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest_asyncio.fixture(scope="session")
async def database() -> AsyncIterator[str]:
    url = get_settings().database_url
    try:
        await start_database(url, create_db=settings_for_tests.DIALECT == "postgres")
        yield settings_for_tests.DIALECT
    finally:
        if settings_for_tests.DIALECT == "postgres":
            await drop_database()
        else:
            await stop_database()


@pytest_asyncio.fixture
async def db(database: str) -> AsyncIterator[str]:
    """A database that is empty when the test starts and emptied when it ends."""
    try:
        yield database
    finally:
        await truncate_all_models()


@pytest_asyncio.fixture
async def org(db: str) -> Org:
    return await build_org()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`postgres_only` tests exercise what exists only on PostgreSQL (row locks that
    several worker processes contend for). On SQLite they are deselected, which the
    summary shows, rather than skipped."""
    if settings_for_tests.DIALECT == "postgres":
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Leave a record of what ran, so that CI can fail a suite that was skipped."""
    stats = terminalreporter.stats
    outcome = {key: len(stats.get(key, [])) for key in ("passed", "failed", "skipped", "error")}
    passed = stats.get("passed", [])
    browser = sum(1 for report in passed if report.nodeid.startswith("tests/browser/"))
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {"dialect": settings_for_tests.DIALECT, "browser_passed": browser, **outcome}
    (ARTIFACTS / f"pytest-{settings_for_tests.DIALECT}.json").write_text(json.dumps(summary))


@pytest.fixture
def app(db: str) -> Starlette:
    """The real app, served over ASGI; each test gets fresh throttles and caches."""
    return make_app()


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""
    server = SmtpSink().start()
    try:
        yield server
    finally:
        server.stop()
