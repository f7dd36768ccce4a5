from __future__ import annotations

import strawberry

from domain.items import access, customers
from graphql_schema.items.types import CustomerStatus


@strawberry.mutation(
    description="The customer takes back stopping emails: the steps that matter to them "
    "are emailed again."
)
async def resume_customer_emails(token: str) -> CustomerStatus:
    view = await access.customer_view(token)
    await customers.resume_emails(view.contact)
    return CustomerStatus.of(view.card, view.contact)
