from __future__ import annotations

import strawberry

from domain.items import access, customers
from graphql_schema.items.types import CustomerStatus


@strawberry.mutation(
    description="The customer answers whether the resolution solved their problem; "
    "'not solved' reopens it, with the reason when they give one."
)
async def customer_feedback(token: str, solved: bool, reason: str | None = None) -> CustomerStatus:
    view = await access.customer_view(token)
    await customers.give_feedback(view.contact, solved=solved, reason=reason)
    view = await access.customer_view(token)
    return CustomerStatus.of(view.card, view.contact)
