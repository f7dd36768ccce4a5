"""People administration, admins only: thin over `domain/org/people.py`."""

from __future__ import annotations

import strawberry

from domain.org import people
from graphql_schema.context import Info
from graphql_schema.enums import Locale, Role
from graphql_schema.items.ids import parse_id, parse_ids
from graphql_schema.people.types import PeopleImport, PersonAdmin
from graphql_schema.permissions import ADMIN, principal_of


@strawberry.input
class InvitePersonInput:
    email: str
    display_name: str
    locale: Locale = Locale.EN
    role: Role = Role.EMPLOYEE
    team_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input(description="Only what is given changes.")
class ChangePersonInput:
    role: Role | None = None
    team_ids: list[strawberry.ID] | None = None
    display_name: str | None = None
    locale: Locale | None = None


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Invite someone: they get an email with a link to set their password "
    "(valid 7 days).",
)
async def invite_person(info: Info, input: InvitePersonInput) -> PersonAdmin:
    invitation = people.Invitation(
        email=input.email,
        display_name=input.display_name,
        locale=input.locale,
        role=input.role,
        team_ids=parse_ids(input.team_ids, field="teamIds"),
    )
    return PersonAdmin.of(await people.invite(await principal_of(info), invitation))


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Import the CSV that previewPeopleImport showed: invites the new people "
    "and changes the existing ones in one go; refused rows are left out.",
)
async def import_people(info: Info, csv: str) -> PeopleImport:
    return PeopleImport.of(await people.import_people(await principal_of(info), csv))


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Change role, teams, name or language. A new role ends their sessions.",
)
async def change_person(info: Info, id: strawberry.ID, input: ChangePersonInput) -> PersonAdmin:
    change = people.Change(
        role=input.role,
        team_ids=parse_ids(input.team_ids, field="teamIds") if input.team_ids is not None else None,
        display_name=input.display_name,
        locale=input.locale,
    )
    return PersonAdmin.of(
        await people.change(await principal_of(info), parse_id(id, field="id"), change)
    )


@strawberry.mutation(
    permission_classes=ADMIN,
    description="They can no longer sign in; their sessions end, their open items go back "
    "to their teams; their items and history stay. Not the last admin (LAST_ADMIN).",
)
async def deactivate_person(info: Info, id: strawberry.ID) -> PersonAdmin:
    return PersonAdmin.of(
        await people.deactivate(await principal_of(info), parse_id(id, field="id"))
    )


@strawberry.mutation(permission_classes=ADMIN, description="They can sign in again.")
async def reactivate_person(info: Info, id: strawberry.ID) -> PersonAdmin:
    return PersonAdmin.of(
        await people.reactivate(await principal_of(info), parse_id(id, field="id"))
    )


@strawberry.mutation(
    permission_classes=ADMIN,
    description="A new invitation email; the earlier link stops working.",
)
async def resend_invitation(info: Info, id: strawberry.ID) -> PersonAdmin:
    return PersonAdmin.of(
        await people.resend_invitation(await principal_of(info), parse_id(id, field="id"))
    )
