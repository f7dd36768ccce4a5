"""The notifications menu in Chromium: it counts what is new for the person, opening an
entry goes to its item and reads it, and "mark all as read" clears the count."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser

SUBMIT = """
mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }
"""
CATEGORIES = "{ categories { id nameEn } }"
MOVE = """mutation($id: ID!, $to: Status!, $message: String) {
  transitionItem(id: $id, to: $to, message: $message) { status }
}"""
CLEAR = "mutation { markNotificationsRead }"
UNREAD = "{ notifications { unreadCount } }"


async def test_the_notifications_menu_counts_and_clears(visit: NewVisit) -> None:
    title = f"The printer jams [{uuid.uuid4().hex[:6]}]"
    alice = await visit()
    await alice.login("alice@mopper.example")
    await alice.api(CLEAR)  # what other tests left for her
    categories = (await alice.api(CATEGORIES))["categories"]
    building = next(c["id"] for c in categories if c["nameEn"] == "Building & workplace")
    item_id = (
        await alice.api(
            SUBMIT, {"input": {"categoryId": building, "title": title, "body": "Floor 2."}}
        )
    )["submitGrievance"]["item"]["id"]
    mia = await visit()
    await mia.login("mia@mopper.example")
    await mia.api(MOVE, {"id": item_id, "to": "ACKNOWLEDGED", "message": None})
    await mia.api(MOVE, {"id": item_id, "to": "WAITING_FOR_INFO", "message": "Which printer?"})

    await alice.goto("/items")
    bell = alice.page.get_by_role("button", name="Notifications, 2 unread")
    await expect(bell).to_be_visible()
    await expect(alice.page.get_by_test_id("unread-count")).to_have_text("2")
    row = alice.page.get_by_role("link", name=title)
    await expect(row.get_by_text("2 new")).to_be_visible()

    await bell.click()
    panel = alice.page.locator("#notifications-panel")
    unread = panel.locator("li.unread")
    await expect(unread).to_have_count(2)
    await expect(unread.first).to_contain_text("Status changed")
    await expect(unread.first).to_contain_text(title)
    await alice.look("60-notifications-menu")
    await unread.first.get_by_role("link").click()
    await expect(alice.page).to_have_url(f"{alice.server.base_url}/items/{item_id}")
    await expect(alice.page.get_by_test_id("unread-count")).to_have_text("1")

    await alice.page.get_by_role("button", name="Notifications, 1 unread").click()
    await alice.page.get_by_role("button", name="Mark all as read").click()
    await expect(alice.page.get_by_test_id("unread-count")).to_have_count(0)
    await expect(
        alice.page.get_by_role("button", name="Notifications, nothing unread")
    ).to_be_visible()
    assert (await alice.api(UNREAD))["notifications"]["unreadCount"] == 0
