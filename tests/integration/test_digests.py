"""A manager's daily digest: new items of the day before, in one email at the start of
the working day, once — however many workers look for it at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from domain.clock import recorded_at
from domain.items import triage
from domain.notifications import digests
from domain.notifications.enums import DigestState, Template
from domain.notifications.models import Digest, InboxEntry, Notification, NotificationPreference
from tests.support.domain import calendar, gripe
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import WorkerProcess, delivery_settings, running_worker

# Europe/Amsterdam, business hours 09:00-17:00 on weekdays (the defaults); in the past,
# so that the outbox's rows are due.
MONDAY_EVENING = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)
TUESDAY_BEFORE_NINE = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)  # 08:30 in Amsterdam
TUESDAY_AT_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
SATURDAY_MORNING = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


async def managers_on_the_default(org: Org) -> None:
    """Mia and Lou leave "new items" at its default: a daily digest."""
    await NotificationPreference.filter(user_id__in=[org.mia.id, org.lou.id]).delete()


async def two_workers_at_once(now: datetime) -> list[digests.DigestsWritten]:
    """Two workers' schedules firing at the same moment (on PostgreSQL each on its own
    connection from the pool)."""
    return list(
        await asyncio.gather(
            digests.write_due(now=now, calendar=calendar()),
            digests.write_due(now=now, calendar=calendar()),
        )
    )


async def test_a_managers_digest_arrives_once_with_the_right_items(
    org: Org, sink: SmtpSink
) -> None:
    await managers_on_the_default(org)
    with recorded_at(MONDAY_EVENING):
        leak = (await gripe(org, org.alice, title="The tap leaks")).item
        lift = (await gripe(org, org.bob, title="The lift is stuck")).item
        other_team = (await gripe(org, org.bob, category=org.internet, title="Slow")).item
    # No email about new items went to Mia or Lou; they are in their menus, waiting.
    assert not await Notification.filter(
        template=Template.MANAGER_NEW_ITEM, recipient_address="mia@example.com"
    )
    waiting = await InboxEntry.filter(user_id=org.mia.id, digest_state=DigestState.WAITING)
    assert {e.item_id for e in waiting} == {leak.id, lift.id}

    assert await two_workers_at_once(TUESDAY_BEFORE_NINE) == [digests.DigestsWritten(0, 0)] * 2
    written = await two_workers_at_once(TUESDAY_AT_NINE)
    # Mia's and Lou's, once each (which worker wrote which is up to the race).
    assert sum(w.digests for w in written) == 2
    assert await two_workers_at_once(TUESDAY_AT_NINE) == [digests.DigestsWritten(0, 0)] * 2

    async with running_worker(delivery_settings(sink.port)):
        await sink.wait_for(6)  # three receipts, Max's new item, and the two digests
    [for_mia] = [r for r in sink.to("mia@example.com")]
    assert for_mia.message["Subject"] == "Mopper: 2 updates for you"
    text = for_mia.text()
    assert (
        f"[{leak.reference}] The tap leaks" in text
        and f"[{lift.reference}] The lift is stuck" in text
    )
    assert other_team.reference not in text  # Max's team, not Mia's
    assert f"/items/{leak.id}" in text and "New item" in text
    assert "/unsubscribe/email/" in for_mia.message["List-Unsubscribe"]
    assert len(sink.to("lou@example.com")) == 1
    assert await Digest.filter(user_id=org.mia.id).count() == 1

    # Tuesday's new item waits for Wednesday's digest; Tuesday's digest is not sent again.
    with recorded_at(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)):
        await gripe(org, org.alice, title="Coffee is cold")
    assert (
        await two_workers_at_once(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
        == [digests.DigestsWritten(0, 0)] * 2
    )
    written = await two_workers_at_once(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert sum(w.updates for w in written) == 2  # one update each for Mia and Lou


async def test_no_digest_on_a_day_off_and_none_for_nothing(org: Org) -> None:
    await managers_on_the_default(org)
    assert await digests.write_due(now=TUESDAY_AT_NINE, calendar=calendar()) == (
        digests.DigestsWritten(0, 0)
    )
    with recorded_at(datetime(2026, 11, 27, 17, 30, tzinfo=UTC)):  # Friday evening
        await gripe(org, org.alice)
    assert await digests.write_due(now=SATURDAY_MORNING, calendar=calendar()) == (
        digests.DigestsWritten(0, 0)
    )
    monday = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
    assert await digests.write_due(now=monday, calendar=calendar()) == digests.DigestsWritten(2, 2)


async def test_what_a_manager_gets_at_once_stays_out_of_the_digest(org: Org) -> None:
    """Assignments come at once by default: they are in the menu, not in the digest."""
    await managers_on_the_default(org)
    with recorded_at(MONDAY_EVENING):
        item = (await gripe(org, org.alice)).item
        await triage.assign(await org.principal(org.mia), item.id, assignee_id=org.lou.id)
    assert await Notification.filter(template=Template.ASSIGNED_TO_YOU).count() == 1
    await digests.write_due(now=TUESDAY_AT_NINE, calendar=calendar())
    [lous] = await Notification.filter(template=Template.DIGEST, recipient_user_id=org.lou.id)
    items = lous.payload["items"]
    assert isinstance(items, list) and [i["updates"] for i in items] == [["manager_new_item"]]


@pytest.mark.postgres_only
async def test_two_worker_processes_write_one_digest_per_person(org: Org, sink: SmtpSink) -> None:
    """Two `python -m workers` whose working day is always on: each person's digest
    arrives once."""
    await managers_on_the_default(org)
    await gripe(org, org.alice, title="Two workers")
    always = {
        "business_days": "1,2,3,4,5,6,7",
        "business_hours": "00:00-23:59",
        "business_timezone": "UTC",
        "digest_check_seconds": 0.05,
    }
    async with WorkerProcess(sink.port, **always), WorkerProcess(sink.port, **always):
        await eventually(two_digests_written)
        await sink.wait_for(3)  # Alice's receipt, Mia's and Lou's digests
        await eventually(emails_settled)
    digests_sent = [r for r in sink.received if r.message["Subject"].startswith("Mopper:")]
    assert sorted(r.envelope_to[0] for r in digests_sent) == ["lou@example.com", "mia@example.com"]
    assert await Digest.all().count() == 2


async def two_digests_written() -> bool:
    return await Digest.all().count() == 2


async def emails_settled() -> bool:
    return not await Notification.filter(channel="EMAIL", state__in=["PENDING", "SENDING"]).exists()
