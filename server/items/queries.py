"""Reading items: one's own, an item's timeline for a given audience, counts for the board."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.functions import Count

from server.items.enums import EventType, Visibility
from server.items.models import Item, TimelineEvent

MAX_PAGE = 100


async def my_items(user_id: int, *, offset: int, limit: int) -> tuple[list[Item], int]:
    """A person's named items, newest first. Anonymous ones are not theirs to list:
    nothing links them to anybody."""
    limit = max(0, min(limit, MAX_PAGE))
    query = Item.filter(submitter_id=user_id)
    rows = (
        await query.select_related("team", "category", "assignee")
        .order_by("-created_at", "-id")
        .offset(max(0, offset))
        .limit(limit)
    )
    return list(rows), await query.count()


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


async def message_counts(item_ids: Sequence[int]) -> dict[int, int]:
    """How many messages each item has, for the board's cards, in one query."""
    rows = (
        await TimelineEvent.filter(item_id__in=list(item_ids), type=EventType.MESSAGE)
        .annotate(n=Count("id"))
        .group_by("item_id")
        .values("item_id", "n")
    )
    counts = {item_id: 0 for item_id in item_ids}
    counts.update({int(row["item_id"]): int(row["n"]) for row in rows})
    return counts
