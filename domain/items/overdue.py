"""Missed response targets: each miss is reported once to whoever handles the item (the
assignee, or else the team's managers), and once more to the team leads if the item is
still not handled `escalate_after_hours` business hours later.

The target that applies is the one the board shows (`targets.target_state`): being
acknowledged while NEW, being resolved after that. The item remembers which due moment
it reported (`missed_due_at`), so a new due moment (the item was acknowledged, or its
priority changed) is a new miss, and the same one is never reported twice. Every
report is a compare-and-set on those fields in the transaction that records it, so
several workers running this job at once still report each miss once.

Called periodically by `workers/schedules.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from tortoise.expressions import F, Q

from domain.items import timeline
from domain.items.actors import Actor
from domain.items.board import overdue_condition
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import Item
from domain.items.targets import BusinessCalendar
from domain.unit_of_work import unit_of_work

logger = logging.getLogger("mopper.targets")

BATCH = 200


class MissedTarget(StrEnum):
    ACKNOWLEDGE = "ACKNOWLEDGE"
    RESOLVE = "RESOLVE"


@dataclass(frozen=True, slots=True)
class Reported:
    reported: int = 0
    escalated: int = 0


class Timed(Protocol):
    """What decides which target applies to an item, and what was done about its miss."""

    @property
    def status(self) -> Status: ...

    @property
    def acknowledge_due_at(self) -> datetime | None: ...

    @property
    def resolve_due_at(self) -> datetime | None: ...

    @property
    def missed_due_at(self) -> datetime | None: ...

    @property
    def missed_reported_at(self) -> datetime | None: ...

    @property
    def missed_escalated_at(self) -> datetime | None: ...


def current_target(item: Timed) -> tuple[MissedTarget, datetime | None]:
    if item.status is Status.NEW:
        return MissedTarget.ACKNOWLEDGE, item.acknowledge_due_at
    return MissedTarget.RESOLVE, item.resolve_due_at


@dataclass(frozen=True, slots=True)
class MissReport:
    """What was done about the miss of the target that applies to an item now."""

    reported_at: datetime | None = None
    escalated_at: datetime | None = None


def current_miss(item: Timed) -> MissReport:
    _, due = current_target(item)
    if due is None or item.missed_due_at != due:
        return MissReport()
    return MissReport(reported_at=item.missed_reported_at, escalated_at=item.missed_escalated_at)


def _reported_current_due() -> Q:
    """The item's current due moment is the one whose miss was reported."""
    return (Q(status=Status.NEW) & Q(missed_due_at=F("acknowledge_due_at"))) | (
        ~Q(status=Status.NEW) & Q(missed_due_at=F("resolve_due_at"))
    )


async def report_missed_targets(
    *, now: datetime, calendar: BusinessCalendar, escalate_after_hours: float
) -> Reported:
    # An anonymous gripe waiting for the filing is nobody's to be late with yet.
    overdue = Item.filter(overdue_condition(now), filed=True)
    unreported = await (
        overdue.filter(Q(missed_due_at=None) | ~_reported_current_due()).order_by("id").limit(BATCH)
    )
    # Business hours pass no faster than the clock, so nothing reported later than this
    # can be due for escalation yet; oldest first, a batch ends at the first not due.
    awaiting_lead = await (
        overdue.filter(_reported_current_due())
        .filter(
            missed_escalated_at=None,
            missed_reported_at__lte=now - timedelta(hours=escalate_after_hours),
        )
        .order_by("missed_reported_at", "id")
        .limit(BATCH)
    )
    reported = escalated = 0
    for item in unreported:
        reported += await _isolated(_report, item, now)
    for item in awaiting_lead:
        assert item.missed_reported_at is not None
        if now < calendar.add_business_hours(item.missed_reported_at, escalate_after_hours):
            break
        escalated += await _isolated(_escalate, item, now)
    return Reported(reported=reported, escalated=escalated)


async def _isolated(
    step: Callable[[Item, datetime], Awaitable[int]], item: Item, now: datetime
) -> int:
    """One item's trouble must not keep the others from being reported."""
    try:
        return await step(item, now)
    except Exception:
        logger.exception("could not report the missed target of item %s", item.id)
        return 0


def _due_field(target: MissedTarget) -> str:
    return "acknowledge_due_at" if target is MissedTarget.ACKNOWLEDGE else "resolve_due_at"


async def _report(item: Item, now: datetime) -> int:
    target, due = current_target(item)
    if due is None:
        return 0
    async with unit_of_work() as uow:
        claimed = (
            await Item.filter(id=item.id, status=item.status, missed_due_at=item.missed_due_at)
            .filter(**{_due_field(target): due})
            .using_db(uow.conn)
            .update(missed_due_at=due, missed_reported_at=now, missed_escalated_at=None)
        )
        if not claimed:
            return 0  # someone else reported it, or the item moved on meanwhile
        await timeline.record(
            uow,
            item,
            type=EventType.TARGET_MISSED,
            actor=Actor.system(),
            visibility=Visibility.INTERNAL,
            data={"target": target.value, "due_at": due.isoformat(), "escalated": False},
        )
    return 1


async def _escalate(item: Item, now: datetime) -> int:
    target, due = current_target(item)
    if due is None:
        return 0
    async with unit_of_work() as uow:
        claimed = (
            await Item.filter(
                id=item.id, status=item.status, missed_due_at=due, missed_escalated_at=None
            )
            .filter(**{_due_field(target): due})
            .using_db(uow.conn)
            .update(missed_escalated_at=now)
        )
        if not claimed:
            return 0
        await timeline.record(
            uow,
            item,
            type=EventType.TARGET_MISSED,
            actor=Actor.system(),
            visibility=Visibility.INTERNAL,
            data={"target": target.value, "due_at": due.isoformat(), "escalated": True},
            escalate_to_lead=True,
        )
    return 1
