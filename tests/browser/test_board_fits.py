"""The board fits and is quick to work (issue 14): every column on a 1280 px screen
without sideways scrolling, a list on a phone with the filters folded away, assignee
and priority applied as they are chosen with an undo, "assign to me" in one click, and
"ask for information" offered on a new item."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import NewVisit
from tests.browser.support import Visit

pytestmark = pytest.mark.browser

SUBMIT = """
mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }
"""
ITEM = """
query($id: ID!) { item(id: $id) { status priority assignee { displayName }
  timeline { type message } } }
"""
STATUSES = [
    "NEW", "ACKNOWLEDGED", "IN_PROGRESS", "WAITING_FOR_INFO", "RESOLVED", "DECLINED", "CLOSED",
]  # fmt: skip
# Whether the page, or the board inside it, can be scrolled sideways.
SIDEWAYS = """() => {
  const page = document.scrollingElement;
  const board = document.querySelector('.board');
  return {
    page: page.scrollWidth - page.clientWidth,
    board: board ? board.scrollWidth - board.clientWidth : 0,
  };
}"""


async def alices_gripe(visit: NewVisit, title: str) -> tuple[Visit, str]:
    alice = await visit()
    await alice.login("alice@mopper.example")
    kitchen = next(
        c["id"]
        for c in (await alice.api("{ categories { id nameEn } }"))["categories"]
        if c["nameEn"] == "Coffee & kitchen"
    )
    item_id = (
        await alice.api(
            SUBMIT, {"input": {"categoryId": kitchen, "title": title, "body": "It drips."}}
        )
    )["submitGrievance"]["item"]["id"]
    return alice, item_id


async def item_as(person: Visit, item_id: str) -> dict[str, Any]:
    item: dict[str, Any] = (await person.api(ITEM, {"id": item_id}))["item"]
    return item


async def assert_fits(page: Page, width: int) -> None:
    scroll = await page.evaluate(SIDEWAYS)
    assert scroll == {"page": 0, "board": 0}, f"sideways scrolling at {width} px: {scroll}"
    for status in STATUSES:
        box = await page.locator(f"section.column[data-status={status}]").bounding_box()
        assert box is not None, status
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (status, box)


async def test_at_1280_px_every_column_is_on_screen(visit: NewVisit) -> None:
    await alices_gripe(visit, f"Leaking tap [{uuid.uuid4().hex[:6]}]")
    mia = await visit()
    page = mia.page
    await page.set_viewport_size({"width": 1280, "height": 800})
    await mia.login("mia@mopper.example", then="/board")
    await expect(page.locator("section.column[data-status=NEW] article").first).to_be_visible()
    await assert_fits(page, 1280)
    # Declined and Closed start folded; their counts stay in sight.
    closed = page.locator("section.column[data-status=CLOSED]")
    fold = closed.get_by_role("button", name=re.compile("Gesloten"))
    await expect(fold).to_have_attribute("aria-expanded", "false")
    await expect(closed.locator("article")).to_have_count(0)
    await mia.look("board-1280", full_page=False)

    # Unfolded, Closed shows its cards, and everything still fits; the choice is kept.
    await fold.click()
    await expect(fold).to_have_attribute("aria-expanded", "true")
    await expect(closed.locator("article").first).to_be_visible()
    await assert_fits(page, 1280)
    await mia.look("board-1280-closed-unfolded", full_page=False)
    await page.reload()
    await expect(closed.locator("article").first).to_be_visible()


async def test_on_a_phone_the_board_is_a_list_and_the_filters_fold_away(
    visit: NewVisit,
) -> None:
    await alices_gripe(visit, f"Fridge smells [{uuid.uuid4().hex[:6]}]")
    mia = await visit(phone=True)
    page = mia.page
    await mia.login("mia@mopper.example", then="/board")
    await expect(page.locator("section.column[data-status=NEW] article").first).to_be_visible()

    assert await page.evaluate(SIDEWAYS) == {"page": 0, "board": 0}
    new = await page.locator("section.column[data-status=NEW]").bounding_box()
    seen = await page.locator("section.column[data-status=ACKNOWLEDGED]").bounding_box()
    assert new and seen and seen["y"] > new["y"] and seen["x"] == new["x"], "one under another"
    assert new["width"] <= 390
    await expect(page.get_by_label("Soort")).to_be_hidden()
    await mia.look("board-phone")

    toggle = page.get_by_role("button", name="Filters")
    await toggle.click()
    await expect(toggle).to_have_attribute("aria-expanded", "true")
    await page.get_by_label("Soort").select_option("GRIEVANCE")
    await expect(page).to_have_url(re.compile("kind=GRIEVANCE"))
    await expect(page.get_by_role("button", name="Filters (1)")).to_be_visible()
    assert await page.evaluate(SIDEWAYS) == {"page": 0, "board": 0}
    await mia.look("board-phone-filters")


async def test_assignee_and_priority_apply_on_change_with_an_undo(visit: NewVisit) -> None:
    title = f"Dishwasher full of mugs [{uuid.uuid4().hex[:6]}]"
    alice, item_id = await alices_gripe(visit, title)
    mia = await visit()
    await mia.login("mia@mopper.example", then=f"/board?item={item_id}")
    panel = mia.page.get_by_role("dialog", name=re.compile("Melding MOP-"))
    await expect(panel.get_by_role("heading", name=title)).to_be_visible()
    assignee = panel.get_by_label("Toegewezen aan")

    # Chosen is done: no save button.
    await assignee.select_option(label="Lou Lead")
    await expect(panel.get_by_role("status")).to_contain_text("Toegewezen aan Lou Lead.")
    await expect(
        panel.get_by_role("button", name=re.compile("^(Toewijzen|Opslaan)$"))
    ).to_have_count(0)
    assert (await item_as(mia, item_id))["assignee"] == {"displayName": "Lou Lead"}
    await mia.look("board-panel-assigned-undo")

    await panel.get_by_role("button", name="Ongedaan maken").click()
    await expect(panel.get_by_role("status")).to_contain_text("Ongedaan gemaakt.")
    await expect(assignee).to_have_value("")
    assert (await item_as(mia, item_id))["assignee"] is None

    await panel.get_by_label("Prioriteit").select_option("URGENT")
    await expect(panel.get_by_role("status")).to_contain_text("De prioriteit is nu Urgent.")
    assert (await item_as(mia, item_id))["priority"] == "URGENT"
    card = mia.page.locator("article.board-card", has_text=title)
    await expect(card.locator(".priority")).to_have_text("Urgent")
    await panel.get_by_role("button", name="Ongedaan maken").click()
    await expect(card.locator(".priority")).to_have_text("Normaal")
    assert (await item_as(mia, item_id))["priority"] == "NORMAL"

    # "Assign to me": one click in the panel.
    await panel.get_by_role("button", name="Aan mij toewijzen").click()
    await expect(assignee).to_have_text(re.compile("Mia de Manager"))
    await expect(card).to_contain_text("Toegewezen aan Mia de Manager")
    assert (await item_as(alice, item_id))["assignee"] == {"displayName": "Mia de Manager"}


async def test_assign_to_me_is_one_click_on_the_card_with_an_undo(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"No oat milk [{run}]"
    _, item_id = await alices_gripe(visit, title)
    mia = await visit()
    # Searched for: the board's first page of New may be full of other tests' items.
    await mia.login("mia@mopper.example", then=f"/board?q={run}")
    card = mia.page.locator("article.board-card", has_text=title)
    await expect(card).to_contain_text("Niet toegewezen")
    await expect(card).to_contain_text(re.compile(r"MOP-\d"))  # its reference
    await expect(card.locator(".board-card-messages")).to_contain_text("0")

    await card.get_by_role("button", name=f"“{title}” aan mij toewijzen").click()
    await expect(card).to_contain_text("Toegewezen aan Mia de Manager")
    await expect(card.get_by_role("button", name=re.compile("aan mij toewijzen"))).to_have_count(0)
    assert (await item_as(mia, item_id))["assignee"] == {"displayName": "Mia de Manager"}

    await mia.page.locator(".toast-undo").get_by_role("button", name="Ongedaan maken").click()
    await expect(card).to_contain_text("Niet toegewezen")
    assert (await item_as(mia, item_id))["assignee"] is None


async def open_move_menu(card: Locator) -> Locator:
    await card.get_by_role("button", name=re.compile("verplaatsen", re.IGNORECASE)).click()
    return card.locator(".move-options")


async def test_a_new_item_can_be_asked_about_straight_away(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"Strange noise from the boiler [{run}]"
    alice, item_id = await alices_gripe(visit, title)
    mia = await visit()
    await mia.login("mia@mopper.example", then=f"/board?q={run}")
    new = mia.page.locator("section.column[data-status=NEW]")
    card = new.locator("article.board-card", has_text=title)
    options = await open_move_menu(card)
    await expect(options.get_by_role("button")).to_have_text(
        ["Naar Gezien", "Om informatie vragen", "Naar Afgewezen"]
    )
    await options.get_by_role("button", name="Om informatie vragen").click()

    dialog = mia.page.get_by_role("dialog", name="Om informatie vragen")
    question = "Which kitchen, and since when?"
    await dialog.get_by_label("Wat wil je weten?").fill(question)
    await dialog.get_by_role("button", name="Om informatie vragen").click()
    waiting = mia.page.locator("section.column[data-status=WAITING_FOR_INFO]")
    await expect(waiting.locator("article.board-card", has_text=title)).to_be_visible()
    await expect(card).to_have_count(0)

    seen = await item_as(alice, item_id)
    assert seen["status"] == "WAITING_FOR_INFO"
    assert question in [entry["message"] for entry in seen["timeline"]]
