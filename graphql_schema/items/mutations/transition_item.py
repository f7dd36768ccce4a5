from __future__ import annotations

import strawberry

from domain.items import triage
from graphql_schema.context import Info
from graphql_schema.enums import Status, Visibility
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import MANAGER, principal_of


@strawberry.mutation(
    permission_classes=MANAGER,
    description="Move the item to another status. Resolving, declining and asking for "
    "information need a message; the explanation of a resolution reaches everyone involved.",
)
async def transition_item(
    info: Info,
    id: strawberry.ID,
    to: Status,
    message: str | None = None,
    visibility: Visibility | None = None,
    expected_version: int | None = None,
) -> ItemType:
    principal = await principal_of(info)
    item = await triage.transition(
        principal,
        item_id(id),
        to=to,
        message=message,
        visibility=visibility,
        expected_version=expected_version,
    )
    return await ItemType.shown_to(principal, item)
