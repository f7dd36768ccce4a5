from __future__ import annotations

import strawberry

from domain.sso import mappings
from graphql_schema.context import Info
from graphql_schema.items.ids import parse_id
from graphql_schema.permissions import ADMIN, principal_of
from graphql_schema.sso.types import OidcGroupMapping


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Remove a group mapping; what it gave people changes at their next sign-in.",
)
async def remove_oidc_group_mapping(info: Info, id: strawberry.ID) -> OidcGroupMapping:
    principal = await principal_of(info)
    removed = await mappings.remove_group_mapping(principal, parse_id(id, field="id"))
    return OidcGroupMapping.of(removed)
