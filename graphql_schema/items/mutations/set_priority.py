from __future__ import annotations

import strawberry

from domain.items import triage
from graphql_schema.context import Info
from graphql_schema.enums import Priority
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import MANAGER, principal_of


@strawberry.mutation(
    permission_classes=MANAGER, description="Change the priority; the targets follow it."
)
async def set_priority(
    info: Info,
    id: strawberry.ID,
    priority: Priority,
    expected_version: int | None = None,
) -> ItemType:
    principal = await principal_of(info)
    item = await triage.set_priority(
        principal,
        item_id(id),
        priority=priority,
        calendar=info.context.services.calendar,
        expected_version=expected_version,
    )
    return await ItemType.shown_to(principal, item)
