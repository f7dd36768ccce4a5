from __future__ import annotations

import strawberry

from domain.sso.mappings import GroupMapping
from graphql_schema.context import Info
from graphql_schema.enums import Role
from graphql_schema.org.types import TeamType


@strawberry.type(description="How people can sign in here; asked by the login page.")
class SignInOptions:
    password_login: bool = strawberry.field(
        description="False: passwords are switched off, single sign-on only."
    )
    single_sign_on: str | None = strawberry.field(
        description='The identity provider\'s name for "Sign in with <name>" '
        "(GET /auth/oidc/login starts it); null when single sign-on is not set up."
    )


@strawberry.type(
    description="What membership of one of the identity provider's groups gives in Mopper, "
    "applied at every single sign-on."
)
class OidcGroupMapping:
    id: strawberry.ID
    group: str = strawberry.field(description="As the provider's groups claim names it.")
    role: Role | None = strawberry.field(
        description="The role its members get (the highest of their groups'); null: none."
    )
    _team_ids: strawberry.Private[tuple[int, ...]]

    @strawberry.field(description="The teams its members are put in.")
    async def teams(self, info: Info) -> list[TeamType]:
        teams = await info.context.loaders.team.load_many(list(self._team_ids))
        return [TeamType.of(t) for t in teams if t is not None]

    @classmethod
    def of(cls, mapping: GroupMapping) -> OidcGroupMapping:
        return cls(
            id=strawberry.ID(str(mapping.id)),
            group=mapping.group,
            role=mapping.role,
            _team_ids=mapping.team_ids,
        )
