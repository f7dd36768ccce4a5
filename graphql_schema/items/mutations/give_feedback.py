from __future__ import annotations

import strawberry

from domain.items import feedback
from graphql_schema.context import Info
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="The named submitter of a resolved gripe says whether it solved it: "
    "'solved' closes it, 'not solved' (with the reason) reopens it.",
)
async def give_feedback(
    info: Info, id: strawberry.ID, solved: bool, reason: str | None = None
) -> ItemType:
    principal = await principal_of(info)
    item = await feedback.from_submitter(principal, item_id(id), solved=solved, reason=reason)
    return await ItemType.shown_to(principal, item)
