"""Closing the loop through the API: the customer reads their own description and the
team's question on the status page and answers there, says why it is "not solved";
the named submitter of a gripe says whether its resolution solved it. Bad input
changes nothing."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items import triage
from domain.items.enums import ActorKind, EventType, Status, Visibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.domain import gripe, relay
from tests.support.org import Org

STATUS = """
query($token: String!) {
  customerStatus(token: $token) { status body canReply question
    timeline { type message byCustomer viaEmail attachmentsLeftOut } }
}"""
REPLY = """
mutation($token: String!, $body: String!) {
  replyAsCustomer(token: $token, body: $body) {
    status question timeline { type message byCustomer }
  }
}"""
FEEDBACK = """
mutation($token: String!, $solved: Boolean!, $reason: String) {
  customerFeedback(token: $token, solved: $solved, reason: $reason) { status }
}"""
GIVE_FEEDBACK = """
mutation($id: ID!, $solved: Boolean!, $reason: String) {
  giveFeedback(id: $id, solved: $solved, reason: $reason) {
    status viewerCanGiveFeedback timeline { type message solved actor { kind name } }
  }
}"""
OWN_ITEM = "query($id: ID!) { item(id: $id) { viewerCanGiveFeedback } }"


async def token_of(item: Item) -> str:
    contact = await CustomerContact.get(item_id=item.id)
    return customer_status_token(contact.token_salt)


async def test_the_customer_sees_their_description_and_answers_the_question(
    org: Org, app: Starlette
) -> None:
    item = await relay(org, org.bob)
    max_ = await org.principal(org.max)
    await triage.acknowledge(max_, item.id)
    await triage.transition(
        max_, item.id, to=Status.WAITING_FOR_INFO, message="Which router do you have?"
    )
    token = await token_of(item)
    async with client(app) as customer:
        seen = (await customer.ok(STATUS, {"token": token}))["customerStatus"]
        answered = (await customer.ok(REPLY, {"token": token, "body": " A Fritzbox. "}))[
            "replyAsCustomer"
        ]

    assert seen["body"] == "My neighbour says the router reboots at 20:00 every day."
    assert seen["question"] == "Which router do you have?"
    assert seen["canReply"] is True
    assert answered["status"] == "IN_PROGRESS"
    assert answered["question"] is None
    mine = answered["timeline"][-2]  # then the move back to work
    assert mine == {"type": "MESSAGE", "message": "A Fritzbox.", "byCustomer": True}
    event = await TimelineEvent.get(item_id=item.id, type=EventType.MESSAGE)
    assert (event.visibility, event.actor_kind) == (Visibility.PUBLIC, ActorKind.CUSTOMER)
    told = await Notification.filter(event_id=event.id).values_list("recipient_address", flat=True)
    assert sorted(str(a) for a in told) == ["bob@example.com", "max@example.com"]


async def test_a_bad_reply_from_the_status_page_changes_nothing(org: Org, app: Starlette) -> None:
    item = await relay(org, org.bob)
    token = await token_of(item)
    before = await Notification.all().count()
    async with client(app) as customer:
        assert await customer.error_code(REPLY, {"token": token, "body": "   "}) == "VALIDATION"
        too_long = {"token": token, "body": "x" * 5001}
        assert await customer.error_code(REPLY, too_long) == "VALIDATION"
        wrong = {"token": "0" * 64, "body": "Hello"}
        assert await customer.error_code(REPLY, wrong) == "NOT_FOUND"
    await Item.filter(id=item.id).update(status=Status.CLOSED)
    async with client(app) as customer:
        closed = {"token": token, "body": "Hello"}
        assert await customer.error_code(REPLY, closed) == "INVALID_TRANSITION"
        assert (await customer.ok(STATUS, {"token": token}))["customerStatus"]["canReply"] is False
    assert not await TimelineEvent.filter(item_id=item.id, type=EventType.MESSAGE).exists()
    assert await Notification.all().count() == before


async def test_not_solved_carries_the_customers_reason_to_the_team(
    org: Org, app: Starlette
) -> None:
    item = await relay(org, org.bob)
    max_ = await org.principal(org.max)
    await triage.acknowledge(max_, item.id)
    await triage.transition(max_, item.id, to=Status.RESOLVED, message="New modem.")
    token = await token_of(item)
    async with client(app) as customer:
        reason = {"token": token, "solved": False, "reason": "It still drops at 20:00."}
        assert (await customer.ok(FEEDBACK, reason))["customerFeedback"]["status"] == "IN_PROGRESS"
        seen = (await customer.ok(STATUS, {"token": token}))["customerStatus"]
    said = [e for e in seen["timeline"] if e["type"] == "CUSTOMER_FEEDBACK"]
    assert said[0]["message"] == "It still drops at 20:00."
    to_max = await Notification.get(template="customer_feedback")
    assert to_max.payload["message"] == "It still drops at 20:00."
    assert to_max.payload["status"] == "IN_PROGRESS"


async def test_the_submitter_of_a_gripe_says_it_is_not_solved_and_why(
    org: Org, app: Starlette
) -> None:
    item = (await gripe(org, org.alice, title="The coffee machine leaks")).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.assign(mia, item.id, assignee_id=org.mia.id)
    await triage.transition(mia, item.id, to=Status.RESOLVED, message="Fixed the seal.")
    variables = {"id": str(item.id), "solved": False, "reason": "Still a puddle every morning."}
    async with client(app, org.alice) as alice:
        assert (await alice.ok(OWN_ITEM, {"id": str(item.id)}))["item"]["viewerCanGiveFeedback"]
        answered = (await alice.ok(GIVE_FEEDBACK, variables))["giveFeedback"]
    assert answered["status"] == "IN_PROGRESS"
    assert answered["viewerCanGiveFeedback"] is False
    said = [e for e in answered["timeline"] if e["type"] == "SUBMITTER_FEEDBACK"]
    assert said == [
        {
            "type": "SUBMITTER_FEEDBACK",
            "message": "Still a puddle every morning.",
            "solved": False,
            "actor": {"kind": "USER", "name": "Alice Jansen"},
        }
    ]
    [to_mia] = await Notification.filter(template="submitter_feedback")
    assert to_mia.recipient_address == "mia@example.com"
    assert to_mia.payload["status"] == "IN_PROGRESS"
    # Alice is not told of her own step.
    assert not await Notification.filter(
        recipient_address="alice@example.com", created_at__gte=to_mia.created_at
    ).exists()


async def test_solved_closes_the_gripe(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.transition(mia, item.id, to=Status.RESOLVED, message="Done.")
    async with client(app, org.alice) as alice:
        answered = await alice.ok(GIVE_FEEDBACK, {"id": str(item.id), "solved": True})
    assert answered["giveFeedback"]["status"] == "CLOSED"


async def test_only_the_submitter_of_a_resolved_gripe_may_say_so(org: Org, app: Starlette) -> None:
    gripe_item = (await gripe(org, org.alice)).item
    relayed = await relay(org, org.bob)
    mia, max_ = await org.principal(org.mia), await org.principal(org.max)
    await triage.acknowledge(mia, gripe_item.id)
    await triage.acknowledge(max_, relayed.id)
    not_yet = {"id": str(gripe_item.id), "solved": True}
    async with client(app, org.alice) as alice:
        assert await alice.error_code(GIVE_FEEDBACK, not_yet) == "INVALID_TRANSITION"
    await triage.transition(mia, gripe_item.id, to=Status.RESOLVED, message="Done.")
    await triage.transition(max_, relayed.id, to=Status.RESOLVED, message="Done.")
    async with client(app, org.bob) as bob:
        # Someone else's gripe: not found; a relayed problem is the customer's to judge.
        assert await bob.error_code(GIVE_FEEDBACK, not_yet) == "NOT_FOUND"
        relayed_vars = {"id": str(relayed.id), "solved": True}
        assert await bob.error_code(GIVE_FEEDBACK, relayed_vars) == "INVALID_TRANSITION"
    async with client(app) as nobody:
        assert await nobody.error_code(GIVE_FEEDBACK, not_yet) == "UNAUTHENTICATED"
    async with client(app, org.alice) as alice:
        long_reason = {**not_yet, "solved": False, "reason": "x" * 5001}
        assert await alice.error_code(GIVE_FEEDBACK, long_reason) == "VALIDATION"
    assert (await Item.get(id=gripe_item.id)).status is Status.RESOLVED
    assert (await Item.get(id=relayed.id)).status is Status.RESOLVED
