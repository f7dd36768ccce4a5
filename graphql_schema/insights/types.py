"""'You said, we did' in GraphQL."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.insights.privacy import Cell
from domain.insights.we_did import Outcome, Period, WeDid
from domain.items.enums import Status
from domain.org.models import Category, Team

strawberry.enum(Period, name="WeDidPeriod", description="The period looked back over.")


@strawberry.type(name="WeDidOutcome", description="A shared item resolved or declined.")
class WeDidOutcomeType:
    id: strawberry.ID = strawberry.field(description="The shared item (open it on /shared).")
    title: str
    team_name: str
    category_name_en: str
    category_name_nl: str
    status: Status
    me_too_count: int
    explanation: str = strawberry.field(description="What was done, or why not.")
    at: datetime


@strawberry.type(
    name="WeDidCell",
    description="Items that came in during the period and how many of them are resolved. "
    "Cells under 5 items are merged into one with a null name, or left out.",
)
class WeDidCellType:
    name_en: str | None
    name_nl: str | None
    received: int
    resolved: int


@strawberry.type(
    name="WeDid",
    description="What came of what was said. Figures under 5 are null (fewer than 5).",
)
class WeDidType:
    since: datetime
    until: datetime
    resolved: list[WeDidOutcomeType]
    declined: list[WeDidOutcomeType]
    per_team: list[WeDidCellType]
    per_category: list[WeDidCellType]
    received: int | None
    resolved_count: int | None
    customer_problems_solved: int | None

    @classmethod
    async def of(cls, found: WeDid) -> WeDidType:
        teams = {t.id: t for t in await Team.all()}
        categories = {c.id: c for c in await Category.all()}

        def outcome(o: Outcome) -> WeDidOutcomeType:
            category = categories[o.category_id]
            return WeDidOutcomeType(
                id=strawberry.ID(str(o.item_id)),
                title=o.title,
                team_name=teams[o.team_id].name,
                category_name_en=category.name_en,
                category_name_nl=category.name_nl,
                status=o.status,
                me_too_count=o.me_too_count,
                explanation=o.explanation,
                at=o.at,
            )

        def team_cell(c: Cell) -> WeDidCellType:
            name = teams[c.key].name if c.key is not None else None
            return WeDidCellType(
                name_en=name, name_nl=name, received=c.received, resolved=c.resolved
            )

        def category_cell(c: Cell) -> WeDidCellType:
            category = categories[c.key] if c.key is not None else None
            return WeDidCellType(
                name_en=category.name_en if category else None,
                name_nl=category.name_nl if category else None,
                received=c.received,
                resolved=c.resolved,
            )

        return cls(
            since=found.since,
            until=found.until,
            resolved=[outcome(o) for o in found.resolved],
            declined=[outcome(o) for o in found.declined],
            per_team=[team_cell(c) for c in found.per_team],
            per_category=[category_cell(c) for c in found.per_category],
            received=found.received,
            resolved_count=found.resolved_count,
            customer_problems_solved=found.customer_problems_solved,
        )
