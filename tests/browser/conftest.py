"""The real app in a real browser.

One server per test session, started the way `make run` starts it (`python -m server.run`,
development mode, so it creates the demo organisation) on a fresh SQLite database in a
temporary folder, a free port, with the embedded delivery worker and mail catcher writing
to a folder of its own, and the inbound SMTP service for replies by email. The web app is
built first (`scripts/build-frontend.sh`, a no-op when it is up to date). Browsers are
Debian's headless Chromium driven by Playwright.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, ViewportSize, async_playwright, expect

from tests.browser.support import ARTIFACTS, Server, Visit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# This machine has no internet: without these, Chromium keeps trying to reach Google's
# services at start and in the background.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]
STARTUP_SECONDS = 120
# An expectation waits as long as an action does (the contexts' default below): 5 s,
# Playwright's default, is too short for a first board on a busy 2-core machine.
expect.set_options(timeout=15_000)

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1600, "height": 1000}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def built_frontend() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (installs chromium)")
    subprocess.run([str(ROOT / "scripts" / "build-frontend.sh")], check=True, timeout=900)


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped at start:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"the server did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def server(built_frontend: None) -> Iterator[Server]:
    with serving(free_port()) as served:
        yield served


@contextmanager
def serving(port: int, *, name: str = "browser-server", **settings: str) -> Iterator[Server]:
    """`python -m server.run` on `port` with a fresh database; `settings` are more
    MOPPER_* variables (without the prefix, e.g. OIDC_ISSUER)."""
    folder = Path(tempfile.mkdtemp(prefix="mopper-browser-"))
    smtp_port, inbound_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{port}"
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "MOPPER_ENVIRONMENT": "development",  # creates the demo organisation on first start
        "MOPPER_DATABASE_URL": f"sqlite://{folder}/mopper.sqlite3",
        "MOPPER_SECRET_KEY": "browser-test-secret-key-long-enough",
        "MOPPER_HOST": "127.0.0.1",
        "MOPPER_PORT": str(port),
        "MOPPER_PUBLIC_BASE_URL": base_url,
        "MOPPER_EMBEDDED_WORKER": "true",
        "MOPPER_MAIL_CATCHER": "true",
        "MOPPER_MAIL_CATCHER_DIR": str(mail_dir),
        "MOPPER_SMTP_HOST": "127.0.0.1",
        "MOPPER_SMTP_PORT": str(smtp_port),
        # Replies by email, received by the server itself (as `make run` does).
        "MOPPER_EMBEDDED_INBOUND": "true",
        "MOPPER_INBOUND_HOST": "127.0.0.1",
        "MOPPER_INBOUND_PORT": str(inbound_port),
        # OWASP's floor: the cheapest argon2 the app accepts, for quick demo logins.
        "MOPPER_ARGON2_TIME_COST": "2",
        "MOPPER_ARGON2_MEMORY_KIB": str(19 * 1024),
        "MOPPER_ARGON2_PARALLELISM": "1",
        # Every browser here logs in from 127.0.0.1: one "client" for the throttle.
        "MOPPER_LOGIN_CLIENT_LIMIT": "500 per 15 minutes",
        # Anonymous gripes and replies reach the board within a second, not the hour.
        "MOPPER_ANONYMOUS_FILING_MINUTES": "0.01",
        "MOPPER_LOG_LEVEL": "INFO",
        **{f"MOPPER_{key}": value for key, value in settings.items()},
    }
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "server.run"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(process, f"{base_url}/healthz", log_path)
            yield Server(base_url=base_url, mail_dir=mail_dir, inbound_port=inbound_port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(log_path, ARTIFACTS / f"{name}.log")
    shutil.rmtree(folder, ignore_errors=True)


@pytest_asyncio.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


NewVisit = Callable[..., Awaitable[Visit]]


@pytest_asyncio.fixture
async def visit(browser: Browser, server: Server) -> AsyncIterator[NewVisit]:
    """`await visit(phone=True)`: a fresh browser profile (its own cookies and storage),
    like another person's device. Every page it shows must be free of console errors."""
    opened: list[tuple[BrowserContext, Visit]] = []

    async def open_visit(
        *, phone: bool = False, locale: str = "en-GB", dark: bool = False, on: Server = server
    ) -> Visit:
        """`on`: another server than the session's (single sign-on's, say)."""
        context = await browser.new_context(
            base_url=on.base_url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            locale=locale,
            color_scheme="dark" if dark else "light",
            permissions=["clipboard-read", "clipboard-write"],
        )
        context.set_default_timeout(15_000)
        page = await context.new_page()
        person = Visit(server=on, context=context, page=page)
        opened.append((context, person))
        return person

    yield open_visit
    problems: list[str] = []
    for context, person in opened:
        problems += person.console_errors
        await context.close()
    assert not problems, f"the browser reported errors: {problems}"
