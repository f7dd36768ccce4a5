from __future__ import annotations

import strawberry

from domain.items.submission import GripeDraft, submit_gripe
from graphql_schema.context import Info
from graphql_schema.items.ids import numeric_id
from graphql_schema.items.inputs import SubmitGrievanceInput
from graphql_schema.items.types import AnonymousItem, ItemType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.type
class SubmitGrievancePayload:
    item: ItemType | None = strawberry.field(description="The named gripe; null if anonymous.")
    anonymous_item: AnonymousItem | None = strawberry.field(
        description="The anonymous gripe, as its receipt holder will see it."
    )
    receipt_code: str | None = strawberry.field(
        description="Shown once: the only way back to an anonymous gripe. Not stored anywhere."
    )


@strawberry.mutation(permission_classes=LOGGED_IN, description="Something bugs me.")
async def submit_grievance(info: Info, input: SubmitGrievanceInput) -> SubmitGrievancePayload:
    principal = await principal_of(info)
    submitted = await submit_gripe(
        principal,
        GripeDraft(
            # Not an id: no category (0), named by the domain among the other fields.
            category_id=numeric_id(input.category_id) or 0,
            title=input.title,
            body=input.body,
            anonymous=input.anonymous,
        ),
        info.context.services.calendar,
    )
    if submitted.receipt_code is not None:
        return SubmitGrievancePayload(
            item=None,
            anonymous_item=AnonymousItem.of_card(submitted.card, unseen_updates=0),
            receipt_code=submitted.receipt_code,
        )
    return SubmitGrievancePayload(
        item=ItemType.card_shown_to(principal, submitted.card),
        anonymous_item=None,
        receipt_code=None,
    )
