"""Items as pages and lists show them: plain data, read in one statement together with
their team, category, people and message count.

Pages of cards are the hottest reads of the app (the board at 8 clients), and building
them through the ORM cost more than the query itself: writing the 27-column, four-join
SELECT (0.6 ms) and turning each of its 1,350 values into Python one converter call at a
time (1.4 ms). So Tortoise writes only what decides *which* items (filters, order, page:
`SELECT id ... LIMIT 50`, the one place those rules live), and the statement below wraps
it to read those items' cards, converting the row's few special columns itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.timezone import get_default_timezone

from domain.db import compiled
from domain.errors import NotFound
from domain.items.enums import ItemKind, Priority, Status
from domain.items.models import Item
from domain.items.numbering import item_reference
from domain.org.models import Category

# What a card reads, field by field in the order of Card's fields (checked below);
# `i` is the item.
_COLUMNS = {
    **{
        field: f"i.{field}"
        for field in (
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
        )
    },
    "team_name": "team.name",
    "category_id": "i.category_id",
    "category_name_en": "category.name_en",
    "category_name_nl": "category.name_nl",
    "assignee_id": "i.assignee_id",
    "assignee_name": "assignee.display_name",
    "submitter_id": "i.submitter_id",
    "submitter_name": "submitter.display_name",
    # 'MESSAGE' (EventType.MESSAGE, as stored) is a literal, not a parameter: on SQLite
    # parameters are numbered in the order they appear, and this comes before those of
    # the chosen items' statement.
    "message_count": "(SELECT COUNT(*) FROM timeline_events AS e"
    " WHERE e.item_id = i.id AND e.type = 'MESSAGE')",
    "filed": "i.filed",
    "shared": "i.shared",
    "shared_by_name": "i.shared_by_name",
    "me_too_count": "i.me_too_count",
    "merged_into_id": "i.merged_into_id",
}

# The chosen items (Tortoise's statement, `SELECT "id" "id" FROM "items" ... LIMIT n`)
# with what their cards show. The page is chosen first and then joined, so that the
# message counts are computed for the page's items only, whatever the sort.
_CARDS = (
    "SELECT " + ", ".join(_COLUMNS.values()) + " FROM ({chosen}) AS chosen"  # noqa: S608 - constants
    " JOIN items AS i ON i.id = chosen.id"
    " JOIN teams AS team ON team.id = i.team_id"
    " JOIN categories AS category ON category.id = i.category_id"
    " LEFT JOIN users AS assignee ON assignee.id = i.assignee_id"
    " LEFT JOIN users AS submitter ON submitter.id = i.submitter_id"
    " ORDER BY {order}"
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
    filed: bool  # False while an anonymous gripe waits for the next filing
    shared: bool  # colleagues may see it and say "me too"
    shared_by_name: bool  # ... and who sent it
    me_too_count: int
    merged_into_id: int | None  # merged as a duplicate into that item

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
    def of_row(cls, row: Sequence[Any], moment: Callable[[Any], Any]) -> Card:
        """From a row of `_COLUMNS`; `moment` turns a timestamp column into an aware
        datetime (SQLite keeps them as text, PostgreSQL's driver returns datetimes)."""
        return cls(
            id=row[0],
            kind=ItemKind(row[1]),
            title=row[2],
            body=row[3],
            status=Status(row[4]),
            priority=Priority(row[5]),
            is_anonymous=bool(row[6]),  # an integer on SQLite
            created_at=moment(row[7]),
            updated_at=moment(row[8]),
            acknowledged_at=moment(row[9]),
            resolved_at=moment(row[10]),
            closed_at=moment(row[11]),
            acknowledge_due_at=moment(row[12]),
            resolve_due_at=moment(row[13]),
            version=row[14],
            missed_due_at=moment(row[15]),
            missed_reported_at=moment(row[16]),
            missed_escalated_at=moment(row[17]),
            team_id=row[18],
            team_name=row[19],
            category_id=row[20],
            category_name_en=row[21],
            category_name_nl=row[22],
            assignee_id=row[23],
            assignee_name=row[24],
            submitter_id=row[25],
            submitter_name=row[26],
            message_count=row[27],
            filed=bool(row[28]),  # an integer on SQLite
            shared=bool(row[29]),
            shared_by_name=bool(row[30]),
            me_too_count=row[31],
            merged_into_id=row[32],
        )


# The card's fields that are the item's own columns.
_ITEM_FIELDS = tuple(field for field, column in _COLUMNS.items() if column == f"i.{field}")

# Rows become cards by position: the columns must stand in the card's field order.
if tuple(_COLUMNS) != tuple(Card.__dataclass_fields__):  # pragma: no cover
    raise RuntimeError("cards._COLUMNS must follow the fields of Card, in order")

_UTC = get_default_timezone()  # what Tortoise gives every datetime it reads


def _moment_from_text(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(_UTC)


def _moment(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(_UTC)


# For the order of the page's rows in the outer statement: Tortoise's order_by terms.
def _order_term(field: str) -> str:
    name = field.removeprefix("-")
    if name not in _ITEM_FIELDS:
        raise ValueError(f"cards cannot be sorted by {field!r}")
    return f"i.{name} DESC" if field.startswith("-") else f"i.{name}"


async def cards(
    query: QuerySet[Item], *, order: Sequence[str], offset: int, limit: int
) -> list[Card]:
    """One page of `query` as cards, in one statement whatever the page size."""
    if limit <= 0:
        return []  # Tortoise's values() leaves out a LIMIT of 0: it would read every item
    chosen = compiled(query.order_by(*order).offset(offset).limit(limit).values("id"))
    statement = _CARDS.format(
        chosen=chosen.sql,
        order=", ".join(_order_term(field) for field in order),
    )
    # Rows are the driver's own (sqlite3.Row, asyncpg.Record), read by position.
    rows: Sequence[Sequence[Any]]
    _, rows = await chosen.db.execute_query(statement, chosen.parameters)  # type: ignore[assignment]
    moment = _moment_from_text if chosen.db.capabilities.dialect == "sqlite" else _moment
    return [Card.of_row(row, moment) for row in rows]


async def card(item_id: int) -> Card:
    found = await cards(Item.filter(id=item_id), order=("id",), offset=0, limit=1)
    if not found:
        raise NotFound("No such item.")
    return found[0]
