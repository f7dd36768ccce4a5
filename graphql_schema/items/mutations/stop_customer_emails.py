from __future__ import annotations

import strawberry

from domain.items import access, customers
from graphql_schema.items.types import CustomerStatus


@strawberry.mutation(description="The customer stops all further emails about this item.")
async def stop_customer_emails(token: str) -> CustomerStatus:
    view = await access.customer_view(token)
    await customers.stop_emails(view.contact)
    return CustomerStatus.of(view.card, view.contact)
