"""Dutch and English throughout: from the browser before logging in, from the person's own
setting after, kept when they switch; and readable in dark mode."""

from __future__ import annotations

import pytest
from playwright.async_api import Response, expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser


def saves_the_language(response: Response) -> bool:
    return response.url.endswith("/graphql") and "setMyLocale" in (response.request.post_data or "")


async def test_the_language_follows_the_browser_then_the_persons_choice(visit: NewVisit) -> None:
    sam = await visit(phone=True, locale="nl-NL", dark=True)
    await sam.goto("/login")
    await expect(sam.page.get_by_role("heading", name="Inloggen")).to_be_visible()
    await expect(sam.page.locator("html")).to_have_attribute("lang", "nl")
    await sam.look("40-login-nl-dark")

    await sam.login("sam@mopper.example")
    await expect(sam.page.get_by_role("heading", name="Hoi Sam")).to_be_visible()
    await sam.look("41-home-nl-dark")

    # Sam switches to English: kept on his account (his emails follow), so a reload,
    # or another device, speaks English to him.
    async with sam.page.expect_response(saves_the_language) as saved:
        await sam.page.get_by_role("button", name="Read Mopper in English").click()
    # The page switches at once; the account follows a moment later.
    await expect(sam.page.get_by_role("heading", name="Hi Sam")).to_be_visible()
    assert (await (await saved.value).json())["data"]["setMyLocale"]["locale"] == "EN"
    await expect(sam.page.locator("html")).to_have_attribute("lang", "en")
    other_device = await visit(locale="nl-NL")
    await other_device.login("sam@mopper.example")
    await expect(other_device.page.get_by_role("heading", name="Hi Sam")).to_be_visible()

    async with sam.page.expect_response(saves_the_language):
        await sam.page.get_by_role("button", name="Lees Mopper in het Nederlands").click()
    await expect(sam.page.get_by_role("heading", name="Hoi Sam")).to_be_visible()
    assert (await sam.api("{ me { locale } }"))["me"]["locale"] == "NL"


async def test_a_broken_status_link_and_an_unknown_page_say_so(visit: NewVisit) -> None:
    customer = await visit(phone=True, locale="nl-NL")
    await customer.goto("/status#not-a-real-token")
    await expect(customer.page.get_by_text("Deze link is niet (meer) geldig")).to_be_visible()
    await customer.look("34-status-invalid-link")
    await customer.goto("/status")
    await expect(customer.page.get_by_text("Deze pagina heeft de link uit uw")).to_be_visible()
    await customer.goto("/no/such/page")
    await expect(customer.page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    await customer.look("35-not-found")
