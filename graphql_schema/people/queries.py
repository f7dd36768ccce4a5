from __future__ import annotations

import strawberry

from domain.org import people
from graphql_schema.context import Info
from graphql_schema.pagination import Connection, connection, decode_cursor, page_size
from graphql_schema.people.types import PeopleImport, PersonAdmin
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.type
class PeopleQueries:
    @strawberry.field(
        permission_classes=ADMIN,
        description="Everyone, by name; `search` matches name or email (admins only).",
    )
    async def people(
        self, search: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[PersonAdmin]:
        offset, limit = decode_cursor(after), page_size(first)
        records, total = await people.search(search, offset=offset, limit=limit)
        return connection([PersonAdmin.of(r) for r in records], offset=offset, total=total)

    @strawberry.field(
        permission_classes=ADMIN,
        description="What importing this CSV would do, row by row; changes nothing. "
        "Columns: email, name, and optionally language (nl/en), role, teams (names "
        "separated by ';').",
    )
    async def preview_people_import(self, csv: str) -> PeopleImport:
        return PeopleImport.of(await people.plan_import(csv))

    @strawberry.field(
        permission_classes=ADMIN,
        description="Everyone as CSV (the import's columns and status); cells that a "
        "spreadsheet would run as a formula start with an apostrophe.",
    )
    async def people_export(self, info: Info) -> str:
        return await people.export_csv(await principal_of(info))
