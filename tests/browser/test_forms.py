"""Bad input gets a clear error and loses nothing; drafts survive a reload and an expired
session."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser


async def test_a_gripe_with_mistakes_keeps_every_word_and_survives_a_reload(
    visit: NewVisit,
) -> None:
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    await alice.goto("/gripe/new")
    page = alice.page

    # Nothing filled in: every problem at once, the cursor on the first one.
    await page.get_by_role("button", name="Send").click()
    await expect(page.locator(".field-error")).to_have_count(3)
    await expect(page.locator("#categoryId")).to_be_focused()
    await expect(page.locator("#categoryId")).to_have_attribute("aria-invalid", "true")
    await alice.look("20-gripe-errors")

    # Too long a title: said with the numbers; the text stays as typed.
    long_title = "The printer " + "really " * 30 + "hates me"
    await page.locator("#categoryId").select_option(label="Building & workplace")
    await page.locator("#title").fill(long_title)
    body = f"It jams on every second page. ({uuid.uuid4().hex[:6]})"
    await page.locator("#body").fill(body)
    await page.get_by_role("button", name="Send").click()
    too_long = re.compile(r"At most 140 characters, please \(now \d+\)")
    await expect(page.get_by_text(too_long)).to_be_visible()
    await expect(page.locator("#title")).to_have_value(long_title)
    await expect(page.locator("#body")).to_have_value(body)

    # A draft survives a reload (and the anonymous switch with it).
    await page.get_by_label("Send anonymously").check()
    await page.reload()
    await expect(page.locator("#title")).to_have_value(long_title)
    await expect(page.locator("#body")).to_have_value(body)
    await expect(page.get_by_label("Send anonymously")).to_be_checked()
    await expect(page.locator("#categoryId")).to_have_value(re.compile(r"\d+"))

    # What only the server can check (a control character in a one-line field) comes
    # back as a clear message next to the field, and nothing is lost.
    await page.get_by_label("Send anonymously").uncheck()
    await page.locator("#title").fill("Printer\u0007 on 2")
    await page.get_by_role("button", name="Send").click()
    await expect(page.get_by_text("Keep this on one line, without special")).to_be_visible()
    await expect(page.get_by_text("Some fields need attention. Nothing was sent")).to_be_visible()
    await expect(page.locator("#body")).to_have_value(body)

    # The session ends meanwhile (another tab logged out, or it expired): the gripe waits.
    await page.locator("#title").fill("The printer on 2 jams")
    await alice.context.clear_cookies()
    await page.get_by_role("button", name="Send").click()
    await expect(page.get_by_text("Please log in (again) to continue")).to_be_visible()
    await alice.look("21-gripe-session-expired")
    await page.get_by_role("alert").get_by_role("link", name="Log in").click()
    await page.locator("#email").fill("alice@mopper.example")
    await page.locator("#password").fill("mopper-demo-2026")
    await page.locator("form button[type=submit]").click()
    await expect(page).to_have_url(re.compile(r"/gripe/new$"))
    await expect(page.locator("#title")).to_have_value("The printer on 2 jams")
    await expect(page.locator("#body")).to_have_value(body)
    await page.get_by_role("button", name="Send").click()
    await expect(page.get_by_role("heading", name="The printer on 2 jams")).to_be_visible()

    # Sent: the draft is gone.
    await alice.goto("/gripe/new")
    await expect(page.locator("#title")).to_have_value("")


async def test_relaying_needs_a_valid_address_and_the_customers_consent(visit: NewVisit) -> None:
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    await alice.goto("/relay/new")
    page = alice.page
    await alice.look("22-relay-form")

    await page.locator("#categoryId").select_option(label="Internet at home")
    await page.locator("#title").fill("Wifi drops when it rains")
    await page.locator("#body").fill("My uncle loses the connection at every shower.")
    await page.get_by_label("Name").fill("Henk Buurman")
    await page.get_by_label("Email address").fill("henk@")
    await page.get_by_role("button", name="Pass it on").click()
    await expect(page.get_by_text("This is not a valid email address.")).to_be_visible()
    await expect(page.get_by_text("The customer must agree to be contacted")).to_be_visible()
    await alice.look("23-relay-errors")

    # An address only the server can judge: refused, with the same words, nothing lost.
    await page.get_by_label("Email address").fill("henk@example..com")
    await page.get_by_label("The customer agreed that Mopper may email them").check()
    await page.get_by_role("button", name="Pass it on").click()
    await expect(page.get_by_text("Some fields need attention")).to_be_visible()
    await expect(page.locator("#customerEmail")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("Name")).to_have_value("Henk Buurman")
    await expect(page.locator("#body")).to_have_value(
        "My uncle loses the connection at every shower."
    )

    await page.get_by_label("Email address").fill("henk.buurman@example.com")
    await page.get_by_role("button", name="Pass it on").click()
    await expect(page.get_by_role("heading", name="Wifi drops when it rains")).to_be_visible()
    await expect(page.get_by_text("Henk Buurman will receive an email shortly")).to_be_visible()
