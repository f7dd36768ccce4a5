"""What colleagues see of shared items: browsing, searching, one item, its answers.

A shared item shows its title, body, status, team and category, its "me too" count and
the team's explanations of its status moves (a message that came with a move, by
staff, not internal). Never its submitter, unless they chose to share their name, and
never the conversation with them. A merged item is shown as the item it was merged into.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise.queryset import QuerySet

from domain import search
from domain.db import count_up_to
from domain.errors import NotFound
from domain.items.cards import Card, card, cards
from domain.items.enums import ActorKind, EventType, Status, Visibility
from domain.items.models import Item, TimelineEvent

MAX_PAGE = 50
COUNT_LIMIT = 10_000


class SharedSort(StrEnum):
    NEWEST = "NEWEST"
    MOST_ME_TOO = "MOST_ME_TOO"
    RECENTLY_RESOLVED = "RECENTLY_RESOLVED"  # resolved ones only, the latest first


_ORDER = {
    SharedSort.NEWEST: ("-created_at", "-id"),
    SharedSort.MOST_ME_TOO: ("-me_too_count", "-created_at", "-id"),
    SharedSort.RECENTLY_RESOLVED: ("-resolved_at", "-id"),
}


@dataclass(frozen=True, slots=True)
class SharedPage:
    cards: list[Card]
    total: int


def shared_items() -> QuerySet[Item]:
    return Item.filter(shared=True, filed=True, merged_into_id=None)


async def shared_page(*, sort: SharedSort, text: str | None, offset: int, limit: int) -> SharedPage:
    """A page of shared items; with `text`, the best matches first (the sort is then the
    search's own)."""
    limit, offset = max(0, min(limit, MAX_PAGE)), max(0, offset)
    if text and text.strip():
        ids = await search.similar(text, search.Scope.shared(), limit=limit, offset=offset)
        found = await cards_in_order(ids)
        more = len(ids) == limit
        return SharedPage(cards=found, total=offset + len(found) + (1 if more else 0))
    query = shared_items()
    if sort is SharedSort.RECENTLY_RESOLVED:
        query = query.filter(status__in=[Status.RESOLVED, Status.CLOSED], resolved_at__isnull=False)
    page = await cards(query, order=_ORDER[sort], offset=offset, limit=limit)
    return SharedPage(cards=page, total=await count_up_to(query, COUNT_LIMIT))


async def cards_in_order(ids: list[int]) -> list[Card]:
    """The cards of these items, in the order of `ids`."""
    if not ids:
        return []
    found = await cards(Item.filter(id__in=ids), order=("id",), offset=0, limit=len(ids))
    by_id = {c.id: c for c in found}
    return [by_id[i] for i in ids if i in by_id]


async def shared_card(item_id: int) -> Card:
    """A shared item as colleagues see it; a merged one as the item it went into."""
    found = await card(item_id)
    if found.merged_into_id is not None:
        found = await card(found.merged_into_id)
    if not (found.shared and found.filed):
        raise NotFound("No such item.")
    return found


async def answers(shown: Card) -> list[TimelineEvent]:
    """The team's explanations of the item's status moves, oldest first (not the
    submitter's own words: they might say who they are)."""
    query = TimelineEvent.filter(
        item_id=shown.id,
        type=EventType.STATUS_CHANGED,
        actor_kind=ActorKind.USER,
        visibility__in=[Visibility.SUBMITTER, Visibility.PUBLIC],
        message__isnull=False,
    ).exclude(message="")
    if shown.submitter_id is not None:
        query = query.exclude(actor_id=shown.submitter_id)
    return await query.order_by("id")
