from __future__ import annotations

import strawberry

from domain.notifications import admin
from graphql_schema.context import Info
from graphql_schema.items.ids import parse_id
from graphql_schema.outbox.types import OutboxEmail
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Put one dead email back in the queue, with a fresh set of attempts.",
)
async def retry_outbox_email(info: Info, id: strawberry.ID) -> OutboxEmail:
    email_id = parse_id(id, field="id")
    return OutboxEmail.of(await admin.retry(await principal_of(info), email_id))
