from __future__ import annotations

import strawberry

from domain.sso import mappings
from graphql_schema.context import Info
from graphql_schema.permissions import ADMIN, principal_of
from graphql_schema.sso.types import OidcGroupMapping, SignInOptions


@strawberry.type
class SsoQueries:
    @strawberry.field(description="How people can sign in here (no login needed).")
    def sign_in_options(self, info: Info) -> SignInOptions:
        settings = info.context.services.settings
        return SignInOptions(
            password_login=settings.password_login,
            single_sign_on=settings.oidc_name.strip() if settings.sso_enabled else None,
        )

    @strawberry.field(
        permission_classes=ADMIN,
        description="The mappings of the identity provider's groups to roles and teams.",
    )
    async def oidc_group_mappings(self, info: Info) -> list[OidcGroupMapping]:
        found = await mappings.group_mappings(await principal_of(info))
        return [OidcGroupMapping.of(m) for m in found]
