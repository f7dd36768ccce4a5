"""A team with a manager and an employee who sent 60 gripes, through the real domain
flows: some acknowledged and assigned, some with messages."""

from __future__ import annotations

from dataclasses import dataclass

from domain.auth.passwords import Passwords
from domain.auth.sessions import principal_for_user
from domain.items import conversation, submission, triage
from domain.items.enums import Visibility
from domain.items.targets import BusinessCalendar
from domain.org import service as org
from domain.org.enums import Role
from domain.org.models import User
from domain.settings import get_settings

ITEMS = 60
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throw-away database


@dataclass(frozen=True, slots=True)
class BenchOrg:
    manager: User
    employee: User


async def seed() -> BenchOrg:
    settings = get_settings()
    passwords = Passwords(settings)
    calendar = BusinessCalendar.from_settings(settings)
    team = await org.create_team("Facilities")
    categories = [
        await org.create_category(team=team, name_en="Building", name_nl="Gebouw"),
        await org.create_category(team=team, name_en="Kitchen", name_nl="Keuken"),
    ]
    manager = await org.create_user(
        email="mia@bench.example",
        display_name="Mia Manager",
        password=PASSWORD,
        passwords=passwords,
        role=Role.MANAGER,
        teams=[team],
    )
    employee = await org.create_user(
        email="eve@bench.example", display_name="Eve", password=PASSWORD, passwords=passwords
    )
    boss, eve = await principal_for_user(manager), await principal_for_user(employee)
    for n in range(ITEMS):
        made = await submission.submit_gripe(
            eve,
            submission.GripeDraft(
                category_id=categories[n % 2].id,
                title=f"Gripe number {n}",
                body="Something is not right.",
            ),
            calendar,
        )
        if n % 2:
            await triage.acknowledge(boss, made.item.id)
            await triage.assign(boss, made.item.id, assignee_id=manager.id)
        if n % 3 == 0:
            await conversation.post_message(
                boss, made.item.id, body="Looking into it.", visibility=Visibility.SUBMITTER
            )
    return BenchOrg(manager=manager, employee=employee)
