from __future__ import annotations

import strawberry

from domain.engagement import merging
from graphql_schema.context import Info
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import MANAGER, principal_of


@strawberry.mutation(
    permission_classes=MANAGER,
    description="Merge a duplicate (`id`) into the item that stays (`intoId`): its "
    "followers move there and are told once. Returns the item that stays. "
    "MERGE_REFUSED: into itself, into a merged item, an item merged already, across kinds.",
)
async def merge_item(
    info: Info, id: strawberry.ID, into_id: strawberry.ID, expected_version: int | None = None
) -> ItemType:
    principal = await principal_of(info)
    survivor = await merging.merge(
        principal,
        item_id(id),
        into_id=item_id(into_id, field="intoId"),
        expected_version=expected_version,
    )
    return await ItemType.shown_to(principal, survivor)
