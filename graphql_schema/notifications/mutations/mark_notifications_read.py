from __future__ import annotations

import strawberry

from domain.notifications import inbox
from graphql_schema.context import Info
from graphql_schema.items import ids
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Mark notifications read: one (`id`), those about one item (`itemId`), or "
    "all of mine (neither). Returns how many are still unread.",
)
async def mark_notifications_read(
    info: Info, id: strawberry.ID | None = None, item_id: strawberry.ID | None = None
) -> int:
    principal = await principal_of(info)
    if id is not None:
        await inbox.mark_read(principal.user_id, ids.parse_id(id, field="id"))
    else:
        item = ids.item_id(item_id, field="itemId") if item_id is not None else None
        await inbox.mark_all_read(principal.user_id, item_id=item)
    return await inbox.unread_count(principal.user_id)
