from __future__ import annotations

import strawberry

from domain.items import triage
from graphql_schema.context import Info
from graphql_schema.items.ids import item_id, parse_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import MANAGER, principal_of


@strawberry.mutation(
    permission_classes=MANAGER, description="Give the item to a manager; null unassigns it."
)
async def assign_item(
    info: Info,
    id: strawberry.ID,
    assignee_id: strawberry.ID | None,
    expected_version: int | None = None,
) -> ItemType:
    principal = await principal_of(info)
    item = await triage.assign(
        principal,
        item_id(id),
        assignee_id=None if assignee_id is None else parse_id(assignee_id, field="assigneeId"),
        expected_version=expected_version,
    )
    return await ItemType.shown_to(principal, item)
