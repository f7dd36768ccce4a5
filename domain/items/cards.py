"""Items as pages and lists show them: plain data, read in one statement together with
their team, category, people and message count.

A card's fields are declared once, on `Card` below: each field's type says how its value
is read (an enum, a flag, a moment); a field is the item's own column of the same name,
unless its type is `Annotated` with the `Column` it is read from. The statement that reads
cards, the way its rows become cards (by column name) and the GraphQL types
(`graphql_schema/items/types.py`, which copy the fields they share with `Card` by name)
all follow from that declaration. docs/architecture.md, "How to add a field", has the
steps.

Pages of cards are the hottest reads of the app (the board at 8 clients), and building
them through the ORM cost more than the query itself: writing the 30-odd-column, four-join
SELECT (0.6 ms) and turning each of its 1,500 values into Python one converter call at a
time (1.4 ms; measured with 29 columns). So Tortoise writes only what decides *which*
items (filters, order, page: `SELECT id ... LIMIT 50`, the one place those rules live,
rendered by its public
`QuerySet.sql()`), and the statement below, written out once from the declaration, wraps
it to read those items' cards.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from tortoise.queryset import QuerySet
from tortoise.timezone import get_default_timezone

from domain.db import connection, statement_of
from domain.errors import NotFound
from domain.items.enums import ItemKind, Priority, Status
from domain.items.models import Item
from domain.items.numbering import item_reference
from domain.org.models import Category


@dataclass(frozen=True, slots=True)
class Column:
    """Where a card field that is not the item's own column comes from: its expression in
    the card statement, over `i` (the item), `team`, `category`, `assignee` and
    `submitter` (users). A field without one is the item's column of the same name."""

    sql: str


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
    """An item as pages show it. Each field is one column of the card statement."""

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
    team_name: Annotated[str, Column("team.name")]
    category_id: int
    category_name_en: Annotated[str, Column("category.name_en")]
    category_name_nl: Annotated[str, Column("category.name_nl")]
    assignee_id: int | None
    assignee_name: Annotated[str | None, Column("assignee.display_name")]
    submitter_id: int | None  # always None for an anonymous item
    submitter_name: Annotated[str | None, Column("submitter.display_name")]
    # 'MESSAGE' (EventType.MESSAGE, as stored) is a literal, not a parameter: on SQLite
    # parameters are numbered in the order they appear, and this comes before those of
    # the chosen items' statement.
    message_count: Annotated[
        int,
        Column(
            "(SELECT COUNT(*) FROM timeline_events AS e"
            " WHERE e.item_id = i.id AND e.type = 'MESSAGE')"
        ),
    ]
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
            **{name: getattr(item, name) for name in ITEM_FIELDS},
            team_name=names.team,
            category_name_en=names.category_en,
            category_name_nl=names.category_nl,
            assignee_name=assignee_name,
            submitter_name=submitter_name,
            message_count=message_count,
        )


def _column(annotation: Any) -> Column | None:
    extras = getattr(annotation, "__metadata__", ())  # what `Annotated` adds to a type
    return next((extra for extra in extras if isinstance(extra, Column)), None)


_DECLARED = typing.get_type_hints(Card, include_extras=True)
# The card's fields, each with its SQL expression, in the order of the declaration.
COLUMNS: Mapping[str, str] = {
    name: column.sql if (column := _column(annotation)) else f"i.{name}"
    for name, annotation in _DECLARED.items()
}
# The card's fields that are the item's own columns.
ITEM_FIELDS = tuple(name for name, annotation in _DECLARED.items() if _column(annotation) is None)
# Each field's Python type (`X | None` where it may be null).
FIELD_TYPES: Mapping[str, Any] = typing.get_type_hints(Card)

# The chosen items (Tortoise's statement, `SELECT "id" "id" FROM "items" ... LIMIT n`)
# with what their cards show, each column named after its field. The page is chosen
# first and then joined, so that the message counts are computed for the page's items
# only, whatever the sort.
STATEMENT = (
    "SELECT "  # noqa: S608 - the declaration's constants only
    + ", ".join(f'{sql} AS "{name}"' for name, sql in COLUMNS.items())
    + " FROM ({chosen}) AS chosen"
    " JOIN items AS i ON i.id = chosen.id"
    " JOIN teams AS team ON team.id = i.team_id"
    " JOIN categories AS category ON category.id = i.category_id"
    " LEFT JOIN users AS assignee ON assignee.id = i.assignee_id"
    " LEFT JOIN users AS submitter ON submitter.id = i.submitter_id"
    " ORDER BY {order}"
)

_UTC = get_default_timezone()  # what Tortoise gives every datetime it reads

Read = Callable[[Any], Any]


def _moment_from_text(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(_UTC)  # SQLite keeps them as text


def _moment(value: datetime) -> datetime:
    return value.astimezone(_UTC)  # PostgreSQL's driver gives datetimes


def _not_null(annotation: Any) -> Any:
    """`X` of `X | None`."""
    if isinstance(annotation, types.UnionType):
        (kind,) = (arg for arg in typing.get_args(annotation) if arg is not types.NoneType)
        return kind
    return annotation


def _reader(annotation: Any, dialect: str) -> Read | None:
    """How a column's value becomes the field's (None: as the driver gives it); called
    for values that are not null."""
    kind = _not_null(annotation)
    if kind is datetime:
        return _moment_from_text if dialect == "sqlite" else _moment
    if kind is bool:
        return bool  # an integer on SQLite
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind in (int, str):
        return None
    raise TypeError(f"a card cannot read a {annotation!r}")  # pragma: no cover


def _row_reader(dialect: str) -> Callable[[Mapping[str, Any]], Card]:
    readers = [(name, _reader(FIELD_TYPES[name], dialect)) for name in COLUMNS]
    plain = [name for name, read in readers if read is None]
    converted = [(name, read) for name, read in readers if read is not None]

    def card_of(row: Mapping[str, Any]) -> Card:
        values = {name: row[name] for name in plain}
        for name, read in converted:
            value = row[name]
            values[name] = None if value is None else read(value)
        return Card(**values)

    return card_of


_ROW_READERS = {dialect: _row_reader(dialect) for dialect in ("sqlite", "postgres")}


# For the order of the page's rows in the outer statement: Tortoise's order_by terms.
def _order_term(field: str) -> str:
    name = field.removeprefix("-")
    if name not in ITEM_FIELDS:
        raise ValueError(f"cards cannot be sorted by {field!r}")
    return f"i.{name} DESC" if field.startswith("-") else f"i.{name}"


async def cards(
    query: QuerySet[Item], *, order: Sequence[str], offset: int, limit: int
) -> list[Card]:
    """One page of `query` as cards, in one statement whatever the page size."""
    if limit <= 0:
        return []  # Tortoise's values() leaves out a LIMIT of 0: it would read every item
    chosen = statement_of(query.order_by(*order).offset(offset).limit(limit).values("id"))
    statement = STATEMENT.format(
        chosen=chosen.sql,
        order=", ".join(_order_term(field) for field in order),
    )
    db = connection()
    # Rows are the driver's own (sqlite3.Row, asyncpg.Record), read by column name.
    _, rows = await db.execute_query(statement, chosen.parameters)
    card_of = _ROW_READERS[db.capabilities.dialect]
    return [card_of(row) for row in rows]


async def card(item_id: int) -> Card:
    found = await cards(Item.filter(id=item_id), order=("id",), offset=0, limit=1)
    if not found:
        raise NotFound("No such item.")
    return found[0]
