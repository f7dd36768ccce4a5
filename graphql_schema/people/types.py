from __future__ import annotations

from datetime import datetime

import strawberry

from domain.auth.models import LinkPurpose
from domain.org import people
from graphql_schema.context import Info
from graphql_schema.enums import Locale, Role
from graphql_schema.org.types import TeamType

strawberry.enum(people.PersonStatus, description="INVITED: no password set yet.")
strawberry.enum(people.RowOutcome, description="What importing a CSV row does.")
strawberry.enum(people.Problem, name="ImportProblemCode", description="Why a CSV row is refused.")
strawberry.enum(LinkPurpose, description="What a password link is for.")


@strawberry.type(description="A person as admins see them.")
class PersonAdmin:
    id: strawberry.ID
    email: str
    display_name: str
    role: Role
    locale: Locale
    status: people.PersonStatus
    created_at: datetime
    _team_ids: strawberry.Private[tuple[int, ...]]

    @strawberry.field
    async def teams(self, info: Info) -> list[TeamType]:
        teams = await info.context.loaders.team.load_many(list(self._team_ids))
        return [TeamType.of(t) for t in teams if t is not None]

    @classmethod
    def of(cls, record: people.PersonRecord) -> PersonAdmin:
        user = record.user
        return cls(
            id=strawberry.ID(str(user.id)),
            email=user.email,
            display_name=user.display_name,
            role=user.role,
            locale=user.locale,
            status=record.status,
            created_at=user.created_at,
            _team_ids=record.team_ids,
        )


@strawberry.type
class ImportProblem:
    reason: people.Problem
    column: str | None
    message: str = strawberry.field(description="In English; the web app words `reason`.")

    @classmethod
    def of(cls, problem: people.RowProblem) -> ImportProblem:
        return cls(reason=problem.problem, column=problem.column, message=problem.message)


@strawberry.type(description="One row of a people CSV and what importing it does.")
class ImportRow:
    line: int
    email: str
    display_name: str
    outcome: people.RowOutcome
    problems: list[ImportProblem]
    changes: list[str] = strawberry.field(description="Of role, teams, name, language.")

    @classmethod
    def of(cls, row: people.RowPlan) -> ImportRow:
        return cls(
            line=row.line,
            email=row.email,
            display_name=row.name,
            outcome=row.outcome,
            problems=[ImportProblem.of(p) for p in row.problems],
            changes=row.changes,
        )


@strawberry.type(description="What importing a people CSV does (or did), row by row.")
class PeopleImport:
    rows: list[ImportRow]
    problems: list[ImportProblem] = strawberry.field(description="About the whole file.")
    created: int
    changed: int
    unchanged: int
    refused: int

    @classmethod
    def of(cls, plan: people.ImportPlan) -> PeopleImport:
        return cls(
            rows=[ImportRow.of(r) for r in plan.rows],
            problems=[ImportProblem.of(p) for p in plan.problems],
            created=plan.count(people.RowOutcome.CREATE),
            changed=plan.count(people.RowOutcome.CHANGE),
            unchanged=plan.count(people.RowOutcome.UNCHANGED),
            refused=plan.count(people.RowOutcome.REFUSE),
        )
