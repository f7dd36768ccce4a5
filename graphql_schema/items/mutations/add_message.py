from __future__ import annotations

import strawberry

from domain.items import conversation
from graphql_schema.context import Info
from graphql_schema.enums import Visibility
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Write on an item: managers choose who reads it (INTERNAL is a note for "
    "managers only); the submitter always writes to the team (SUBMITTER).",
)
async def add_message(
    info: Info,
    id: strawberry.ID,
    body: str,
    visibility: Visibility = Visibility.SUBMITTER,
) -> ItemType:
    principal = await principal_of(info)
    item = await conversation.post_message(principal, item_id(id), body=body, visibility=visibility)
    return await ItemType.shown_to(principal, item)
