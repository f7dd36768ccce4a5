from __future__ import annotations

import strawberry

from domain.items.submission import CustomerProblemDraft, relay_customer_problem
from graphql_schema.context import Info
from graphql_schema.items.ids import numeric_id
from graphql_schema.items.inputs import RelayCustomerIssueInput
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN, description="Pass on a customer's problem, with their consent."
)
async def relay_customer_issue(info: Info, input: RelayCustomerIssueInput) -> ItemType:
    principal = await principal_of(info)
    submitted = await relay_customer_problem(
        principal,
        CustomerProblemDraft(
            # Not an id: no category (0), named by the domain among the other fields.
            category_id=numeric_id(input.category_id) or 0,
            title=input.title,
            body=input.body,
            customer_name=input.customer_name,
            customer_email=input.customer_email,
            customer_locale=input.customer_locale,
            consent=input.consent,
        ),
        info.context.services.calendar,
    )
    return ItemType.card_shown_to(principal, submitted.card)
