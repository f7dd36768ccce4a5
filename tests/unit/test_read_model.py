"""A card's fields are declared once (`domain/items/cards.py`); the statement that reads
cards, the model it reads from and the GraphQL types must follow that declaration.

A GraphQL field without a resolver on a type built from a card is copied from the card
by name (`graphql_schema/items/types.py::from_card`), so it must be a card field of the
same type; everything else is derived, by a resolver."""

from __future__ import annotations

import dataclasses
import re
import typing
from datetime import datetime
from types import NoneType
from typing import Any

import pytest
import strawberry
from strawberry.types import get_object_definition
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from domain.items import cards
from domain.items.cards import COLUMNS, FIELD_TYPES, ITEM_FIELDS, Card
from domain.items.models import Item
from graphql_schema.anonymous.types import AnonymousItem
from graphql_schema.engagement.types import SharedItem
from graphql_schema.items.types import CustomerStatus, ItemSummary, ItemType, card_fields

# What a view adds to the card: a receipt holder's (domain/anonymity/receipts.py), a
# colleague's of a shared item (domain/engagement/sharing.py).
NOT_FROM_THE_CARD: dict[type, set[str]] = {
    AnonymousItem: {"unseen_updates", "can_reply", "replies_on_their_way", "merged_into"},
    SharedItem: {"viewer_said_me_too"},
}


def _item_columns() -> set[str]:
    described = Item.describe()
    return (
        {described["pk_field"]["name"]}
        | {field["name"] for field in described["data_fields"]}
        | {f"{field['name']}_id" for field in described["fk_fields"]}
    )


def _plain_fields(graphql_type: type) -> dict[str, Any]:
    """The fields of a Strawberry type that have no resolver, with their types."""
    definition = get_object_definition(graphql_type, strict=True)
    return {
        field.python_name: field.type
        for field in definition.fields
        if field.base_resolver is None and not field.python_name.startswith("_")
    }


def _python_type(graphql: Any) -> Any:
    """The Python type a card holds for a GraphQL field's type."""
    if isinstance(graphql, StrawberryOptional):
        return _python_type(graphql.of_type) | None
    if isinstance(graphql, StrawberryList):
        return list[_python_type(graphql.of_type)]  # type: ignore[misc]
    if isinstance(graphql, StrawberryEnumDefinition):
        return graphql.wrapped_cls
    if graphql is strawberry.ID:
        return int  # a card's ids are numbers; GraphQL's ID writes them as strings
    return graphql


def _card_type(name: str) -> Any:
    if name in FIELD_TYPES:
        return FIELD_TYPES[name]
    return typing.get_type_hints(getattr(Card, name).fget)["return"]  # a property


def test_the_card_statement_reads_every_declared_field_by_its_name() -> None:
    selected = re.findall(r' AS "(\w+)"', cards.STATEMENT)
    assert selected == [field.name for field in dataclasses.fields(Card)]
    assert list(COLUMNS) == selected


def test_a_card_field_of_the_item_is_a_column_of_the_item_model() -> None:
    assert set(ITEM_FIELDS) <= _item_columns()
    assert "team_name" not in ITEM_FIELDS  # read through a join, declared with its Column


@pytest.mark.parametrize(
    "graphql_type", [ItemSummary, ItemType, AnonymousItem, SharedItem, CustomerStatus]
)
def test_a_field_without_a_resolver_is_a_card_field_of_the_same_type(
    graphql_type: type,
) -> None:
    plain = _plain_fields(graphql_type)
    from_the_view = NOT_FROM_THE_CARD.get(graphql_type, set())
    assert set(plain) - from_the_view == set(card_fields(graphql_type))
    for name in card_fields(graphql_type):
        assert _python_type(plain[name]) == _card_type(name), name


def test_the_check_sees_a_field_that_drifted_from_the_card() -> None:
    @strawberry.type
    class Drifted:
        title: str
        priority: int  # the card's priority is a Priority
        heading: str  # no card field of that name
        _card: strawberry.Private[Card]

        @strawberry.field
        def derived(self) -> datetime | None:
            return None

    assert set(_plain_fields(Drifted)) == {"title", "priority", "heading"}
    assert set(card_fields(Drifted)) == {"title", "priority"}  # not heading: the test fails
    assert _python_type(_plain_fields(Drifted)["priority"]) != _card_type("priority")
    assert _card_type("reference") is str and _card_type("closed_at") == datetime | None
    assert _python_type(_plain_fields(ItemType)["closed_at"]) == datetime | NoneType
