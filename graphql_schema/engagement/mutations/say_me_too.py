from __future__ import annotations

import strawberry

from domain.engagement import me_too, sharing
from graphql_schema.context import Info
from graphql_schema.engagement.queries import shown_to
from graphql_schema.engagement.types import SharedItem
from graphql_schema.items.ids import item_id
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="I have this too, by name: counted once, and told when it moves. "
    "(Anonymously: `sayMeTooAnonymously` on /graphql/anonymous.) ME_TOO_REFUSED for "
    "one's own item, one not shared or a merged one.",
)
async def say_me_too(info: Info, id: strawberry.ID) -> SharedItem:
    principal = await principal_of(info)
    await me_too.say_me_too(principal, item_id(id))
    return (await shown_to(principal.user_id, [await sharing.shared_card(item_id(id))]))[0]
