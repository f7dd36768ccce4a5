""" "You said, we did": what came of the shared items, and how much of what came in was
resolved, per team and per category, over a period — for every employee.

Only shared items are listed (their senders let colleagues see them), with the team's
explanation; declined ones with their reason. The ratios count every item, named or
anonymous, as plain totals per team and category, under the k ≥ 5 rule
(`privacy.suppress_small`), so no figure can point at a person or a single item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from domain.engagement.sharing import shared_items
from domain.insights.privacy import Cell, at_least_k, suppress_small
from domain.items.enums import EventType, ItemKind, Status, Visibility
from domain.items.models import Item, TimelineEvent

LISTED = 50
RESOLVED_STATES = [Status.RESOLVED, Status.CLOSED]


class Period(StrEnum):
    LAST_30_DAYS = "LAST_30_DAYS"
    LAST_90_DAYS = "LAST_90_DAYS"
    LAST_365_DAYS = "LAST_365_DAYS"

    @property
    def days(self) -> int:
        return {"LAST_30_DAYS": 30, "LAST_90_DAYS": 90, "LAST_365_DAYS": 365}[self.value]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A shared item resolved or declined in the period, with the team's explanation."""

    item_id: int
    title: str
    team_id: int
    category_id: int
    status: Status
    me_too_count: int
    explanation: str
    at: datetime


@dataclass(frozen=True, slots=True)
class WeDid:
    since: datetime
    until: datetime
    resolved: list[Outcome]
    declined: list[Outcome]
    per_team: list[Cell]
    per_category: list[Cell]
    received: int | None  # None: fewer than 5
    resolved_count: int | None
    customer_problems_solved: int | None


async def we_did(period: Period, *, now: datetime) -> WeDid:
    since = now - timedelta(days=period.days)
    resolved, declined = await _outcomes(since, now)
    per_team = await _cells("team_id", since, now)
    per_category = await _cells("category_id", since, now)
    received = sum(c.received for c in per_team)
    resolved_total = sum(c.resolved for c in per_team)
    return WeDid(
        since=since,
        until=now,
        resolved=resolved,
        declined=declined,
        per_team=suppress_small(per_team),
        per_category=suppress_small(per_category),
        received=at_least_k(received),
        resolved_count=at_least_k(resolved_total) if at_least_k(received) else None,
        customer_problems_solved=at_least_k(await _customers_solved(since, now)),
    )


async def _outcomes(since: datetime, until: datetime) -> tuple[list[Outcome], list[Outcome]]:
    """The latest resolution or refusal of each shared item in the period, newest first."""
    events = (
        await TimelineEvent.filter(
            item_id__in=Subquery(shared_items().values("id")),
            type=EventType.STATUS_CHANGED,
            to_status__in=[Status.RESOLVED, Status.DECLINED],
            visibility__in=[Visibility.SUBMITTER, Visibility.PUBLIC],
            created_at__gte=since,
            created_at__lt=until,
        )
        .order_by("-created_at", "-id")
        .limit(LISTED * 4)
        .values("item_id", "to_status", "message", "created_at")
    )
    latest: dict[int, dict[str, object]] = {}
    for event in events:
        latest.setdefault(int(event["item_id"]), event)
    items = {
        item.id: item
        for item in await shared_items()
        .filter(id__in=list(latest))
        .only("id", "title", "team_id", "category_id", "status", "me_too_count")
    }
    resolved: list[Outcome] = []
    declined: list[Outcome] = []
    for item_id, event in latest.items():
        item = items.get(item_id)
        # Only what still stands: an item reopened since is not "done".
        if item is None or item.status not in (Status.RESOLVED, Status.CLOSED, Status.DECLINED):
            continue
        outcome = Outcome(
            item_id=item.id,
            title=item.title,
            team_id=item.team_id,
            category_id=item.category_id,
            status=Status(str(event["to_status"])),
            me_too_count=item.me_too_count,
            explanation=str(event["message"] or ""),
            at=event["created_at"],  # type: ignore[arg-type]
        )
        (resolved if outcome.status is Status.RESOLVED else declined).append(outcome)
    return resolved[:LISTED], declined[:LISTED]


async def _cells(field: str, since: datetime, until: datetime) -> list[Cell]:
    """Received and resolved per `field`, one GROUP BY each (a filtered count would need
    Tortoise's underscore-named `_filter` argument)."""
    came_in = Item.filter(
        filed=True, merged_into_id=None, created_at__gte=since, created_at__lt=until
    )
    received = await _counts(came_in, field)
    resolved = await _counts(
        came_in.filter(status__in=RESOLVED_STATES, resolved_at__isnull=False), field
    )
    return [
        Cell(key=key, received=count, resolved=resolved.get(key, 0))
        for key, count in received.items()
    ]


async def _counts(query: QuerySet[Item], field: str) -> dict[int, int]:
    rows = await query.annotate(n=Count("id")).group_by(field).values(field, "n")
    return {int(row[field]): int(row["n"]) for row in rows}


async def _customers_solved(since: datetime, until: datetime) -> int:
    """Relayed problems whose customer said "solved" in the period."""
    rows = (
        await TimelineEvent.filter(
            type=EventType.CUSTOMER_FEEDBACK,
            created_at__gte=since,
            created_at__lt=until,
            item__kind=ItemKind.CUSTOMER_ISSUE,
        )
        .order_by("item_id", "id")
        .values("item_id", "data")
    )
    last: dict[int, object] = {}
    for row in rows:
        last[int(row["item_id"])] = row["data"]
    return sum(1 for data in last.values() if isinstance(data, dict) and data.get("solved") is True)
