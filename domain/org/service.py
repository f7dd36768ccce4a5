"""Creating and looking up people, teams and categories."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import Q

from domain.auth.passwords import Passwords
from domain.auth.principal import Principal
from domain.errors import ValidationFailed
from domain.org.enums import Locale, Role
from domain.org.models import Category, Membership, Team, User
from domain.validation import NAME_MAX, Checker, normalise_email

MIN_PASSWORD_LENGTH = 10


async def create_user(
    *,
    email: str,
    display_name: str,
    password: str,
    passwords: Passwords,
    role: Role = Role.EMPLOYEE,
    locale: Locale = Locale.EN,
    teams: Iterable[Team] = (),
    leads: Iterable[Team] = (),
) -> User:
    check = Checker()
    address = normalise_email(check.email("email", email))
    name = check.single_line("displayName", display_name, max_length=NAME_MAX)
    check.require("password", len(password) >= MIN_PASSWORD_LENGTH, "At least 10 characters.")
    check.done()
    if await User.exists(email=address):
        raise ValidationFailed({"email": "Someone already has this email address."})
    user = await User.create(
        email=address,
        display_name=name,
        password_hash=await passwords.hash(password),
        role=role,
        locale=locale,
    )
    lead_ids = {team.id for team in leads}
    for team in {t.id: t for t in [*teams, *leads]}.values():
        await Membership.create(user=user, team=team, is_lead=team.id in lead_ids)
    return user


async def create_team(name: str) -> Team:
    return await Team.create(name=name)


async def create_category(*, team: Team, name_en: str, name_nl: str) -> Category:
    return await Category.create(team=team, name_en=name_en, name_nl=name_nl)


async def team_managers(team_id: int) -> list[User]:
    """The active managers of a team, who hear of new items and may be assigned them."""
    return await User.filter(
        memberships__team_id=team_id, role=Role.MANAGER, is_active=True
    ).order_by("id")


async def team_leads(team_id: int) -> list[User]:
    return await User.filter(
        memberships__team_id=team_id, memberships__is_lead=True, is_active=True
    ).order_by("id")


async def active_categories() -> list[Category]:
    return await Category.filter(is_active=True).select_related("team").order_by("name_en")


async def assignable_people(team_id: int) -> list[User]:
    """Items go to managers of their team, or to an admin."""
    return (
        await User.filter(
            Q(memberships__team_id=team_id, role=Role.MANAGER) | Q(role=Role.ADMIN),
            is_active=True,
        )
        .distinct()
        .order_by("display_name")
    )


async def assignable_person(user_id: int, team_id: int) -> User | None:
    """The user, if items of `team_id` may be assigned to them."""
    matches = await User.filter(
        Q(memberships__team_id=team_id, role=Role.MANAGER) | Q(role=Role.ADMIN),
        id=user_id,
        is_active=True,
    ).limit(1)
    return matches[0] if matches else None


async def board_assignees(principal: Principal) -> list[User]:
    """Everyone items on `principal`'s board may go to: the managers of the teams they
    manage (every team for an admin), and the admins."""
    managers = Q(role=Role.MANAGER)
    if not principal.is_admin:
        managers &= Q(memberships__team_id__in=sorted(principal.team_ids))
    return (
        await User.filter(managers | Q(role=Role.ADMIN), is_active=True)
        .distinct()
        .order_by("display_name")
    )


async def set_locale(user_id: int, locale: Locale) -> None:
    """The language a person reads Mopper and its emails in."""
    await User.filter(id=user_id).update(locale=locale)
