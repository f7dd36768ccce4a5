"""The outbox through GraphQL, for admins: counts, dead emails with their errors, retry."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.notifications.enums import DeliveryState
from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.domain import gripe
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker

OUTBOX = """
query Outbox($first: Int, $after: String) {
  outbox {
    counts { pending sending sent dead cancelled }
    dead(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id state template recipientKind recipientAddress itemReference
                     attempts lastError } }
    }
  }
}"""
RETRY = "mutation($id: ID!) { retryOutboxEmail(id: $id) { id state attempts lastError } }"
RETRY_ALL = "mutation { retryDeadOutboxEmails }"


async def _dead(row: Notification, error: str) -> None:
    """As a worker leaves an email it gave up on."""
    await Notification.filter(id=row.id).update(
        state=DeliveryState.DEAD, attempts=12, last_error=error
    )


async def test_admins_see_the_counts_and_page_through_dead_emails(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    alice_row, mia_row, lou_row = await Notification.filter(item_id=item.id).order_by("id")
    await _dead(alice_row, "550 5.1.1 no such user")
    await _dead(lou_row, "gave up after 12 attempts; last: cannot reach the mail server")
    await Notification.filter(id=mia_row.id).update(state=DeliveryState.SENT)

    async with client(app, org.ada) as ada:
        first = (await ada.ok(OUTBOX, {"first": 1}))["outbox"]
        second = (
            await ada.ok(OUTBOX, {"first": 1, "after": first["dead"]["pageInfo"]["endCursor"]})
        )["outbox"]

    assert first["counts"] == {"pending": 0, "sending": 0, "sent": 1, "dead": 2, "cancelled": 0}
    assert first["dead"]["totalCount"] == 2 and first["dead"]["pageInfo"]["hasNextPage"]
    [newest] = [edge["node"] for edge in first["dead"]["edges"]]
    assert newest == {
        "id": str(lou_row.id),
        "state": "DEAD",
        "template": "MANAGER_NEW_ITEM",
        "recipientKind": "MANAGER",
        "recipientAddress": "lou@example.com",
        "itemReference": item.reference,
        "attempts": 12,
        "lastError": "gave up after 12 attempts; last: cannot reach the mail server",
    }
    [older] = [edge["node"] for edge in second["dead"]["edges"]]
    assert (older["id"], older["lastError"]) == (str(alice_row.id), "550 5.1.1 no such user")
    assert not second["dead"]["pageInfo"]["hasNextPage"]


async def test_only_admins_may_see_or_retry_the_outbox(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    row = await Notification.filter(item_id=item.id).first()
    assert row is not None
    await _dead(row, "550 no")
    async with client(app, org.mia) as manager, client(app) as nobody:
        assert await manager.error_code(OUTBOX) == "FORBIDDEN"
        assert await manager.error_code(RETRY, {"id": str(row.id)}) == "FORBIDDEN"
        assert await manager.error_code(RETRY_ALL) == "FORBIDDEN"
        assert await nobody.error_code(OUTBOX) == "UNAUTHENTICATED"
    assert (await Notification.get(id=row.id)).state is DeliveryState.DEAD


async def test_asking_for_no_dead_emails_gives_only_the_count(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    for row in await Notification.filter(item_id=item.id):
        await _dead(row, "550 5.1.1 no such user")
    async with client(app, org.ada) as ada:
        dead = (await ada.ok(OUTBOX, {"first": 0}))["outbox"]["dead"]
    assert dead["edges"] == [] and dead["totalCount"] == 3


async def test_retrying_refuses_what_is_not_dead(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    row = await Notification.filter(item_id=item.id).first()
    assert row is not None
    async with client(app, org.ada) as ada:
        assert await ada.error_code(RETRY, {"id": str(row.id)}) == "INVALID_TRANSITION"
        assert await ada.error_code(RETRY, {"id": "999999"}) == "NOT_FOUND"
        assert await ada.error_code(RETRY, {"id": "nonsense"}) == "VALIDATION"  # not an id
        assert (await ada.ok(RETRY_ALL))["retryDeadOutboxEmails"] == 0


async def test_retried_dead_emails_are_delivered(org: Org, app: Starlette, sink: SmtpSink) -> None:
    item = (await gripe(org, org.alice)).item
    alice_row, mia_row, lou_row = await Notification.filter(item_id=item.id).order_by("id")
    for row in (alice_row, mia_row, lou_row):
        await _dead(row, "550 mailbox unavailable")

    async with running_worker(delivery_settings(sink.port)), client(app, org.ada) as ada:
        retried = (await ada.ok(RETRY, {"id": str(alice_row.id)}))["retryOutboxEmail"]
        assert retried == {
            "id": str(alice_row.id),
            "state": "PENDING",
            "attempts": 0,
            "lastError": "550 mailbox unavailable",  # kept until it goes out
        }
        await sink.wait_for(1)
        assert (await ada.ok(RETRY_ALL))["retryDeadOutboxEmails"] == 2
        await sink.wait_for(3)
        await eventually(lambda: _all_sent(item.id))
        counts = (await ada.ok(OUTBOX))["outbox"]["counts"]

    assert sorted(r.envelope_to[0] for r in sink.received) == [
        "alice@example.com",
        "lou@example.com",
        "mia@example.com",
    ]
    assert (counts["dead"], counts["sent"]) == (0, 3)
    assert {r.last_error for r in await Notification.filter(item_id=item.id)} == {None}


async def _all_sent(item_id: int) -> bool:
    return {row.state for row in await Notification.filter(item_id=item_id)} == {DeliveryState.SENT}
