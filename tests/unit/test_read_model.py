"""A card's fields are declared once (`domain/items/cards.py`); the statement that reads
cards, the model it reads from and the GraphQL types must follow that declaration."""

from __future__ import annotations

import dataclasses
import re

from domain.items import cards
from domain.items.cards import COLUMNS, ITEM_FIELDS, Card
from domain.items.models import Item


def _item_columns() -> set[str]:
    described = Item.describe()
    return (
        {described["pk_field"]["name"]}
        | {field["name"] for field in described["data_fields"]}
        | {f"{field['name']}_id" for field in described["fk_fields"]}
    )


def test_the_card_statement_reads_every_declared_field_by_its_name() -> None:
    selected = re.findall(r' AS "(\w+)"', cards._CARDS)
    assert selected == [field.name for field in dataclasses.fields(Card)]
    assert list(COLUMNS) == selected


def test_a_card_field_of_the_item_is_a_column_of_the_item_model() -> None:
    assert set(ITEM_FIELDS) <= _item_columns()
    assert "team_name" not in ITEM_FIELDS  # read through a join, declared with its Column
