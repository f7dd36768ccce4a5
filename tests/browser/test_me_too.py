"""'Me too' in the browser: an employee types a title, sees a colleague's shared item,
says 'me too' instead of sending a duplicate, and is emailed when it is resolved; a
manager merges a duplicate from the board, and its followers are emailed once."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit
from tests.browser.support import Server, Visit, text_of

pytestmark = pytest.mark.browser

CATEGORIES = "{ categories { id nameEn } }"
SUBMIT = """mutation($input: SubmitGrievanceInput!) {
  submitGrievance(input: $input) { item { id reference version } } }"""


async def gripe(person: Visit, title: str, *, shared: bool) -> dict[str, str]:
    categories = (await person.api(CATEGORIES))["categories"]
    kitchen = next(c["id"] for c in categories if c["nameEn"] == "Coffee & kitchen")
    data = await person.api(
        SUBMIT,
        {
            "input": {
                "categoryId": kitchen,
                "title": title,
                "body": "Since Monday.",
                "shared": shared,
            }
        },
    )
    item: dict[str, str] = data["submitGrievance"]["item"]
    return item


def emails_about(server: Server, address: str, words: str) -> list[str]:
    texts = [text_of(m) for m in server.messages() if address in str(m.get("To", ""))]
    return [t for t in texts if words in t]


async def test_typing_a_title_finds_a_shared_item_and_me_too_is_told_of_its_resolution(
    visit: NewVisit, server: Server
) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"The coffee machine on 3 leaks water {run}"
    bob = await visit()
    await bob.login("bob@mopper.example")
    shared = await gripe(bob, title, shared=True)

    # Alice starts her own gripe; while she types, Bob's shows up.
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    await alice.goto("/gripe/new")
    await alice.page.locator("#title").press_sequentially(f"Coffee machine leaking {run}")
    similar = alice.page.locator(f".similar-item[data-item-id='{shared['id']}']")
    await expect(similar).to_contain_text(title)
    await alice.look("me-too-01-similar-while-typing")
    await similar.get_by_role("button", name="Me too").click()
    await expect(alice.page).to_have_url(re.compile(rf"/shared/{shared['id']}$"))
    await expect(alice.page.get_by_text("Counted. You will get an email")).to_be_visible()
    await expect(alice.page.get_by_text("You said “me too”")).to_be_visible()
    await expect(alice.page.locator(".me-too-count")).to_have_text("1 \u00d7 me too")
    await alice.look("me-too-02-said")

    # The team resolves it; Alice hears, by email, in English.
    mia = await visit()
    await mia.login("mia@mopper.example")
    await mia.api("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": shared["id"]})
    await mia.api(
        "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
        'message: "A new machine is in.") { id } }',
        {"id": shared["id"]},
    )
    email = await server.email_to("alice@mopper.example", after=0, wait=30)
    for _ in range(60):
        resolved = emails_about(server, "alice@mopper.example", "It has been resolved.")
        if [t for t in resolved if title in t]:
            break
        await alice.page.wait_for_timeout(500)
    [told] = [t for t in emails_about(server, "alice@mopper.example", title) if "resolved" in t]
    assert "You said “me too” to" in told and "A new machine is in." in told
    assert f"/shared/{shared['id']}" in told
    assert email is not None


async def test_a_manager_merges_a_duplicate_and_its_followers_are_told_once(
    visit: NewVisit, server: Server
) -> None:
    run = uuid.uuid4().hex[:6]
    alice = await visit()
    await alice.login("alice@mopper.example")
    duplicate = await gripe(alice, f"Printer on 2 jams all the time {run}", shared=True)
    sam = await visit()
    await sam.login("sam@mopper.example")
    survivor = await gripe(sam, f"Printer jams on the second floor {run}", shared=False)
    bob = await visit()
    await bob.login("bob@mopper.example")
    await bob.api("mutation($id: ID!) { sayMeToo(id: $id) { id } }", {"id": duplicate["id"]})

    # Mia (Dutch) opens the duplicate on the board: Sam's item is a possible duplicate.
    mia = await visit()
    await mia.login("mia@mopper.example", then=f"/board?item={duplicate['id']}")
    panel = mia.page.get_by_role("dialog", name=re.compile("MOP-"))
    candidate = panel.locator(f".duplicates li[data-item-id='{survivor['id']}']")
    await expect(candidate).to_contain_text(survivor["reference"], timeout=20_000)
    await mia.look("me-too-03-possible-duplicates")
    await candidate.get_by_role("button", name="Samenvoegen met deze").click()
    await expect(panel.get_by_text(f"Samengevoegd met {survivor['reference']}.")).to_be_visible()
    await mia.look("me-too-04-merged")

    # Alice (her gripe) and Bob (his "me too") are told once each, in their language.
    def merged(address: str, words: str) -> list[str]:
        return [t for t in emails_about(server, address, words) if survivor["reference"] in t]

    for _ in range(60):
        if merged("alice@mopper.example", "merged them") and merged(
            "bob@mopper.example", "samengevoegd"
        ):
            break
        await mia.page.wait_for_timeout(500)
    await mia.page.wait_for_timeout(1500)  # a second email would have come by now
    assert len(merged("alice@mopper.example", "merged them")) == 1
    assert len(merged("bob@mopper.example", "samengevoegd")) == 1
    assert not merged("sam@mopper.example", "merged them")
