"""Gripes travel from an employee's phone to the resolution board and the answers come back:
to the named employee on their items page, to the anonymous submitter through the receipt
code only."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import NewVisit
from tests.browser.support import Visit

pytestmark = pytest.mark.browser


def column(page: Page, status: str) -> Locator:
    return page.locator(f"section.column[data-status={status}]")


def card_titled(page: Page, title: str) -> Locator:
    return page.locator("article.board-card").filter(has=page.get_by_role("link", name=title))


TOKENS = "() => (localStorage.getItem('mopper.anonymousTokens') || '').includes('bt1.')"


async def send_gripe(person: Visit, *, title: str, body: str, anonymous: bool) -> None:
    page = person.page
    await page.get_by_role("link", name="Something bugs me").first.click()
    await page.locator("#categoryId").select_option(label="Coffee & kitchen")
    await page.locator("#title").fill(title)
    await page.locator("#body").fill(body)
    if anonymous:
        # The phone received its tokens at login, as everybody's does.
        await page.wait_for_function(TOKENS)
        await page.get_by_label("Send anonymously").check()
        # The anonymous form, with what she typed; what anonymity means is on screen
        # before anything is sent.
        await expect(page).to_have_url(re.compile(r"/gripe/anonymous$"))
        await expect(page.locator("#title")).to_have_value(title)
        await expect(page.get_by_text("Nobody — not your manager")).to_be_visible()
        await expect(page.get_by_text("own network (Wi-Fi, VPN, proxies)")).to_be_visible()
        await expect(page.locator("#categoryId")).to_have_value(re.compile(r"\d+"))
        await person.look("03-gripe-form-anonymous")
    await page.get_by_role("button", name="Send anonymously" if anonymous else "Send").click()


async def until_filed(page: Page, check: Locator) -> None:
    """Anonymous writing reaches the team at the next filing (every 0.6 s in these
    tests): look again until it has."""
    for _ in range(30):
        if await check.count():
            return
        await page.wait_for_timeout(500)
        await page.reload()
    await expect(check).to_be_visible()


async def test_gripes_reach_the_board_and_the_answers_come_back(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    named_title = f"The fridge on 3 smells [{run}]"
    anonymous_title = f"Lunch breaks get cut short [{run}]"

    # An employee, on her phone, sends a named gripe; a colleague an anonymous one.
    alice = await visit(phone=True)
    await alice.goto("/")
    await expect(alice.page).to_have_url(re.compile(r"/login"))
    await alice.look("01-login")
    await alice.login("alice@mopper.example")
    await expect(alice.page.get_by_role("heading", name="Hi Alice")).to_be_visible()
    await alice.look("02-home")

    await send_gripe(alice, title=named_title, body="Something died in there.", anonymous=False)
    await expect(alice.page.get_by_role("heading", name=named_title)).to_be_visible()
    await expect(alice.page.get_by_text("Sent. You will hear from the team")).to_be_visible()
    named_id = alice.page.url.rsplit("/", 1)[-1]
    await alice.look("04-item-named-sent")

    # Bob (whose phone received its tokens when he logged in, like everybody's; Alice's
    # went to her other devices in the tests before) reads Mopper in English.
    bob = await visit(phone=True)
    await bob.login("bob@mopper.example")
    await bob.page.get_by_role("button", name="Read Mopper in English").click()
    await expect(bob.page.get_by_role("heading", name="Hi Bob")).to_be_visible()
    await send_gripe(
        bob, title=anonymous_title, body="Meetings run into the lunch break.", anonymous=True
    )
    await expect(bob.page.get_by_role("heading", name="Your receipt code")).to_be_visible()
    receipt = (await bob.page.get_by_test_id("receipt-code").inner_text()).strip()
    assert len(receipt) >= 16
    assert receipt not in bob.page.url
    await bob.page.get_by_role("button", name="Copy code").click()
    await expect(bob.page.get_by_text("Copied to the clipboard")).to_be_visible()
    assert await bob.page.evaluate("navigator.clipboard.readText()") == receipt
    await bob.look("05-receipt-code")
    stored = await bob.page.evaluate("JSON.stringify({...localStorage, ...sessionStorage})")
    assert receipt not in stored, "the code is kept on the device only when asked"

    # A manager, at her desk (in Dutch, her language), moves them across the board.
    mia = await visit()
    await mia.login("mia@mopper.example", then="/board")
    await expect(mia.page.get_by_role("heading", name="Afhandelbord")).to_be_visible()
    await mia.page.get_by_label("Zoeken").fill(run)
    await expect(mia.page).to_have_url(re.compile(rf"q={run}"))
    named = card_titled(mia.page, named_title)
    anonymous = card_titled(mia.page, anonymous_title)
    await until_filed(mia.page, anonymous)
    await expect(column(mia.page, "NEW").locator("article")).to_have_count(2)
    await expect(anonymous).to_contain_text("Anoniem")
    await mia.look("10-board")

    # Drag and drop: NEW -> ACKNOWLEDGED.
    await named.drag_to(column(mia.page, "ACKNOWLEDGED"))
    the_card = f"[data-item-id='{named_id}']"
    await expect(column(mia.page, "ACKNOWLEDGED").locator(the_card)).to_be_visible()

    # The keyboard way: the card's move button, then a status from its list.
    move = named.get_by_role("button", name=f"“{named_title}” verplaatsen")
    await move.focus()
    await mia.page.keyboard.press("Enter")
    await expect(mia.page.locator(":focus")).to_have_text("Naar In behandeling")
    await mia.page.keyboard.press("Enter")
    await expect(column(mia.page, "IN_PROGRESS").locator(the_card)).to_be_visible()
    await expect(move).to_be_focused()

    # Asking for information needs a message: dropping the card asks for it.
    await named.drag_to(column(mia.page, "WAITING_FOR_INFO"))
    dialog = mia.page.get_by_role("dialog", name="Om informatie vragen")
    await expect(dialog).to_be_visible()
    await dialog.get_by_role("button", name="Om informatie vragen").click()
    await expect(dialog.get_by_text("Schrijf een bericht.")).to_be_visible()
    await dialog.get_by_label("Wat wil je weten?").fill("Which fridge exactly, and since when?")
    await mia.look("11-board-ask-for-info")
    await dialog.get_by_role("button", name="Om informatie vragen").click()
    await expect(dialog).to_have_count(0)
    await expect(column(mia.page, "WAITING_FOR_INFO").locator(the_card)).to_be_visible()

    # The anonymous gripe, in the item panel: a note for managers, assign, resolve.
    await anonymous.get_by_role("link", name=anonymous_title).click()
    panel = mia.page.get_by_role("dialog", name=re.compile(r"Melding MOP-"))
    await expect(panel.get_by_role("heading", name=anonymous_title)).to_be_visible()
    await expect(panel).to_contain_text("Anoniem — niemand weet wie het stuurde")
    await expect(mia.page).to_have_url(re.compile(r"item=\d+"))
    await panel.get_by_label("Bericht", exact=True).fill("Check with the planners first.")
    await panel.get_by_role("button", name="Toevoegen").click()
    await expect(panel.get_by_text("Interne notitie · alleen managers")).to_be_visible()
    await panel.get_by_label("Toegewezen aan").select_option(label="Mia de Manager")  # applies
    await expect(panel.get_by_text("Mia de Manager pakt het op")).to_be_visible()
    await panel.get_by_role("button", name="Naar Gezien").click()
    await expect(panel.locator(".badge.status-acknowledged")).to_be_visible()
    await panel.get_by_role("button", name="Naar Opgelost").click()
    await expect(panel.get_by_text("De uitleg gaat naar iedereen")).to_be_visible()
    await panel.get_by_label("Bericht", exact=True).first.fill(
        "Meetings now end at 12:00 sharp; the planners were told."
    )
    await mia.look("12-item-panel")
    await panel.get_by_role("button", name="Naar Opgelost").click()
    await expect(panel.locator(".badge.status-resolved")).to_be_visible()
    await panel.get_by_role("button", name="Sluiten").click()
    await expect(column(mia.page, "RESOLVED").filter(has_text=anonymous_title)).to_be_visible()
    await mia.look("13-board-after-moves")

    # The employee sees the question on her phone and answers it.
    await alice.page.get_by_role("link", name="My items").first.click()
    row = alice.page.get_by_role("link", name=re.compile(re.escape(named_title)))
    await expect(row).to_contain_text("Waiting for info")
    await alice.look("06-my-items")
    await row.click()
    await expect(alice.page.get_by_text("Which fridge exactly, and since when?")).to_be_visible()
    await expect(alice.page.get_by_text("The team asks you something")).to_be_visible()
    await alice.look("07-item-waiting-for-info")
    await alice.page.get_by_label("Write to the team").fill("The one by the window, since Monday.")
    await alice.page.get_by_role("button", name="Send").click()
    await expect(alice.page.get_by_text("Sent to the team.")).to_be_visible()
    await expect(alice.page.get_by_label("Write to the team")).to_have_value("")
    # Her answer sends the item back to the team by itself.
    await expect(alice.page.locator(".card .badge.status-in_progress")).to_be_visible()
    await expect(alice.page.get_by_text("Your answer sent it back to the team")).to_be_visible()

    # The anonymous submitter, on another device and not logged in, uses the receipt code.
    someone = await visit(phone=True)
    await someone.goto("/receipt")
    await someone.look("08-receipt-entry")
    await someone.page.get_by_label("Receipt code").fill(receipt.lower())
    await someone.page.get_by_role("button", name="Open").click()
    await expect(someone.page.get_by_role("heading", name=anonymous_title)).to_be_visible()
    await expect(someone.page.get_by_text(re.compile(r"\d+ new updates? since"))).to_be_visible()
    await expect(
        someone.page.get_by_text("Meetings now end at 12:00 sharp; the planners were told.")
    ).to_be_visible()
    await expect(someone.page.get_by_text("Check with the planners first.")).to_have_count(0)
    await someone.look("09-anonymous-item")
    await someone.page.get_by_label("Answer the team").fill("Thank you, that helps.")
    await someone.page.get_by_role("button", name="Send").click()
    await expect(someone.page.get_by_text("Sent to the team, anonymously.")).to_be_visible()
    await expect(someone.page.get_by_label("Answer the team")).to_have_value("")
    # On its way: the team gets it at the next filing.
    await expect(someone.page.locator(".on-its-way")).to_contain_text("Thank you, that helps.")
    await expect(someone.page.get_by_text("On its way")).to_be_visible()
    await someone.look("09b-anonymous-reply-on-its-way")

    # Remembered on this device only when asked; then one tap opens it again.
    await someone.page.get_by_label("Remember this code on this device").check()
    await someone.page.get_by_role("button", name="Open another code").click()
    remembered = someone.page.get_by_role("region", name="Remembered on this device")
    await remembered.get_by_role("button", name="Open").click()
    # What was new has been seen (markAnonymousItemSeen).
    await expect(someone.page.get_by_text("No new updates since your last visit.")).to_be_visible()
    await someone.page.get_by_role("button", name="Open another code").click()
    await remembered.get_by_role("button", name=re.compile("Forget the code")).click()
    await expect(remembered).to_have_count(0)
    assert receipt not in await someone.page.evaluate("JSON.stringify({...localStorage})")

    # The manager sees the anonymous answer, from "the submitter", once it is filed.
    answer = panel.locator(".timeline").filter(has_text="Thank you, that helps.")
    for _ in range(20):
        await anonymous.get_by_role("link", name=anonymous_title).click()
        await expect(panel.locator(".timeline")).to_be_visible()
        if await answer.count():
            break
        await panel.get_by_role("button", name="Sluiten").click()
        await mia.page.wait_for_timeout(500)
        await mia.page.reload()
    await expect(answer).to_be_visible()
    await expect(panel.locator(".timeline")).to_contain_text("De melder")
