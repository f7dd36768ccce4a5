"""Merging a duplicate: both timelines say so; the duplicate's followers (its submitter,
who said "me too", its customer) move to the item that stays and are told once, in
their language; an anonymous submitter's receipt and a customer's link keep working and
show the item that stays. Refusals change nothing."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items import submission
from domain.items.models import CustomerContact, Item
from domain.notifications.enums import RecipientKind, Template
from domain.notifications.models import Notification
from domain.org.models import User
from tests.support.api import ANONYMOUS_PATH, GraphQLClient, client
from tests.support.domain import anonymous_gripe, calendar, gripe, relay
from tests.support.org import Org, make_user

MERGE = """mutation($id: ID!, $into: ID!) {
  mergeItem(id: $id, intoId: $into) { id meTooCount } }"""
ME_TOO = "mutation($id: ID!) { sayMeToo(id: $id) { meTooCount } }"
TIMELINE = "query($id: ID!) { item(id: $id) { status mergedIntoId timeline { type } } }"
RESOLVE = 'mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, message: "Fixed.") { id } }'


async def _shared(org: Org, who: User, title: str) -> int:
    submitted = await submission.submit_gripe(
        await org.principal(who),
        submission.GripeDraft(category_id=org.kitchen.id, title=title, body="b", shared=True),
        calendar(),
    )
    return submitted.item.id


async def _last_notification() -> int:
    last = await Notification.all().order_by("-id").first()
    return last.id if last is not None else 0


def _told(rows: list[Notification]) -> list[tuple[str, Template, str]]:
    return sorted((r.recipient_address or "", r.template, r.locale.value) for r in rows)


async def test_followers_move_to_the_item_that_stays_and_are_told_once(
    org: Org, app: Starlette
) -> None:
    carol = await make_user("Carol Chen")
    survivor = await _shared(org, org.alice, "The coffee machine leaks")
    duplicate = await _shared(org, org.bob, "Coffee machine leaking again")
    async with client(app, carol) as c, client(app, org.mia) as mia:
        await c.ok(ME_TOO, {"id": str(duplicate)})
        before = await _last_notification()
        merged = (await mia.ok(MERGE, {"id": str(duplicate), "into": str(survivor)}))["mergeItem"]
        told = await Notification.filter(id__gt=before)
        after_merge = await _last_notification()
        # The survivor resolves: Alice as its sender, Bob and Carol as followers.
        await mia.ok(
            "mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": str(survivor)}
        )
        await mia.ok(RESOLVE, {"id": str(survivor)})
        resolved = await Notification.filter(id__gt=after_merge, event__to_status="RESOLVED")
        old = (await mia.ok(TIMELINE, {"id": str(duplicate)}))["item"]
        new = (await mia.ok(TIMELINE, {"id": str(survivor)}))["item"]

    assert merged == {"id": str(survivor), "meTooCount": 2}  # Bob's gripe and Carol's "me too"
    assert _told(told) == [
        ("bob@example.com", Template.ITEM_MERGED, "nl"),
        ("carol@example.com", Template.ITEM_MERGED, "en"),
    ]
    assert {
        r.recipient_address for r in resolved if r.recipient_kind is not RecipientKind.MANAGER
    } == {
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
    }
    assert len([r for r in resolved if r.recipient_address == "bob@example.com"]) == 1
    assert old["status"] == "CLOSED" and old["mergedIntoId"] == str(survivor)
    assert old["timeline"][-1]["type"] == "MERGED"
    assert new["timeline"][-1]["type"] != "MERGED"
    assert "MERGED_IN" in [e["type"] for e in new["timeline"]]


async def test_an_anonymous_senders_receipt_shows_the_item_that_stays(
    org: Org, app: Starlette
) -> None:
    sent = await anonymous_gripe(org, org.alice, title="Heating is off")
    survivor = await gripe(org, org.bob, category=org.building, title="No heating")
    async with client(app, org.mia) as mia, client(app, path=ANONYMOUS_PATH) as nobody:
        await mia.ok(MERGE, {"id": str(sent.card.id), "into": str(survivor.item.id)})
        view = await nobody.ok(
            "query($r: String!) { anonymousItem(receipt: $r) { status "
            "mergedInto { reference title status } timeline { type } } }",
            {"r": sent.receipt_code},
        )
    item = view["anonymousItem"]
    assert item["mergedInto"] == {
        "reference": survivor.item.reference,
        "title": "No heating",
        "status": "NEW",
    }
    assert item["timeline"][-1]["type"] == "MERGED"
    told = await Notification.filter(item_id=sent.card.id, template=Template.ITEM_MERGED)
    assert [(r.recipient_kind, r.channel.value) for r in told] == [
        (RecipientKind.SUBMITTER, "IN_APP")
    ]


async def test_a_customer_follows_the_item_that_stays(org: Org, app: Starlette) -> None:
    first = await relay(org, org.alice, customer_email="first@example.net")
    second = await relay(org, org.bob, customer_email="second@example.net")
    async with client(app, org.max) as max_:
        await max_.ok(MERGE, {"id": str(second.id), "into": str(first.id)})
        await max_.ok(
            "mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": str(first.id)}
        )
        await max_.ok(RESOLVE, {"id": str(first.id)})
    contact = await CustomerContact.get(item_id=second.id)
    async with client(app) as nobody:
        status = await nobody.ok(
            "query($t: String!) { customerStatus(token: $t) { reference status } }",
            {"t": customer_status_token(contact.token_salt)},
        )
    assert status["customerStatus"] == {"reference": first.reference, "status": "RESOLVED"}
    to_second = await Notification.filter(recipient_address="second@example.net").order_by("id")
    assert [r.template for r in to_second][-3:] == [
        Template.ITEM_MERGED,
        Template.ITEM_ACKNOWLEDGED,
        Template.STATUS_CHANGED,
    ]
    assert all(r.item_id == second.id for r in to_second), "in their own thread, with their link"


async def _refused(api: GraphQLClient, item_id: int, into: int) -> dict[str, Any]:
    body = await api.post(MERGE, {"id": str(item_id), "into": str(into)})
    extensions: dict[str, Any] = body["errors"][0]["extensions"]
    return extensions


async def test_refused_merges_change_nothing(org: Org, app: Starlette) -> None:
    a = await _shared(org, org.alice, "A")
    b = await _shared(org, org.alice, "B")
    c = await _shared(org, org.alice, "C")
    customer = await relay(org, org.alice)
    async with (
        client(app, org.mia) as mia,
        client(app, org.bob) as bob,
        client(app, org.ada) as ada,
    ):
        await mia.ok(MERGE, {"id": str(b), "into": str(a)})
        before = {i.id: (i.version, i.me_too_count, i.merged_into_id) for i in await Item.all()}
        events = await Notification.all().count()
        assert await _refused(mia, a, a) == {"code": "MERGE_REFUSED", "reason": "SAME_ITEM"}
        assert await _refused(mia, c, b) == {"code": "MERGE_REFUSED", "reason": "INTO_MERGED"}
        assert await _refused(mia, b, c) == {"code": "MERGE_REFUSED", "reason": "ALREADY_MERGED"}
        assert await _refused(ada, customer.id, a) == {
            "code": "MERGE_REFUSED",
            "reason": "KINDS_DIFFER",
        }
        assert await bob.error_code(MERGE, {"id": str(c), "into": str(a)}) == "FORBIDDEN"
        # Mia does not handle the customer team's items.
        assert (await _refused(mia, customer.id, a))["code"] == "NOT_FOUND"
        refused_me_too = await bob.post(ME_TOO, {"id": str(b)})
    assert refused_me_too["errors"][0]["extensions"] == {
        "code": "ME_TOO_REFUSED",
        "reason": "MERGED",
    }
    after = {i.id: (i.version, i.me_too_count, i.merged_into_id) for i in await Item.all()}
    assert after == before
    assert await Notification.all().count() == events


async def test_possible_duplicates_are_the_managers_similar_items_of_the_same_kind(
    org: Org, app: Starlette
) -> None:
    duplicate = await _shared(org, org.alice, "Printer on 2 jams all the time")
    survivor = await gripe(org, org.bob, title="Printer jams on the second floor")
    await gripe(org, org.bob, title="The lift is slow")
    other_team = await relay(org, org.alice)  # Customer Care's, and another kind
    query = "query($id: ID!) { possibleDuplicates(id: $id) { id } }"
    async with client(app, org.mia) as mia, client(app, org.alice) as alice:
        found = await mia.ok(query, {"id": str(duplicate)})
        refused = await alice.error_code(query, {"id": str(duplicate)})
    # The other printer first; the lift only through "time" in its text.
    assert found["possibleDuplicates"][0]["id"] == str(survivor.item.id)
    assert refused == "FORBIDDEN"
    assert other_team.id not in {int(i["id"]) for i in found["possibleDuplicates"]}
