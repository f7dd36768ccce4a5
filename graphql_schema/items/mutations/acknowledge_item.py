from __future__ import annotations

import strawberry

from domain.items import triage
from graphql_schema.context import Info
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import MANAGER, principal_of


@strawberry.mutation(permission_classes=MANAGER, description="Tell everyone it has been seen.")
async def acknowledge_item(
    info: Info,
    id: strawberry.ID,
    expected_version: int | None = None,
) -> ItemType:
    principal = await principal_of(info)
    item = await triage.acknowledge(principal, item_id(id), expected_version=expected_version)
    return await ItemType.shown_to(principal, item)
