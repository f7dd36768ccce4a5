from __future__ import annotations

import strawberry

from domain.clock import utcnow
from domain.insights.we_did import Period, we_did
from graphql_schema.insights.types import WeDidType
from graphql_schema.permissions import LOGGED_IN


@strawberry.type
class InsightsQueries:
    @strawberry.field(
        permission_classes=LOGGED_IN,
        description='"You said, we did": shared items resolved and declined with the '
        "explanation, and what came in and was resolved per team and category.",
    )
    async def we_did(self, period: Period = Period.LAST_90_DAYS) -> WeDidType:
        return await WeDidType.of(await we_did(period, now=utcnow()))
