"""What the browser tests share: the server under test, a person's browser (a `Visit`)
with the checks every page gets (a screenshot, axe-core, no console errors), and the
mail catcher's folder."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import BrowserContext, ConsoleMessage, Page, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DEMO_PASSWORD = "mopper-demo-2026"  # the demo organisation's, see devtools/demo.py
BLOCKING_IMPACTS = ("serious", "critical")

_axe = Axe()


@dataclass(frozen=True)
class Server:
    base_url: str
    mail_dir: Path
    inbound_port: int = 0

    async def email_to(self, address: str, *, after: int = 0, wait: float = 30) -> EmailMessage:
        """The first message the mail catcher received for `address` after the first
        `after` of them (file names sort in arrival order)."""
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            received = [m for m in self.messages() if address in str(m.get("To", ""))]
            if len(received) > after:
                return received[after]
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no email number {after + 1} for {address} in {wait} s")
            await asyncio.sleep(0.2)

    def messages(self) -> list[EmailMessage]:
        parser = BytesParser(policy=policy.default)
        found: list[EmailMessage] = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = parser.parsebytes(path.read_bytes())
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the email has no text part"
    content = part.get_content()
    assert isinstance(content, str)
    return content


@dataclass
class Visit:
    """One person's browser: its own cookies and storage, one tab."""

    server: Server
    context: BrowserContext
    page: Page
    console_errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"{error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.page.url}: {message.text}")

    async def goto(self, path: str) -> None:
        await self.page.goto(path)

    async def look(self, name: str, *, full_page: bool = True) -> None:
        """Every page a test shows: a screenshot for people, axe-core for accessibility
        (no serious or critical violation)."""
        await self.page.wait_for_load_state("networkidle")
        await expect(self.page.locator(".loading")).to_have_count(0)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await self.page.evaluate("window.scrollTo(0, 0)")
        # With a dialog open, the page behind it is only backdrop: the screen is what counts.
        dialog_open = await self.page.locator("dialog[open]").count() > 0
        await self.page.screenshot(
            path=SCREENSHOTS / f"{name}.png", full_page=full_page and not dialog_open
        )
        results = await _axe.run(self.page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in results.response["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"accessibility problems on {name}: {blocking}"

    async def login(self, email: str, *, then: str | None = None) -> None:
        await self.goto(f"/login?next={then}" if then else "/login")
        await self.page.locator("#email").fill(email)
        await self.page.locator("#password").fill(DEMO_PASSWORD)
        await self.page.locator("form button[type=submit]").click()
        # Checking a password is argon2's deliberate work: on a busy 2-core machine it
        # takes longer than an expectation's usual 5 s.
        await expect(self.page.locator("#email")).to_have_count(0, timeout=30_000)

    async def api(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """A GraphQL request with this browser's cookies (for setting the scene only)."""
        response = await self.context.request.post(
            "/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}),
            headers={"content-type": "application/json"},
        )
        assert response.ok, await response.text()
        body: dict[str, Any] = await response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


def status_link(base_url: str, text: str) -> str:
    """The status-page link in a customer's email."""
    found = re.search(re.escape(base_url) + r"/status#[A-Za-z0-9_\-]+", text)
    assert found, f"no status link in:\n{text}"
    return found.group(0)
