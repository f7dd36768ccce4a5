from __future__ import annotations

import strawberry

from domain.notifications import admin
from graphql_schema.context import Info
from graphql_schema.outbox.types import OutboxCounts, OutboxEmail
from graphql_schema.pagination import Connection, connection, decode_cursor, page_size
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.type(description="The email outbox: what is waiting, sent, or given up.")
class Outbox:
    @strawberry.field(description="Emails by delivery state.")
    async def counts(self, info: Info) -> OutboxCounts:
        return OutboxCounts.of(await admin.counts(await principal_of(info)))

    @strawberry.field(description="Emails given up on, newest first, with their errors.")
    async def dead(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[OutboxEmail]:
        offset, limit = decode_cursor(after), page_size(first)
        page = await admin.dead_emails(await principal_of(info), offset=offset, limit=limit)
        return connection([OutboxEmail.of(e) for e in page.emails], offset=offset, total=page.total)


@strawberry.type
class OutboxQueries:
    @strawberry.field(permission_classes=ADMIN, description="The email outbox (admins only).")
    def outbox(self) -> Outbox:
        return Outbox()
