from __future__ import annotations

import strawberry

from domain.engagement import me_too, sharing
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.engagement.types import SharedItem
from graphql_schema.items.ids import parse_id


@strawberry.type
class SayMeTooAnonymouslyPayload:
    receipt_code: str = strawberry.field(
        description="Shown once: the way to follow the item. Not stored anywhere."
    )
    item: SharedItem = strawberry.field(
        description='The item; the "me too" is counted at the next filing (within the hour).'
    )


@strawberry.mutation(
    description="I have this too, anonymously. `token` is one of this device's tokens and "
    "is spent, as for an anonymous gripe. Errors: NOT_FOUND, ME_TOO_REFUSED (NOT_SHARED, "
    "MERGED), TOKEN_MALFORMED, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_SPENT; any of them "
    "writes nothing and spends nothing."
)
async def say_me_too_anonymously(
    info: AnonymousInfo, item_id: strawberry.ID, token: str
) -> SayMeTooAnonymouslyPayload:
    said = await me_too.say_me_too_anonymously(
        parse_id(item_id, field="itemId"), token=token, keys=info.context.services.token_keys
    )
    shown = await sharing.shared_card(said.item_id)
    return SayMeTooAnonymouslyPayload(
        receipt_code=said.receipt_code,
        item=SharedItem.of(shown, viewer_id=None, said_me_too=True),
    )
