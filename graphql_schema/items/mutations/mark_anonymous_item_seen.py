from __future__ import annotations

import strawberry

from domain.items import access, conversation
from graphql_schema.context import Info
from graphql_schema.items.types import AnonymousItem


@strawberry.mutation(description="The receipt holder has read the latest updates.")
async def mark_anonymous_item_seen(info: Info, receipt: str) -> AnonymousItem:
    item = await access.item_for_receipt(
        receipt, client=info.context.client_address, throttles=info.context.services.throttles
    )
    await conversation.mark_seen_by_submitter(item)
    return await AnonymousItem.of_item(item, unseen_updates=0)
