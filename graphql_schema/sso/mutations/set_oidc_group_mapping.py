from __future__ import annotations

import strawberry

from domain.sso import mappings
from graphql_schema.context import Info
from graphql_schema.enums import Role
from graphql_schema.items.ids import parse_ids
from graphql_schema.permissions import ADMIN, principal_of
from graphql_schema.sso.types import OidcGroupMapping


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Map one of the identity provider's groups to a role, teams or both "
    "(replacing what it gave before); applied to its members at their next sign-in.",
)
async def set_oidc_group_mapping(
    info: Info, group: str, role: Role | None, team_ids: list[strawberry.ID]
) -> OidcGroupMapping:
    mapping = await mappings.set_group_mapping(
        await principal_of(info),
        group=group,
        role=role,
        team_ids=parse_ids(team_ids, field="teamIds"),
    )
    return OidcGroupMapping.of(mapping)
