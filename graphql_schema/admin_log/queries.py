from __future__ import annotations

from datetime import datetime

import strawberry

from domain.org import admin_log
from graphql_schema.admin_log.types import AdminLogEntryType
from graphql_schema.context import Info
from graphql_schema.items.ids import parse_id
from graphql_schema.pagination import Connection, connection, decode_cursor, page_size
from graphql_schema.permissions import ADMIN


@strawberry.type
class AdminLogQueries:
    @strawberry.field(
        permission_classes=ADMIN,
        description="Every admin action, newest first (admins only). `since` inclusive, "
        "`until` exclusive.",
    )
    async def admin_log(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        action: str | None = None,
        actor_id: strawberry.ID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Connection[AdminLogEntryType]:
        offset, limit = decode_cursor(after), page_size(first)
        where = admin_log.LogFilter(
            action=action,
            actor_id=parse_id(actor_id, field="actorId") if actor_id is not None else None,
            since=since,
            until=until,
        )
        rows, total = await admin_log.entries(where, offset=offset, limit=limit)
        return connection([AdminLogEntryType.of(r) for r in rows], offset=offset, total=total)
