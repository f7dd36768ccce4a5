from __future__ import annotations

import strawberry

from domain.notifications import admin
from graphql_schema.context import Info
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Put every dead email back in the queue; how many that was.",
)
async def retry_dead_outbox_emails(info: Info) -> int:
    return await admin.retry_all_dead(await principal_of(info))
