"""A customer's problem: an employee passes it on from her phone, the customer hears of it
by email (read from the real mail catcher), follows it on the status page in their own
language, says "not solved", and the item is back on the board."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit
from tests.browser.support import status_link, text_of

pytestmark = pytest.mark.browser


async def test_a_customer_says_not_solved_and_the_item_is_back_on_the_board(
    visit: NewVisit,
) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"TV box loses its channels [{run}]"
    customer_email = f"karin.{run}@example.net"

    # The employee passes it on, on her phone.
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    relay = alice.page.get_by_role("link", name=re.compile(r"Pass on a customer.s problem"))
    await relay.first.click()
    page = alice.page
    await page.locator("#categoryId").select_option(label="TV & streaming")
    await page.locator("#title").fill(title)
    await page.locator("#body").fill("After every update the box forgets all channels.")
    await page.get_by_label("Name").fill("Karin Klant")
    await page.get_by_label("Email address").fill(customer_email)
    await page.get_by_label("Language for our emails").select_option("NL")
    await page.get_by_label("The customer agreed that Mopper may email them").check()
    await page.get_by_role("button", name="Pass it on").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    item_id = page.url.rsplit("/", 1)[-1]
    await alice.look("30-relay-sent")

    # The manager of Customer Care follows the link in his email (/items/<id>): it opens
    # on the board, in the item panel. He resolves it.
    max_ = await visit()
    await max_.login("max@mopper.example", then=f"/items/{item_id}")
    await expect(max_.page).to_have_url(re.compile(rf"/board\?item={item_id}$"))
    panel = max_.page.get_by_role("dialog", name=re.compile("Melding MOP-"))
    await expect(panel.get_by_role("heading", name=title)).to_be_visible()
    await expect(panel).to_contain_text("Karin Klant")
    await panel.get_by_role("button", name="Naar Gezien").click()
    await expect(panel.locator(".badge.status-acknowledged")).to_be_visible()
    await panel.get_by_role("button", name="Naar Opgelost").click()
    await expect(panel.get_by_text("de klant en de medewerker die het doorgaf")).to_be_visible()
    await panel.get_by_label("Bericht", exact=True).first.fill(
        "We hebben een nieuwe software-update voor uw box klaargezet."
    )
    await panel.get_by_role("button", name="Naar Opgelost").click()
    await expect(panel.locator(".badge.status-resolved")).to_be_visible()
    await expect(panel.get_by_text("Aan de klant en de medewerker")).to_be_visible()
    await panel.get_by_role("button", name="Sluiten").click()

    # The customer's email arrives, with the link to the status page.
    server = max_.server
    email = await server.email_to(customer_email)
    link = status_link(server.base_url, text_of(email))

    # The customer opens it: no login, in Dutch (the language Alice chose for her).
    customer = await visit(phone=True, locale="en-GB")
    await customer.page.goto(link)
    await expect(customer.page.locator("html")).to_have_attribute("lang", "nl")
    await expect(customer.page.get_by_role("heading", name=title)).to_be_visible()
    await expect(
        customer.page.get_by_text("We hebben een nieuwe software-update voor uw box klaargezet.")
    ).to_be_visible()
    await expect(customer.page.get_by_text("Is uw probleem hiermee opgelost?")).to_be_visible()
    # Their own description of the problem, as Alice passed it on.
    await expect(
        customer.page.get_by_text("After every update the box forgets all channels.")
    ).to_be_visible()
    await customer.look("31-status-page")
    await customer.page.get_by_role("button", name="Nee, het is niet opgelost").click()
    await customer.page.get_by_label("Wat is er nog mis?").fill("Na de update weer alles kwijt.")
    await customer.look("32-status-not-solved-why")
    await customer.page.get_by_role("button", name="Versturen: niet opgelost").click()
    await expect(customer.page.get_by_text("Dank u voor uw reactie")).to_be_visible()
    await expect(customer.page.get_by_text("U zei: het is niet opgelost")).to_be_visible()
    await expect(customer.page.get_by_text("Na de update weer alles kwijt.")).to_be_visible()
    await expect(customer.page.locator(".badge.status-in_progress")).to_be_visible()
    await customer.look("32-status-not-solved")

    # Back on the board, in progress again.
    await max_.goto(f"/board?q={run}")
    in_progress = max_.page.locator("section.column[data-status=IN_PROGRESS]")
    await expect(in_progress.locator(f"article[data-item-id='{item_id}']")).to_be_visible()
    await max_.look("33-board-reopened")

    # The customer can stop the emails, after saying yes once more, and start them again;
    # the page keeps working.
    await customer.page.get_by_role("button", name="Stop de e-mails over dit probleem").click()
    await expect(customer.page.get_by_role("alert")).to_contain_text("Alle e-mails over dit")
    await customer.page.get_by_role("button", name="Ja, stop de e-mails").click()
    await expect(customer.page.get_by_text("U ontvangt geen e-mails meer")).to_be_visible()
    await customer.page.get_by_role("button", name="Stuur mij weer e-mails").click()
    await expect(
        customer.page.get_by_role("button", name="Stop de e-mails over dit probleem")
    ).to_be_visible()
    await customer.page.get_by_role("button", name="Stop de e-mails over dit probleem").click()
    await customer.page.get_by_role("button", name="Ja, stop de e-mails").click()
    await expect(customer.page.get_by_text("U ontvangt geen e-mails meer")).to_be_visible()
