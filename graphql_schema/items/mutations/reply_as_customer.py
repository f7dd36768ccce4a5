from __future__ import annotations

import strawberry

from domain.items import access, conversation
from graphql_schema.items.types import CustomerStatus


@strawberry.mutation(
    description="The customer writes to the team from their status page (token from the "
    "email); an answer to the team's question sends the item back to work."
)
async def reply_as_customer(token: str, body: str) -> CustomerStatus:
    view = await access.customer_view(token)
    await conversation.reply_as_customer(view.contact, body=body)
    view = await access.customer_view(token)
    return CustomerStatus.of(view.card, view.contact)
