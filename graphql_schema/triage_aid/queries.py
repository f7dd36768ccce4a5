from __future__ import annotations

import strawberry

from domain.triage_aid import service
from graphql_schema.permissions import MANAGER
from graphql_schema.triage_aid.types import TriageAidType


@strawberry.type
class TriageAidQueries:
    @strawberry.field(
        permission_classes=MANAGER,
        description="The decision tree managers answer when acknowledging an item.",
    )
    async def triage_aid(self) -> TriageAidType:
        return TriageAidType.of(await service.current_tree())
