"""Reportable concerns and their legal clocks (Directive (EU) 2019/1937, art. 9(1)(b),(f)):
receipt acknowledged within 7 calendar days, feedback within 3 months of the
acknowledgement. Calendar time, not business hours: the law counts days.

"Feedback" is the first answer the submitter can read (a message or a status change by
a manager that is not internal) after the acknowledgement; it is found on the timeline,
so no other flow has to remember to report it.

Each missed clock is escalated once, to the item's team leads, with a compare-and-set
on the concern's `*_escalated_at`, so several workers running the job escalate once.
Called periodically by `workers/schedules.py`.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.items import timeline
from domain.items.actors import Actor
from domain.items.enums import ActorKind, EventType, Visibility
from domain.items.models import Item, TimelineEvent
from domain.triage_aid.models import ReportableConcern
from domain.unit_of_work import unit_of_work

logger = logging.getLogger("mopper.concerns")

ACKNOWLEDGE_WITHIN = timedelta(days=7)
FEEDBACK_WITHIN_MONTHS = 3
BATCH = 200


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or the month's last day if it has no such day
    (30 November + 3 months = 28 or 29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def acknowledge_deadline(received_at: datetime) -> datetime:
    return received_at + ACKNOWLEDGE_WITHIN


def feedback_deadline(acknowledged_at: datetime) -> datetime:
    return add_months(acknowledged_at, FEEDBACK_WITHIN_MONTHS)


async def mark(
    conn: BaseDBAsyncClient, item: Item, *, now: datetime, acknowledged_at: datetime | None
) -> ReportableConcern:
    """Make `item` a reportable concern (once); its clocks count from its receipt."""
    concern = await ReportableConcern.filter(item_id=item.id).using_db(conn).first()
    if concern is None:
        concern = await ReportableConcern.create(
            item_id=item.id,
            marked_at=now,
            acknowledge_by=acknowledge_deadline(item.created_at),
            using_db=conn,
        )
    if acknowledged_at is not None and concern.acknowledged_at is None:
        concern.acknowledged_at = acknowledged_at
        concern.feedback_by = feedback_deadline(acknowledged_at)
        await concern.save(using_db=conn, update_fields=["acknowledged_at", "feedback_by"])
    return concern


@dataclass(frozen=True, slots=True)
class Clocks:
    """What the board and the item panel show beside the business-hours targets."""

    acknowledge_by: datetime
    acknowledged_at: datetime | None
    feedback_by: datetime | None
    feedback_at: datetime | None


async def clocks_of(item_ids: list[int]) -> dict[int, Clocks]:
    """The clocks of those of `item_ids` that are concerns, in two statements."""
    if not item_ids:
        return {}
    concerns = await ReportableConcern.filter(item_id__in=item_ids)
    feedback = await _first_feedback([c for c in concerns if c.acknowledged_at is not None])
    return {
        c.item_id: Clocks(
            acknowledge_by=c.acknowledge_by,
            acknowledged_at=c.acknowledged_at,
            feedback_by=c.feedback_by,
            feedback_at=c.feedback_at or feedback.get(c.item_id),
        )
        for c in concerns
    }


async def _first_feedback(concerns: list[ReportableConcern]) -> dict[int, datetime]:
    if not concerns:
        return {}
    since = {c.item_id: c.acknowledged_at for c in concerns}
    rows = await TimelineEvent.filter(
        item_id__in=list(since),
        actor_kind=ActorKind.USER,
        type__in=[EventType.MESSAGE, EventType.STATUS_CHANGED],
        visibility__in=[Visibility.SUBMITTER, Visibility.PUBLIC],
    ).values("item_id", "created_at")
    first: dict[int, datetime] = {}
    for row in rows:
        item_id, at = int(row["item_id"]), row["created_at"]
        acknowledged = since[item_id]
        if acknowledged is not None and at >= acknowledged:
            first[item_id] = min(at, first.get(item_id, at))
    return first


@dataclass(frozen=True, slots=True)
class Escalated:
    acknowledge: int = 0
    feedback: int = 0


async def escalate_missed_clocks(*, now: datetime) -> Escalated:
    """Tell the team leads, once per clock, of concerns whose legal clock ran out."""
    late_acknowledgements = await ReportableConcern.filter(
        acknowledged_at=None, acknowledge_by__lt=now, acknowledge_escalated_at=None
    ).limit(BATCH)
    acknowledge = 0
    for concern in late_acknowledgements:
        acknowledge += await _escalate(concern, now, "CONCERN_ACKNOWLEDGE", concern.acknowledge_by)
    waiting = await ReportableConcern.filter(
        feedback_at=None, feedback_by__lt=now, feedback_escalated_at=None
    ).limit(BATCH)
    given = await _first_feedback(waiting)
    feedback = 0
    for concern in waiting:
        if concern.item_id in given:
            # Answered after all: remember it, nothing to escalate.
            await ReportableConcern.filter(id=concern.id, feedback_at=None).update(
                feedback_at=given[concern.item_id]
            )
            continue
        assert concern.feedback_by is not None
        feedback += await _escalate(concern, now, "CONCERN_FEEDBACK", concern.feedback_by)
    return Escalated(acknowledge=acknowledge, feedback=feedback)


async def _escalate(concern: ReportableConcern, now: datetime, clock: str, due: datetime) -> int:
    stamp = (
        "acknowledge_escalated_at" if clock == "CONCERN_ACKNOWLEDGE" else "feedback_escalated_at"
    )
    try:
        async with unit_of_work() as uow:
            claimed = (
                await ReportableConcern.filter(id=concern.id, **{stamp: None})
                .using_db(uow.conn)
                .update(**{stamp: now})
            )
            if not claimed:
                return 0  # another worker escalated it
            item = await Item.filter(id=concern.item_id).using_db(uow.conn).get()
            await timeline.record(
                uow,
                item,
                type=EventType.TARGET_MISSED,
                actor=Actor.system(),
                visibility=Visibility.INTERNAL,
                data={"target": clock, "due_at": due.isoformat(), "escalated": True},
                escalate_to_lead=True,
            )
        return 1
    except Exception:
        # One item's trouble must not keep the others from being escalated.
        logger.exception("could not escalate the concern clock of item %s", concern.item_id)
        return 0
