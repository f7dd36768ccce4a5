"""What "me too" keeps.

A named "me too" holds the person (so that it counts once and they hear when the item
moves). An anonymous one holds no person, no time and no token: only a keyed hash of its
own receipt code, and whether the filing has counted it yet (`filing.py` counts it
among everything else waiting, so its moment orders it against the filing only).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.items.models import Item
from domain.org.models import User


class MeToo(Model):
    # Random, so that not even an id orders an anonymous "me too" against anything.
    id = fields.UUIDField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="me_toos", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="me_toos", null=True, on_delete=fields.CASCADE
    )
    receipt_hash = fields.CharField(max_length=64, null=True, unique=True)
    # False while an anonymous "me too" waits for the next filing to be counted.
    filed = fields.BooleanField(default=True)

    item_id: int
    user_id: int | None

    class Meta:
        table = "me_toos"
        unique_together = (("item", "user"),)
