from __future__ import annotations

import strawberry

from domain.anonymity import receipts
from domain.items.access import item_for_receipt
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.anonymous.types import AnonymousItem


@strawberry.mutation(
    description="The anonymous submitter answers, with the receipt code. The answer reaches "
    "the team at the next filing (it is in `repliesOnTheirWay` until then)."
)
async def reply_anonymously(info: AnonymousInfo, receipt: str, body: str) -> AnonymousItem:
    item = await item_for_receipt(
        receipt, client=info.context.client_address, throttles=info.context.services.throttles
    )
    return AnonymousItem.of(await receipts.reply(item, body=body))
