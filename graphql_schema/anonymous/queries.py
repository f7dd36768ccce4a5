from __future__ import annotations

import strawberry

from domain.anonymity import receipts
from domain.engagement import me_too, sharing
from domain.items.access import item_for_receipt
from domain.org import service as org
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.anonymous.types import AnonymousItem
from graphql_schema.engagement.types import SharedItem
from graphql_schema.org.types import CategoryType


@strawberry.type
class AnonymousQueries:
    @strawberry.field(description="What a gripe can be about (public: the form needs it).")
    async def categories(self) -> list[CategoryType]:
        return [CategoryType.of(c, c.team) for c in await org.active_categories()]

    @strawberry.field(description="An anonymous item, for the holder of its receipt code.")
    async def anonymous_item(self, info: AnonymousInfo, receipt: str) -> AnonymousItem:
        item = await item_for_receipt(
            receipt, client=info.context.client_address, throttles=info.context.services.throttles
        )
        return AnonymousItem.of(await receipts.view(item))

    @strawberry.field(
        description='The item an anonymous "me too" follows, for the holder of its '
        "receipt code (a merged item shows the item it went into)."
    )
    async def anonymous_me_too(self, info: AnonymousInfo, receipt: str) -> SharedItem:
        said = await me_too.me_too_for_receipt(
            receipt, client=info.context.client_address, throttles=info.context.services.throttles
        )
        return SharedItem.of(
            await sharing.shared_card(said.item_id), viewer_id=None, said_me_too=True
        )
