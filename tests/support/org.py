"""A small organisation with named people, so tests read like stories.

- Facilities (categories "Building", "Coffee & kitchen"): Mia manages it, Lou leads it.
- Customer Care (category "Internet at home"): Max manages it.
- Alice and Bob are employees; Ada is the admin.

The managers chose to hear of new items at once (the default is a daily digest,
`domain/notifications/preferences.py`), so that a story can follow a new item's email;
the digest's tests make managers who left the default alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher

from domain.auth.principal import Principal
from domain.auth.sessions import principal_for_user
from domain.notifications.enums import Delivery, EmailKind
from domain.notifications.models import NotificationPreference
from domain.org.enums import Locale, Role
from domain.org.models import Category, Membership, Team, User
from domain.settings import get_settings

PASSWORD = "correct horse battery"


@cache
def password_hash() -> str:
    """Hashed once per test session: every fixture user has the same password."""
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    ).hash(PASSWORD)


@dataclass
class Org:
    facilities: Team
    care: Team
    building: Category
    kitchen: Category
    internet: Category
    alice: User
    bob: User
    mia: User
    lou: User
    max: User
    ada: User

    async def principal(self, user: User) -> Principal:
        return await principal_for_user(user)


async def make_user(
    name: str,
    *,
    role: Role = Role.EMPLOYEE,
    locale: Locale = Locale.EN,
    teams: tuple[Team, ...] = (),
    lead_of: tuple[Team, ...] = (),
) -> User:
    user = await User.create(
        email=f"{name.split()[0].lower()}@example.com",
        display_name=name,
        password_hash=password_hash(),
        role=role,
        locale=locale,
    )
    for team in teams:
        await Membership.create(user=user, team=team, is_lead=team in lead_of)
    return user


async def hears_new_items_at_once(*managers: User) -> None:
    for manager in managers:
        await NotificationPreference.create(
            user=manager,
            kind=EmailKind.NEW_ITEMS,
            delivery=Delivery.IMMEDIATE,
            updated_at=datetime.now(UTC),
        )


async def build_org() -> Org:
    facilities = await Team.create(name="Facilities")
    care = await Team.create(name="Customer Care")
    org = Org(
        facilities=facilities,
        care=care,
        building=await Category.create(team=facilities, name_en="Building", name_nl="Gebouw"),
        kitchen=await Category.create(
            team=facilities, name_en="Coffee & kitchen", name_nl="Koffie & keuken"
        ),
        internet=await Category.create(
            team=care, name_en="Internet at home", name_nl="Internet thuis"
        ),
        alice=await make_user("Alice Jansen"),
        bob=await make_user("Bob de Vries", locale=Locale.NL),
        mia=await make_user("Mia Manager", role=Role.MANAGER, teams=(facilities,)),
        lou=await make_user(
            "Lou Lead", role=Role.MANAGER, teams=(facilities,), lead_of=(facilities,)
        ),
        max=await make_user("Max Care", role=Role.MANAGER, teams=(care,)),
        ada=await make_user("Ada Admin", role=Role.ADMIN),
    )
    await hears_new_items_at_once(org.mia, org.lou, org.max)
    return org
