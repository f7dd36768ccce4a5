from __future__ import annotations

import strawberry

from domain.errors import NotFound
from domain.notifications import admin
from graphql_schema.context import Info
from graphql_schema.items.ids import numeric_id
from graphql_schema.outbox.types import OutboxEmail
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Put one dead email back in the queue, with a fresh set of attempts.",
)
async def retry_outbox_email(info: Info, id: strawberry.ID) -> OutboxEmail:
    email_id = numeric_id(id)
    if email_id is None:
        raise NotFound("No such email.")
    return OutboxEmail.of(await admin.retry(await principal_of(info), email_id))
