from __future__ import annotations

import strawberry

from domain.items.access import item_for
from domain.org import service as org
from domain.org.models import Team
from graphql_schema.context import Info
from graphql_schema.items import ids
from graphql_schema.org.types import CategoryType, Me, Person, TeamType
from graphql_schema.permissions import LOGGED_IN, MANAGER, principal_of


@strawberry.type
class OrgQueries:
    @strawberry.field(description="The person logged in, or null.")
    async def me(self, info: Info) -> Me | None:
        principal = await info.context.principal()
        return Me.of(principal) if principal else None

    @strawberry.field(permission_classes=LOGGED_IN, description="What an item can be about.")
    async def categories(self, info: Info) -> list[CategoryType]:
        return [CategoryType.of(c, c.team) for c in await org.active_categories()]

    @strawberry.field(permission_classes=MANAGER)
    async def teams(self) -> list[TeamType]:
        return [TeamType.of(t) for t in await Team.all().order_by("name")]

    @strawberry.field(permission_classes=MANAGER, description="Who an item can be assigned to.")
    async def assignable_people(self, info: Info, item_id: strawberry.ID) -> list[Person]:
        visible = await item_for(await principal_of(info), ids.item_id(item_id, field="itemId"))
        people = await org.assignable_people(visible.item.team_id)
        return [Person.of(p) for p in people]

    @strawberry.field(
        permission_classes=MANAGER,
        description="Who items on my board can be assigned to: the managers of my teams, "
        "and the admins.",
    )
    async def board_assignees(self, info: Info) -> list[Person]:
        people = await org.board_assignees(await principal_of(info))
        return [Person.of(p) for p in people]
