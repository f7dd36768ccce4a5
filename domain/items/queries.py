"""Reading items: one's own, and an item's timeline for a given audience."""

from __future__ import annotations

from collections.abc import Sequence

from domain.items.cards import Card, cards
from domain.items.enums import Visibility
from domain.items.models import Item, TimelineEvent

MAX_PAGE = 100


async def my_items(user_id: int, *, offset: int, limit: int) -> tuple[list[Card], int]:
    """A person's named items, newest first. Anonymous ones are not theirs to list:
    nothing links them to anybody."""
    limit = max(0, min(limit, MAX_PAGE))
    query = Item.filter(submitter_id=user_id)
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
