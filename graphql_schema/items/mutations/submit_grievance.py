from __future__ import annotations

import strawberry

from domain.items.submission import GripeDraft, submit_gripe
from graphql_schema.context import Info
from graphql_schema.items.ids import numeric_id
from graphql_schema.items.inputs import SubmitGrievanceInput
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.type
class SubmitGrievancePayload:
    item: ItemType


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Something bugs me, by name. (Anonymous gripes go to POST /graphql/anonymous, "
    "`submitAnonymousGripe`, which never sees a session.)",
)
async def submit_grievance(info: Info, input: SubmitGrievanceInput) -> SubmitGrievancePayload:
    principal = await principal_of(info)
    submitted = await submit_gripe(
        principal,
        GripeDraft(
            # Not an id: no category (0), named by the domain among the other fields.
            category_id=numeric_id(input.category_id) or 0,
            title=input.title,
            body=input.body,
            shared=input.shared,
            shared_by_name=input.shared_by_name,
        ),
        info.context.services.calendar,
    )
    return SubmitGrievancePayload(item=ItemType.card_shown_to(principal, submitted.card))
