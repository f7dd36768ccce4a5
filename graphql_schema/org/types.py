from __future__ import annotations

import strawberry

from domain.auth.principal import Principal
from domain.org.models import Category, Team, User
from graphql_schema.context import Info
from graphql_schema.enums import Locale, Role


@strawberry.type(description="Someone on the staff, as others see them.")
class Person:
    id: strawberry.ID
    display_name: str

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(id=strawberry.ID(str(user.id)), display_name=user.display_name)


@strawberry.type(name="Team")
class TeamType:
    id: strawberry.ID
    name: str

    @classmethod
    def of(cls, team: Team) -> TeamType:
        return cls(id=strawberry.ID(str(team.id)), name=team.name)


@strawberry.type(name="Category", description="What an item is about; it decides the team.")
class CategoryType:
    id: strawberry.ID
    name_en: str
    name_nl: str
    team: TeamType

    @classmethod
    def of(cls, category: Category, team: Team) -> CategoryType:
        return cls(
            id=strawberry.ID(str(category.id)),
            name_en=category.name_en,
            name_nl=category.name_nl,
            team=TeamType.of(team),
        )


@strawberry.type(description="The person who is logged in.")
class Me:
    id: strawberry.ID
    email: str
    display_name: str
    role: Role
    locale: Locale
    is_manager: bool
    _team_ids: strawberry.Private[frozenset[int]]

    @strawberry.field
    async def teams(self, info: Info) -> list[TeamType]:
        teams = await info.context.loaders.team.load_many(sorted(self._team_ids))
        return [TeamType.of(t) for t in teams if t is not None]

    @classmethod
    def of(cls, principal: Principal) -> Me:
        return cls(
            id=strawberry.ID(str(principal.user_id)),
            email=principal.email,
            display_name=principal.display_name,
            role=principal.role,
            locale=principal.locale,
            is_manager=principal.is_manager,
            _team_ids=principal.team_ids,
        )
