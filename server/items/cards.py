"""Items as pages and lists show them: plain data, read in one query together with
their team, category and people, plus one query for the message counts of the page.

Building ORM objects for a page of cards costs more than the query itself (half of it
parsing timestamps that a card may never show), so pages read rows as values instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server.errors import NotFound
from server.items.enums import EventType, ItemKind, Priority, Status
from server.items.models import Item, TimelineEvent, item_reference
from server.org.models import Category

_COLUMNS = (
    "id",
    "kind",
    "title",
    "body",
    "status",
    "priority",
    "is_anonymous",
    "created_at",
    "updated_at",
    "acknowledged_at",
    "resolved_at",
    "closed_at",
    "acknowledge_due_at",
    "resolve_due_at",
    "version",
    "missed_due_at",
    "missed_reported_at",
    "missed_escalated_at",
    "team_id",
    "team__name",
    "category_id",
    "category__name_en",
    "category__name_nl",
    "assignee_id",
    "assignee__display_name",
    "submitter_id",
    "submitter__display_name",
)


@dataclass(frozen=True, slots=True)
class ItemNames:
    """What an item's team and category are called."""

    team: str
    category_en: str
    category_nl: str

    @classmethod
    def of_category(cls, category: Category) -> ItemNames:
        """From a category fetched with its team."""
        return cls(
            team=category.team.name, category_en=category.name_en, category_nl=category.name_nl
        )


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    kind: ItemKind
    title: str
    body: str
    status: Status
    priority: Priority
    is_anonymous: bool
    created_at: datetime
    updated_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    acknowledge_due_at: datetime | None
    resolve_due_at: datetime | None
    version: int
    missed_due_at: datetime | None
    missed_reported_at: datetime | None
    missed_escalated_at: datetime | None
    team_id: int
    team_name: str
    category_id: int
    category_name_en: str
    category_name_nl: str
    assignee_id: int | None
    assignee_name: str | None
    submitter_id: int | None  # always None for an anonymous item
    submitter_name: str | None
    message_count: int

    @property
    def reference(self) -> str:
        return item_reference(self.id)

    @classmethod
    def of_model(
        cls,
        item: Item,
        names: ItemNames,
        *,
        assignee_name: str | None,
        submitter_name: str | None,
        message_count: int,
    ) -> Card:
        """A card for an item just written, whose names the writer already knows."""
        return cls(
            **{field: getattr(item, field) for field in _ITEM_FIELDS},
            team_name=names.team,
            category_name_en=names.category_en,
            category_name_nl=names.category_nl,
            assignee_name=assignee_name,
            submitter_name=submitter_name,
            message_count=message_count,
        )

    @classmethod
    def of_row(cls, row: Sequence[Any], message_count: int) -> Card:
        """From a row of `_COLUMNS`, in the card's own field order (checked below).
        Tortoise has already made the enum columns enums."""
        return cls(*row, message_count)  # type: ignore[call-arg]


# The card's fields that are the item's own columns.
_ITEM_FIELDS = tuple(column for column in _COLUMNS if "__" not in column)

# Rows are read as tuples (a dict per row costs more than the query) and become cards
# by position: the columns must stand in the card's field order, joined names included.
_CARD_ORDER = tuple(column.replace("__display_", "_").replace("__", "_") for column in _COLUMNS)
if tuple(Card.__dataclass_fields__)[: len(_COLUMNS)] != _CARD_ORDER:  # pragma: no cover
    raise RuntimeError("cards._COLUMNS must follow the fields of Card, in order")


async def cards(
    query: QuerySet[Item], *, order: Sequence[str], offset: int, limit: int
) -> list[Card]:
    """One page of `query` as cards: two queries, whatever the page size."""
    rows = await query.order_by(*order).offset(offset).limit(limit).values_list(*_COLUMNS)
    counts = await message_counts([row[0] for row in rows])
    return [Card.of_row(row, counts[row[0]]) for row in rows]


async def card(item_id: int) -> Card:
    found = await cards(Item.filter(id=item_id), order=("id",), offset=0, limit=1)
    if not found:
        raise NotFound("No such item.")
    return found[0]


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
