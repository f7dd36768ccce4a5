from __future__ import annotations

import strawberry

from domain.anonymity import gripes
from domain.anonymity.receipts import HolderView
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.anonymous.types import AnonymousItem
from graphql_schema.items.ids import numeric_id


@strawberry.input
class AnonymousGripeInput:
    category_id: strawberry.ID
    title: str
    body: str
    shared: bool = strawberry.field(
        default=False, description='Colleagues may see it and say "me too" (never who sent it).'
    )


@strawberry.type
class SubmitAnonymousGripePayload:
    receipt_code: str = strawberry.field(
        description="Shown once: the only way back to the gripe. Not stored anywhere."
    )
    item: AnonymousItem = strawberry.field(description="As its receipt holder will see it.")


@strawberry.mutation(
    description="Something bugs me, anonymously. `token` is one of this device's tokens "
    "(`issueAnonymousTokens` on /graphql): it proves an employee sent it, not which one, "
    "and is spent. Errors: VALIDATION, TOKEN_MALFORMED, TOKEN_INVALID, TOKEN_EXPIRED, "
    "TOKEN_SPENT; any of them writes nothing and spends nothing."
)
async def submit_anonymous_gripe(
    info: AnonymousInfo, input: AnonymousGripeInput, token: str
) -> SubmitAnonymousGripePayload:
    services = info.context.services
    submitted = await gripes.submit_anonymous_gripe(
        gripes.AnonymousGripeDraft(
            category_id=numeric_id(input.category_id) or 0,
            title=input.title,
            body=input.body,
            shared=input.shared,
        ),
        token=token,
        keys=services.token_keys,
        calendar=services.calendar,
    )
    return SubmitAnonymousGripePayload(
        receipt_code=submitted.receipt_code,
        item=AnonymousItem.of(
            HolderView(card=submitted.card, unseen_updates=0, waiting_replies=[])
        ),
    )
