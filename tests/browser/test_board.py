"""The resolution board: filters kept in the URL, paging through a long column, and a
conflict with another manager explained, with a way out that keeps what was typed."""

from __future__ import annotations

import asyncio
import json
import re
import uuid

import pytest
from playwright.async_api import Page, Route, expect

from tests.browser.conftest import NewVisit
from tests.browser.support import Visit

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


# Counts the GraphQL answers the page has read, so a test knows when the app has had an
# answer in its hands: the count goes up just before the app's own code gets the body,
# and everything the app does with it (state, render) runs in the same microtask
# checkpoint, before the test's next look at the page.
COUNT_ANSWERS_READ = """
(() => {
  const json = Response.prototype.json;
  window.answersRead = 0;
  Response.prototype.json = function () {
    return json.call(this).then((body) => {
      window.answersRead += 1;
      return body;
    });
  };
})();
"""


async def gripes_in_the_kitchen(alice: Visit, titles: list[str]) -> None:
    kitchen = next(
        c["id"]
        for c in (await alice.api(CATEGORIES))["categories"]
        if c["nameEn"] == "Coffee & kitchen"
    )
    for title in titles:
        await alice.api(SUBMIT, {"input": {"categoryId": kitchen, "title": title, "body": "Drip."}})


async def board_after_gripes(visit: NewVisit, titles: list[str]) -> Page:
    """Alice sends gripes with these titles; Mia opens the board, in a browser that counts
    the answers it reads."""
    alice = await visit()
    await alice.login("alice@mopper.example")
    await gripes_in_the_kitchen(alice, titles)
    mia = await visit()
    await mia.context.add_init_script(COUNT_ANSWERS_READ)
    await mia.login("mia@mopper.example", then="/board")
    return mia.page


async def hold_first(page: Page, operation: str, text: str) -> asyncio.Future[Route]:
    """Holds the first request of `operation` whose variables mention `text` (a slow
    network, a busy server) until the test lets it go; every other request passes."""
    held: asyncio.Future[Route] = asyncio.get_running_loop().create_future()

    async def hold(route: Route) -> None:
        sent = route.request.post_data_json or {}
        if (
            f"query {operation}(" in sent.get("query", "")
            and text in json.dumps(sent.get("variables"))
            and not held.done()
        ):
            held.set_result(route)
            return
        await route.continue_()

    await page.route("**/graphql", hold)
    return held


# Resolves once the page has read more answers than `read`. (Not `wait_for_function`:
# its polling compiles the predicate with eval, which the app's CSP refuses.)
ANSWER_READ_AFTER = """
(read) => new Promise((resolve) => {
  const check = () => (window.answersRead > read ? resolve() : requestAnimationFrame(check));
  check();
})
"""


async def let_go_and_wait_until_read(page: Page, route: Route) -> None:
    read = await page.evaluate("window.answersRead")
    await route.continue_()
    await page.evaluate(ANSWER_READ_AFTER, read)


async def test_an_older_answer_never_replaces_the_board_for_newer_filters(
    visit: NewVisit,
) -> None:
    run = uuid.uuid4().hex[:6]
    first, second = f"tap-{run}-first", f"tap-{run}-second"
    page = await board_after_gripes(visit, [f"Dripping {first}", f"Dripping {second}"])
    new = page.locator("section.column[data-status=NEW]")
    await expect(new.locator("article").first).to_be_visible()

    # The board for the first search is slow to come back; meanwhile the manager
    # searches for something else, and that board is there first.
    held = await hold_first(page, "BoardColumns", first)
    search = page.get_by_label("Zoeken")
    await search.fill(first)
    late = await asyncio.wait_for(held, timeout=15)
    await search.fill(second)
    await expect(new.get_by_text(f"Dripping {second}")).to_be_visible()
    await expect(page).to_have_url(re.compile(rf"q={second}"))

    # Now the first search's answer arrives, last: the board stays with the second.
    await let_go_and_wait_until_read(page, late)
    await expect(new.get_by_text(f"Dripping {first}")).to_have_count(0)
    await expect(new.get_by_text(f"Dripping {second}")).to_be_visible()
    await expect(new.locator(".count")).to_have_text("1")
    await expect(search).to_have_value(second)


async def test_a_further_page_asked_before_the_filters_changed_stays_out(
    visit: NewVisit,
) -> None:
    run = uuid.uuid4().hex[:6]
    mugs, spoon = f"mug-{run}", f"spoon-{run}"
    page = await board_after_gripes(visit, [f"Dirty {mugs} {n}" for n in range(21)] + [spoon])
    new = page.locator("section.column[data-status=NEW]")
    search = page.get_by_label("Zoeken")
    await search.fill(mugs)
    await expect(new.locator(".count")).to_have_text("21")

    # "Show more" is slow; meanwhile the manager searches for the spoon.
    held = await hold_first(page, "BoardColumn", mugs)
    await new.get_by_role("button", name="Meer tonen (nog 1)").click()
    late = await asyncio.wait_for(held, timeout=15)
    await search.fill(spoon)
    await expect(new.get_by_text(spoon)).to_be_visible()

    # The mugs' last page arrives after all: it does not land among the spoon's cards.
    await let_go_and_wait_until_read(page, late)
    await expect(new.locator("article")).to_have_count(1)
    await expect(new.get_by_text(mugs)).to_have_count(0)
