""" "You said, we did" in the browser: an employee reads what came of shared gripes, in
Dutch, and no figure under 5 shows."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser

SUBMIT = """
mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }
"""
MOVE = """
mutation($id: ID!, $to: Status!, $message: String) {
  transitionItem(id: $id, to: $to, message: $message, visibility: SUBMITTER) { status }
}"""


async def test_an_employee_reads_what_was_done_with_shared_gripes(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    alice = await visit()
    await alice.login("alice@mopper.example")
    kitchen = next(
        c["id"]
        for c in (await alice.api("{ categories { id nameEn } }"))["categories"]
        if c["nameEn"] == "Coffee & kitchen"
    )

    async def shared(title: str) -> str:
        answer = await alice.api(
            SUBMIT,
            {"input": {"categoryId": kitchen, "title": title, "body": "Please.", "shared": True}},
        )
        return str(answer["submitGrievance"]["item"]["id"])

    fixed = await shared(f"Oat milk in the fridge [{run}]")
    refused = await shared(f"A second espresso machine [{run}]")
    mia = await visit()
    await mia.login("mia@mopper.example")
    for item_id, to, message in (
        (fixed, "RESOLVED", f"Oat milk is on the weekly order now [{run}]."),
        (refused, "DECLINED", f"One machine is enough for our floor [{run}]."),
    ):
        await mia.api(MOVE, {"id": item_id, "to": "ACKNOWLEDGED"})
        await mia.api(MOVE, {"id": item_id, "to": to, "message": message})

    bob = await visit()  # Bob reads Dutch
    await bob.login("bob@mopper.example")
    await bob.page.get_by_role("link", name="Jullie zeiden, wij deden").click()
    page = bob.page
    await expect(page.get_by_role("heading", name="Jullie zeiden, wij deden")).to_be_visible()
    done = page.get_by_role("region", name="Gedaan", exact=True)
    await expect(done).to_contain_text(f"Oat milk in the fridge [{run}]")
    await expect(done).to_contain_text(f"Oat milk is on the weekly order now [{run}].")
    not_done = page.get_by_role("region", name="Niet gedaan, en waarom")
    await expect(not_done).to_contain_text(f"One machine is enough for our floor [{run}].")
    await expect(done).not_to_contain_text("A second espresso machine")
    await bob.look("41-we-did")

    await page.get_by_label("Periode").select_option("LAST_30_DAYS")
    await expect(page).to_have_url(f"{bob.server.base_url}/we-did?period=LAST_30_DAYS")
    await expect(done).to_contain_text(f"Oat milk in the fridge [{run}]")
