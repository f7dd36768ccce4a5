"""Reading items: one's own, and an item's timeline for a given audience."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Subquery
from tortoise.functions import Max

from domain.items.cards import Card, cards
from domain.items.enums import OPEN_STATUSES, ActorKind, EventType, Visibility
from domain.items.models import Item, TimelineEvent

MAX_PAGE = 100


async def my_items(
    user_id: int, *, offset: int, limit: int, open: bool | None = None
) -> tuple[list[Card], int]:
    """A person's named items, newest first; `open`: only the open (True) or the
    finished ones (False: resolved, declined, closed). Anonymous ones are not theirs to
    list: nothing links them to anybody."""
    limit = max(0, min(limit, MAX_PAGE))
    query = Item.filter(submitter_id=user_id)
    if open is not None:
        statuses = list(OPEN_STATUSES)
        query = query.filter(status__in=statuses) if open else query.exclude(status__in=statuses)
    page = await cards(query, order=("-created_at", "-id"), offset=max(0, offset), limit=limit)
    return page, await query.count()


async def timelines(
    item_ids: Sequence[int], audience: Visibility
) -> dict[int, list[TimelineEvent]]:
    """The events of several items that `audience` may read, oldest first, in one query."""
    allowed = [v for v in Visibility if v.visible_to(audience)]
    events = (
        await TimelineEvent.filter(item_id__in=list(item_ids), visibility__in=allowed)
        .select_related("actor")
        .order_by("id")
    )
    grouped: dict[int, list[TimelineEvent]] = {item_id: [] for item_id in item_ids}
    for event in events:
        grouped[event.item_id].append(event)
    return grouped


async def answered_by_submitter(item_ids: Sequence[int]) -> set[int]:
    """The items whose latest message is the submitter's or the customer's: someone
    answered and the team has not written since."""
    if not item_ids:
        return set()
    latest = (
        TimelineEvent.filter(item_id__in=list(item_ids), type=EventType.MESSAGE)
        .annotate(last=Max("id"))
        .group_by("item_id")
        .values("last")
    )
    rows = await TimelineEvent.filter(id__in=Subquery(latest)).values(
        "item_id", "actor_kind", "actor_id", "item__submitter_id"
    )
    outside = {ActorKind.SUBMITTER, ActorKind.CUSTOMER}
    return {
        int(row["item_id"])
        for row in rows
        if row["actor_kind"] in outside
        or (row["actor_id"] is not None and row["actor_id"] == row["item__submitter_id"])
    }
