"""Dutch and English throughout: from the browser before logging in, from the person's own
setting after; the header's switch changes this device only, the language of emails is
chosen on the settings page; and readable in dark mode."""

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

    # Sam switches the page to English: this device only. His emails keep their language
    # (nothing is sent to his account), until he changes it on the settings page.
    saved: list[Response] = []
    sam.page.on("response", lambda r: saved.append(r) if saves_the_language(r) else None)
    await sam.page.get_by_role("button", name="Read Mopper in English").click()
    await expect(sam.page.get_by_role("heading", name="Hi Sam")).to_be_visible()
    await expect(sam.page.locator("html")).to_have_attribute("lang", "en")
    await sam.page.reload()
    await expect(sam.page.get_by_role("heading", name="Hi Sam")).to_be_visible()
    assert saved == []
    assert (await sam.api("{ me { locale } }"))["me"]["locale"] == "NL"

    await sam.page.get_by_role("link", name="Settings").click()
    async with sam.page.expect_response(saves_the_language) as answer:
        await sam.page.get_by_role("radio", name="English").click()
    assert (await (await answer.value).json())["data"]["setMyLocale"]["locale"] == "EN"
    await expect(sam.page.get_by_role("status")).to_have_text("Saved.")
    await sam.look("42-settings-en-dark")
    # Another device, with no choice of its own, speaks the account's language.
    other_device = await visit(locale="nl-NL")
    await other_device.login("sam@mopper.example")
    await expect(other_device.page.get_by_role("heading", name="Hi Sam")).to_be_visible()

    async with sam.page.expect_response(saves_the_language):
        await sam.page.get_by_role("radio", name="Nederlands").click()
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
