"""The resolution board: filters kept in the URL, paging through a long column, and a
conflict with another manager explained, with a way out that keeps what was typed."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser

SUBMIT = """
mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }
"""
CATEGORIES = "{ categories { id nameEn } }"


async def test_filters_live_in_the_url_and_long_columns_page(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    mia = await visit()
    await mia.login("mia@mopper.example", then="/board")
    await expect(mia.page.locator("section.column[data-status=NEW] article").first).to_be_visible()
    await mia.look("16-board-demo", full_page=False)

    alice = await visit()
    await alice.login("alice@mopper.example")
    categories = (await alice.api(CATEGORIES))["categories"]
    kitchen = next(c["id"] for c in categories if c["nameEn"] == "Coffee & kitchen")
    for number in range(23):
        await alice.api(
            SUBMIT,
            {
                "input": {
                    "categoryId": kitchen,
                    "title": f"Queue at the coffee machine {number} [{run}]",
                    "body": "Only one machine works.",
                }
            },
        )

    page = mia.page
    await page.reload()
    await page.get_by_label("Soort").select_option("GRIEVANCE")
    await page.get_by_label("Zoeken").fill(run)
    await page.get_by_label("Toegewezen aan").select_option("none")
    await expect(page).to_have_url(re.compile(rf"kind=GRIEVANCE.*assignee=none.*q={run}"))

    new = page.locator("section.column[data-status=NEW]")
    await expect(new.locator(".count")).to_have_text("23")
    await expect(new.locator("article")).to_have_count(20)
    await new.get_by_role("button", name="Meer tonen (nog 3)").click()
    await expect(new.locator("article")).to_have_count(23)
    await expect(new.get_by_role("button", name=re.compile("Meer tonen"))).to_have_count(0)

    # The filtered board survives a reload: the filters come back from the URL.
    await page.reload()
    await expect(page.get_by_label("Soort")).to_have_value("GRIEVANCE")
    await expect(page.get_by_label("Zoeken")).to_have_value(run)
    await expect(new.locator(".count")).to_have_text("23")
    await mia.look("14-board-filtered")

    await page.get_by_role("button", name="Filters wissen").click()
    await expect(page).to_have_url(re.compile(r"/board$"))


async def test_a_change_made_meanwhile_is_explained_and_nothing_typed_is_lost(
    visit: NewVisit,
) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"Broken blinds in room 4.12 [{run}]"
    alice = await visit()
    await alice.login("alice@mopper.example")
    kitchen = next(
        c["id"]
        for c in (await alice.api(CATEGORIES))["categories"]
        if c["nameEn"] == "Building & workplace"
    )
    item_id = (
        await alice.api(
            SUBMIT, {"input": {"categoryId": kitchen, "title": title, "body": "The sun!"}}
        )
    )["submitGrievance"]["item"]["id"]

    mia = await visit()
    await mia.login("mia@mopper.example", then=f"/board?item={item_id}")
    panel = mia.page.get_by_role("dialog", name=re.compile("Melding MOP-"))
    await expect(panel.get_by_role("heading", name=title)).to_be_visible()

    # Lou, the other Facilities manager, acknowledges it first.
    lou = await visit()
    await lou.login("lou@mopper.example")
    await lou.api("mutation($id: ID!) { acknowledgeItem(id: $id) { status } }", {"id": item_id})

    # Mia, still looking at the old version, declines it with a reason.
    await panel.get_by_role("button", name="Naar Afgewezen").click()
    reason = "We replace all blinds in spring; until then, use room 4.14."
    await panel.get_by_label("Bericht", exact=True).first.fill(reason)
    await panel.get_by_role("button", name="Naar Afgewezen").click()
    await expect(panel.get_by_text("Iemand anders heeft deze melding gewijzigd")).to_be_visible()
    await mia.look("15-board-conflict")
    await panel.get_by_role("button", name="Opnieuw laden").click()
    await expect(panel.locator(".badge.status-acknowledged")).to_be_visible()
    await expect(panel.get_by_text("door Lou Lead")).to_be_visible()

    # Her reason was kept: moving again brings it back, and now it goes through.
    await panel.get_by_role("button", name="Naar Afgewezen").click()
    await expect(panel.get_by_label("Bericht", exact=True).first).to_have_value(reason)
    await panel.get_by_role("button", name="Naar Afgewezen").click()
    await expect(panel.locator(".badge.status-declined")).to_be_visible()
    await expect(panel.locator(".timeline")).to_contain_text(reason)
