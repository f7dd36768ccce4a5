"""The triage aid in the manager's panel: answering its questions in Dutch ends in a
proposal, acknowledging applies it, and a reportable concern shows its legal clocks."""

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


async def test_a_manager_triages_a_concern_and_sees_its_legal_clocks(visit: NewVisit) -> None:
    title = f"Fire exit on floor 3 is locked [{uuid.uuid4().hex[:6]}]"
    alice = await visit()
    await alice.login("alice@mopper.example")
    building = next(
        c["id"]
        for c in (await alice.api("{ categories { id nameEn } }"))["categories"]
        if c["nameEn"] == "Building & workplace"
    )
    item_id = (
        await alice.api(
            SUBMIT, {"input": {"categoryId": building, "title": title, "body": "Chained shut."}}
        )
    )["submitGrievance"]["item"]["id"]

    mia = await visit()
    await mia.login("mia@mopper.example", then=f"/board?item={item_id}")
    panel = mia.page.get_by_role("dialog", name=re.compile("Melding MOP-"))
    await expect(panel.get_by_role("heading", name=title)).to_be_visible()
    await panel.get_by_text("Hulp bij triage").click()

    aid = panel.locator("form.triage-aid")
    klant = aid.get_by_role("group", name=re.compile("probleem dat een klant heeft"))
    await klant.get_by_label("Nee").check()
    # Only now the next question appears; no proposal until the tree ends.
    await expect(aid.locator(".triage-proposal")).to_have_count(0)
    veiligheid = aid.get_by_role("group", name=re.compile("veiligheid"))
    await veiligheid.get_by_label("Ja").check()

    proposal = aid.locator(".triage-proposal")
    await expect(proposal).to_contain_text("Een melding van een misstand")
    await expect(proposal).to_contain_text("7 dagen")
    await expect(aid.get_by_label("Prioriteit")).to_have_value("URGENT")
    await mia.look("40-triage-aid-concern")

    # Changing an earlier answer takes the proposal away again.
    await klant.get_by_label("Ja").check()
    await expect(proposal).to_contain_text("Een probleem van een klant")
    await klant.get_by_label("Nee").check()
    await veiligheid.get_by_label("Ja").check()

    await aid.get_by_role("button", name="Bevestigen").click()
    await expect(panel.locator(".badge.status-acknowledged")).to_be_visible()
    details = panel.locator("dl")
    await expect(details).to_contain_text("Melding van een misstand")
    await expect(details).to_contain_text("ontvangst bevestigd op")
    await expect(details).to_contain_text("terugkoppeling vóór")
    await expect(panel.get_by_text("Hulp bij triage")).to_have_count(0)

    seen = await mia.api(
        "query($id: ID!) { item(id: $id) { priority status concern { feedbackBy } } }",
        {"id": item_id},
    )
    assert seen["item"]["priority"] == "URGENT"
    assert seen["item"]["status"] == "ACKNOWLEDGED"
    assert seen["item"]["concern"]["feedbackBy"]
    # The submitter never sees the manager's triage.
    mine = await alice.api(
        "query($id: ID!) { item(id: $id) { status concern { feedbackBy } } }", {"id": item_id}
    )
    assert mine["item"]["concern"] is None
