from __future__ import annotations

import strawberry

from domain.items import access, conversation
from graphql_schema.context import Info
from graphql_schema.items.types import AnonymousItem


@strawberry.mutation(description="The anonymous submitter answers, with the receipt code.")
async def reply_anonymously(info: Info, receipt: str, body: str) -> AnonymousItem:
    found = await access.item_for_receipt(
        receipt, client=info.context.client_address, throttles=info.context.services.throttles
    )
    item = await conversation.reply_anonymously(found.id, body=body)
    return await AnonymousItem.of_item(
        item, unseen_updates=await conversation.unseen_by_submitter(item)
    )
