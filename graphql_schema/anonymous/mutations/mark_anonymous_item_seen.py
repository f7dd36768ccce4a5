from __future__ import annotations

import strawberry

from domain.anonymity import receipts
from domain.items.access import item_for_receipt
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.anonymous.types import AnonymousItem


@strawberry.mutation(description="The receipt holder has read the latest updates (no time kept).")
async def mark_anonymous_item_seen(info: AnonymousInfo, receipt: str) -> AnonymousItem:
    item = await item_for_receipt(
        receipt, client=info.context.client_address, throttles=info.context.services.throttles
    )
    return AnonymousItem.of(await receipts.mark_seen(item))
