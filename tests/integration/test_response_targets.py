"""Missed response targets: reported once to whoever handles the item, escalated once to
the team lead, shown on the board, and emailed."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from starlette.applications import Starlette

from domain.clock import utcnow
from domain.items import triage
from domain.items.enums import ActorKind, EventType, Priority, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.items.overdue import Reported, report_missed_targets
from domain.notifications.enums import Template
from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.domain import calendar, gripe
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker
from workers.schedules import every, response_targets_job

HOURS = 4.0


async def check(now: datetime) -> Reported:
    return await report_missed_targets(now=now, calendar=calendar(), escalate_after_hours=HOURS)


async def target_missed_emails(item: Item) -> list[tuple[str | None, object, object]]:
    rows = await Notification.filter(item_id=item.id, template=Template.TARGET_MISSED).order_by(
        "id"
    )
    return [(r.recipient_address, r.payload["target"], r.payload["escalated"]) for r in rows]


async def test_a_missed_target_is_reported_once_then_escalated_once(org: Org) -> None:
    item = await Item.get(id=(await gripe(org, org.alice)).item.id)
    assert item.acknowledge_due_at is not None
    late = item.acknowledge_due_at + timedelta(minutes=1)

    assert await check(item.acknowledge_due_at - timedelta(minutes=1)) == Reported()
    assert await check(late) == Reported(reported=1)
    assert await check(late + timedelta(minutes=5)) == Reported()  # once
    # Nobody is assigned: the team's managers hear of it.
    assert await target_missed_emails(item) == [
        ("mia@example.com", "ACKNOWLEDGE", False),
        ("lou@example.com", "ACKNOWLEDGE", False),
    ]
    [event] = await TimelineEvent.filter(item_id=item.id, type=EventType.TARGET_MISSED)
    assert (event.actor_kind, event.visibility) == (ActorKind.SYSTEM, Visibility.INTERNAL)

    escalate_at = calendar().add_business_hours(late, HOURS)
    assert await check(escalate_at - timedelta(minutes=1)) == Reported()
    assert await check(escalate_at + timedelta(minutes=1)) == Reported(escalated=1)
    assert await check(escalate_at + timedelta(hours=10)) == Reported()  # once
    assert (await target_missed_emails(item))[2:] == [("lou@example.com", "ACKNOWLEDGE", True)]


async def test_each_new_due_moment_is_a_miss_of_its_own(org: Org) -> None:
    mia = await org.principal(org.mia)
    item = await Item.get(id=(await gripe(org, org.alice)).item.id)
    assert item.acknowledge_due_at is not None
    await check(item.acknowledge_due_at + timedelta(minutes=1))

    # Urgent: the acknowledge-by moment moves, and is missed again.
    await triage.set_priority(mia, item.id, priority=Priority.URGENT, calendar=calendar())
    item = await Item.get(id=item.id)
    assert item.acknowledge_due_at is not None
    assert await check(item.acknowledge_due_at + timedelta(days=1)) == Reported(reported=1)

    # Acknowledged and assigned: now the resolve-by target applies, and goes to Mia.
    await triage.assign(mia, item.id, assignee_id=org.mia.id)
    await triage.acknowledge(mia, item.id)
    item = await Item.get(id=item.id)
    assert item.resolve_due_at is not None
    assert await check(item.resolve_due_at + timedelta(minutes=1)) == Reported(reported=1)
    assert (await target_missed_emails(item))[-1] == ("mia@example.com", "RESOLVE", False)

    # A resolved item has no target left to miss.
    await triage.transition(mia, item.id, to=Status.RESOLVED, message="Fixed.")
    assert await check(item.resolve_due_at + timedelta(days=30)) == Reported()


async def test_workers_checking_at_the_same_time_report_a_miss_once(org: Org) -> None:
    item = await Item.get(id=(await gripe(org, org.alice)).item.id)
    assert item.acknowledge_due_at is not None
    late = item.acknowledge_due_at + timedelta(minutes=1)

    found = await asyncio.gather(*(check(late) for _ in range(4)))

    assert sum(r.reported for r in found) == 1
    assert await TimelineEvent.filter(item_id=item.id, type=EventType.TARGET_MISSED).count() == 1


BOARD = """
query Board($overdue: Boolean) {
  board(filter: {overdue: $overdue}) {
    edges { node { reference targetState targetMissedReportedAt targetMissedEscalatedAt } }
  }
}"""


async def test_the_board_shows_and_filters_overdue_items(org: Org, app: Starlette) -> None:
    late = await Item.get(id=(await gripe(org, org.alice, title="Late")).item.id)
    await gripe(org, org.alice, title="On time")
    await Item.filter(id=late.id).update(acknowledge_due_at=utcnow() - timedelta(hours=1))
    await response_targets_job(delivery_settings(0))()  # what the schedule runs

    async with client(app, org.mia) as mia:
        overdue = (await mia.ok(BOARD, {"overdue": True}))["board"]["edges"]
        on_time = (await mia.ok(BOARD, {"overdue": False}))["board"]["edges"]
    [node] = [edge["node"] for edge in overdue]
    assert node["reference"] == late.reference
    assert node["targetState"] == "OVERDUE"
    assert node["targetMissedReportedAt"] is not None
    assert node["targetMissedEscalatedAt"] is None
    assert [edge["node"]["targetMissedReportedAt"] for edge in on_time] == [None]


async def test_the_missed_target_emails_say_what_was_missed(org: Org, sink: SmtpSink) -> None:
    item = await Item.get(id=(await gripe(org, org.alice, title="Broken chair")).item.id)
    assert item.acknowledge_due_at is not None
    late = item.acknowledge_due_at + timedelta(minutes=1)
    async with running_worker(delivery_settings(sink.port)):
        await check(late)
        await check(calendar().add_business_hours(late, HOURS) + timedelta(minutes=1))
        await sink.wait_for(3 + 2 + 1)  # submitted (3), missed (2), escalated (1)

    [first, escalated] = [e.text() for e in sink.to("lou@example.com")][1:]
    assert "“Broken chair” was not acknowledged in time: it was due by" in first
    assert "Please take it up as soon as you can." in first
    assert "You receive this as a lead of Facilities" in escalated


async def test_the_schedule_keeps_going_after_a_failing_run() -> None:
    runs: list[int] = []
    stopping = asyncio.Event()

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("the database went away")
        if len(runs) == 3:
            stopping.set()

    await asyncio.wait_for(every(0.01, job, name="test", stopping=stopping), timeout=30)
    assert runs == [0, 1, 2]


async def test_the_schedule_reports_with_the_configured_calendar(org: Org) -> None:
    item = await Item.get(id=(await gripe(org, org.alice)).item.id)
    await Item.filter(id=item.id).update(acknowledge_due_at=utcnow() - timedelta(minutes=1))
    stopping = asyncio.Event()
    job = response_targets_job(delivery_settings(0))
    schedule = asyncio.create_task(every(0.05, job, name="targets", stopping=stopping))
    try:
        await eventually(
            lambda: TimelineEvent.filter(item_id=item.id, type=EventType.TARGET_MISSED).exists()
        )
    finally:
        stopping.set()
        await schedule
