from __future__ import annotations

import strawberry

from domain.items.board import BoardFilter
from graphql_schema.enums import ItemKind, Locale, Status
from graphql_schema.items.ids import parse_ids


@strawberry.input(description="Narrow the board. Every list is 'any of'; empty means all.")
class BoardFilterInput:
    statuses: list[Status] | None = None
    team_ids: list[strawberry.ID] | None = None
    category_ids: list[strawberry.ID] | None = None
    kinds: list[ItemKind] | None = None
    assignee_ids: list[strawberry.ID] | None = None
    unassigned: bool = False
    overdue: bool | None = None
    text: str | None = None

    def to_domain(self) -> BoardFilter:
        """VALIDATION when an id is not written like one; a well-formed id of nothing
        simply matches nothing."""
        return BoardFilter(
            statuses=tuple(self.statuses or ()),
            team_ids=parse_ids(self.team_ids, field="teamIds"),
            category_ids=parse_ids(self.category_ids, field="categoryIds"),
            kinds=tuple(self.kinds or ()),
            assignee_ids=parse_ids(self.assignee_ids, field="assigneeIds"),
            unassigned=self.unassigned,
            overdue=self.overdue,
            text=self.text,
        )


@strawberry.input(description="A named gripe (anonymous ones: `submitAnonymousGripe`).")
class SubmitGrievanceInput:
    category_id: strawberry.ID
    title: str
    body: str
    shared: bool = strawberry.field(
        default=False, description='Colleagues may see it and say "me too".'
    )
    shared_by_name: bool = strawberry.field(
        default=False, description="... and see who sent it (only with `shared`)."
    )


@strawberry.input
class RelayCustomerIssueInput:
    category_id: strawberry.ID
    title: str
    body: str
    customer_name: str
    customer_email: str
    customer_locale: Locale
    consent: bool = strawberry.field(
        description="The customer agreed to be contacted about this problem."
    )
