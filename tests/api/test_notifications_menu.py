"""The notifications menu: what is new for each signed-in person, counted, read one by
one or all at once, and linked to its item; the unread markers on cards."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.items import conversation, triage
from domain.items.enums import Status, Visibility
from domain.notifications.models import InboxEntry
from tests.support.api import client
from tests.support.domain import gripe
from tests.support.org import Org

MENU = """query { notifications { unreadCount entries { id itemId reference title template
  status actorName read } } }"""
MARK = "mutation($id: ID, $itemId: ID) { markNotificationsRead(id: $id, itemId: $itemId) }"
MY_ITEMS = """query($open: Boolean) { myItems(open: $open) { totalCount edges { node {
  reference status unreadCount } } } }"""


async def test_the_submitter_sees_what_changed_and_clears_it(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice, title="The lift is stuck")).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="Which floor?")

    async with client(app, org.alice) as alice:
        menu = (await alice.ok(MENU))["notifications"]
        # Her own receipt is not news to her; the two steps Mia took are.
        assert menu["unreadCount"] == 2
        newest, acknowledged = [e for e in menu["entries"] if not e["read"]]
        assert newest["template"] == "STATUS_CHANGED" and newest["status"] == "WAITING_FOR_INFO"
        assert acknowledged["template"] == "ITEM_ACKNOWLEDGED"
        assert newest["itemId"] == str(item.id) and newest["reference"] == item.reference
        assert newest["title"] == "The lift is stuck" and newest["actorName"] == "Mia Manager"
        assert [e["template"] for e in menu["entries"] if e["read"]] == ["ITEM_RECEIVED"]

        cards = (await alice.ok(MY_ITEMS))["myItems"]["edges"]
        assert [c["node"]["unreadCount"] for c in cards] == [2]

        assert (await alice.ok(MARK, {"id": newest["id"]}))["markNotificationsRead"] == 1
        assert (await alice.ok(MARK, {}))["markNotificationsRead"] == 0
        menu = (await alice.ok(MENU))["notifications"]
        assert menu["unreadCount"] == 0 and all(e["read"] for e in menu["entries"])
        cards = (await alice.ok(MY_ITEMS))["myItems"]["edges"]
        assert [c["node"]["unreadCount"] for c in cards] == [0]


async def test_managers_hear_of_new_items_assignments_and_answers(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.assign(mia, item.id, assignee_id=org.lou.id)
    await triage.transition(mia, item.id, to=Status.IN_PROGRESS)
    await triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="When?")
    alice = await org.principal(org.alice)
    await conversation.post_message(alice, item.id, body="Today", visibility=Visibility.SUBMITTER)

    async with client(app, org.lou) as lou:
        menu = (await lou.ok(MENU))["notifications"]
        templates = [e["template"] for e in menu["entries"]]
        assert templates == ["SUBMITTER_REPLIED", "ASSIGNED_TO_YOU", "MANAGER_NEW_ITEM"]
        # The board's card: the submitter answered, and Lou has not read it yet.
        board = await lou.ok(
            "query { board { edges { node { reference unreadCount answeredBySubmitter "
            "messageCount } } } }"
        )
        [card] = [e["node"] for e in board["board"]["edges"]]
        assert card == {
            "reference": item.reference,
            "unreadCount": 3,
            "answeredBySubmitter": True,
            "messageCount": card["messageCount"],
        }
        assert (await lou.ok(MARK, {"itemId": str(item.id)}))["markNotificationsRead"] == 0

    async with client(app, org.mia) as mia_client:
        # Mia took the steps herself: only the new item and the answer are news to her.
        menu = (await mia_client.ok(MENU))["notifications"]
        assert [e["template"] for e in menu["entries"]] == ["MANAGER_NEW_ITEM"]
        # After Mia writes back, the card no longer says "answered".
        await conversation.post_message(
            mia, item.id, body="Thanks", visibility=Visibility.SUBMITTER
        )
        board = await mia_client.ok("query { board { edges { node { answeredBySubmitter } } } }")
        assert [e["node"]["answeredBySubmitter"] for e in board["board"]["edges"]] == [False]


async def test_nobody_reads_or_clears_someone_elses_notifications(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    await triage.acknowledge(await org.principal(org.mia), item.id)
    [alices] = await InboxEntry.filter(user_id=org.alice.id, read_at__isnull=True)

    async with client(app, org.bob) as bob:
        assert await bob.error_code(MARK, {"id": str(alices.id)}) == "NOT_FOUND"
        full_width_twelve = "\uff11\uff12"
        assert await bob.error_code(MARK, {"id": full_width_twelve}) == "VALIDATION"
        assert (await bob.ok(MENU))["notifications"] == {"unreadCount": 0, "entries": []}
        assert (await bob.ok(MARK, {}))["markNotificationsRead"] == 0
    async with client(app) as nobody:
        assert await nobody.error_code(MENU) == "UNAUTHENTICATED"
    assert (await InboxEntry.get(id=alices.id)).read_at is None  # nothing changed


async def test_my_items_filters_open_and_finished(org: Org, app: Starlette) -> None:
    open_item = (await gripe(org, org.alice, title="Open one")).item
    done = (await gripe(org, org.alice, title="Done one")).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, done.id)
    await triage.transition(mia, done.id, to=Status.IN_PROGRESS)
    await triage.transition(mia, done.id, to=Status.RESOLVED, message="Fixed.")

    async with client(app, org.alice) as alice:
        opened = (await alice.ok(MY_ITEMS, {"open": True}))["myItems"]
        finished = (await alice.ok(MY_ITEMS, {"open": False}))["myItems"]
        everything = (await alice.ok(MY_ITEMS, {"open": None}))["myItems"]
    assert [e["node"]["reference"] for e in opened["edges"]] == [open_item.reference]
    assert [e["node"]["reference"] for e in finished["edges"]] == [done.reference]
    assert (opened["totalCount"], finished["totalCount"], everything["totalCount"]) == (1, 1, 2)
