"""A demo organisation, so that a first `make run` shows a living board.

`python -m devtools.demo [--reset]` creates it (with --reset: after emptying the
database). Everything goes through the real domain flows, so the timelines are real;
the notifications of this made-up history (missed targets included) are marked delivered,
so that the mail catcher starts empty and shows only what you do.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import timedelta

from tortoise.contrib.test import truncate_all_models

from domain.anonymity.filing import file_waiting
from domain.anonymity.gripes import AnonymousGripeDraft, seed_anonymous_gripe
from domain.auth.passwords import Passwords
from domain.auth.sessions import principal_for_user
from domain.clock import utcnow
from domain.db import start_database, stop_database
from domain.items import conversation, submission, triage
from domain.items.enums import Priority, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.items.overdue import report_missed_targets
from domain.items.targets import BusinessCalendar, targets_for
from domain.notifications.enums import DeliveryState
from domain.notifications.models import Notification
from domain.org import service as org
from domain.org.enums import Locale, Role
from domain.org.models import Category, User
from domain.settings import get_settings

DEMO_PASSWORD = "mopper-demo-2026"  # noqa: S105 - printed on screen on purpose

PEOPLE = [
    ("ada@mopper.example", "Ada Admin", Role.ADMIN, Locale.EN, ()),
    ("mia@mopper.example", "Mia de Manager", Role.MANAGER, Locale.NL, ("Facilities", "IT")),
    ("lou@mopper.example", "Lou Lead", Role.MANAGER, Locale.EN, ("Facilities",)),
    ("max@mopper.example", "Max Zorg", Role.MANAGER, Locale.NL, ("Customer Care",)),
    ("alice@mopper.example", "Alice Jansen", Role.EMPLOYEE, Locale.EN, ()),
    ("bob@mopper.example", "Bob de Vries", Role.EMPLOYEE, Locale.NL, ()),
    ("sam@mopper.example", "Sam Smit", Role.EMPLOYEE, Locale.NL, ()),
]
LEADS = {"lou@mopper.example": "Facilities", "max@mopper.example": "Customer Care"}

CATEGORIES = [
    ("Facilities", "Building & workplace", "Gebouw & werkplek"),
    ("Facilities", "Coffee & kitchen", "Koffie & keuken"),
    ("IT", "Laptops & software", "Laptops & software"),
    ("Customer Care", "Internet at home", "Internet thuis"),
    ("Customer Care", "TV & streaming", "TV & streaming"),
    ("Customer Care", "Bills & contracts", "Rekeningen & contracten"),
]

GRIPES = [
    ("The coffee machine on 3 leaks again", "There is a puddle every morning; someone will slip."),
    ("Meeting rooms are always booked but empty", "Ghost bookings block the rooms all week."),
    ("Laptop takes 10 minutes to boot", "Since the last update my laptop is very slow."),
    ("Air conditioning is freezing", "The second floor is 17 degrees in the afternoon."),
    ("No vegetarian lunch after 12:30", "The vegetarian option is always gone early."),
    ("VPN drops every hour", "I lose my connection and unsaved work every hour."),
    ("Bike shed is full", "There are many abandoned bikes; nowhere to park."),
    ("My manager shouts in meetings", "It happens weekly and people are afraid to speak."),
    ("Printer on 2 prints only blank pages", "Toner was replaced but it still prints blanks."),
    ("Too many mandatory trainings", "Five trainings this month, all with deadlines."),
]
PROBLEMS = [
    ("Internet drops every evening", "My neighbour's router restarts at 20:00 each day."),
    ("TV box shows no channels", "My aunt's TV box lost all channels after the update."),
    ("Charged twice for September", "A friend was billed twice; the app shows one contract."),
    ("Wifi slow upstairs", "My brother has 5 Mbit upstairs while he pays for 500."),
    ("Moving house: no appointment", "My sister moves in two weeks and nobody calls back."),
]
CUSTOMERS = [
    ("Karin Klant", "karin@example.net", Locale.NL),
    ("Peter Jones", "peter@example.org", Locale.EN),
    ("Fatima El Amrani", "fatima@example.net", Locale.NL),
]
# The statuses the demo items end in, so that every column of the board has cards.
ENDINGS = [
    Status.NEW,
    Status.ACKNOWLEDGED,
    Status.IN_PROGRESS,
    Status.WAITING_FOR_INFO,
    Status.RESOLVED,
    Status.DECLINED,
    Status.CLOSED,
]


async def create_demo() -> list[tuple[str, str, str]]:
    settings = get_settings()
    passwords = Passwords(settings)
    calendar = BusinessCalendar.from_settings(settings)
    rng = random.Random(2026)

    teams = {name: await org.create_team(name) for name in ("Facilities", "IT", "Customer Care")}
    categories: dict[str, list[Category]] = {}
    for team_name, name_en, name_nl in CATEGORIES:
        category = await org.create_category(
            team=teams[team_name], name_en=name_en, name_nl=name_nl
        )
        categories.setdefault(team_name, []).append(category)
    users: dict[str, User] = {}
    for email, name, role, locale, team_names in PEOPLE:
        users[email] = await org.create_user(
            email=email,
            display_name=name,
            password=DEMO_PASSWORD,
            passwords=passwords,
            role=role,
            locale=locale,
            teams=[teams[t] for t in team_names],
            leads=[teams[LEADS[email]]] if email in LEADS else [],
        )
    employees = [users[e] for e, *_ in PEOPLE if e.split("@")[0] in ("alice", "bob", "sam")]
    manager_of = {
        "Facilities": users["mia@mopper.example"],
        "IT": users["mia@mopper.example"],
        "Customer Care": users["max@mopper.example"],
    }

    count = 0
    for round_number in range(4):
        for index, (title, body) in enumerate(GRIPES):
            team_name = "IT" if "Laptop" in title or "VPN" in title else "Facilities"
            category = rng.choice(categories[team_name])
            employee = rng.choice(employees)
            anonymous = "shouts" in title or rng.random() < 0.2
            if anonymous:
                item = await _anonymous(category, _variant(title, round_number), body, calendar)
            else:
                made = await submission.submit_gripe(
                    await principal_for_user(employee),
                    submission.GripeDraft(category.id, _variant(title, round_number), body),
                    calendar,
                )
                item = made.item
            ending = ENDINGS[(index + round_number) % len(ENDINGS)]
            await _progress(item, manager_of[team_name], ending, rng, calendar)
            count += 1
        for index, (title, body) in enumerate(PROBLEMS):
            name, email, locale = CUSTOMERS[(index + round_number) % len(CUSTOMERS)]
            employee = rng.choice(employees)
            made = await submission.relay_customer_problem(
                await principal_for_user(employee),
                submission.CustomerProblemDraft(
                    category_id=rng.choice(categories["Customer Care"]).id,
                    title=_variant(title, round_number),
                    body=body,
                    customer_name=name,
                    customer_email=email.replace("@", f"+{round_number}{index}@"),
                    customer_locale=locale,
                    consent=True,
                ),
                calendar,
            )
            ending = ENDINGS[(index * 2 + round_number) % len(ENDINGS)]
            await _progress(made.item, manager_of["Customer Care"], ending, rng, calendar)
            count += 1

    # The made-up history has late items; their misses belong to that history too.
    await report_missed_targets(
        now=utcnow(), calendar=calendar, escalate_after_hours=settings.target_escalation_hours
    )
    await Notification.all().update(state=DeliveryState.SENT, sent_at=utcnow())
    return [(email, name, role.value) for email, name, role, _, _ in PEOPLE]


async def _anonymous(category: Category, title: str, body: str, calendar: BusinessCalendar) -> Item:
    """An anonymous gripe (no token: the demo is made on the server), filed at once so
    that its manager can take it up."""
    made = await seed_anonymous_gripe(
        AnonymousGripeDraft(category_id=category.id, title=title, body=body), calendar=calendar
    )
    await file_waiting()
    return await Item.get(id=made.card.id)


def _variant(title: str, round_number: int) -> str:
    suffixes = ["", " (again)", " - still", " (floor 4)"]
    return title + suffixes[round_number]


async def _progress(
    item: Item, manager: User, ending: Status, rng: random.Random, calendar: BusinessCalendar
) -> None:
    """Walk the item to `ending` as its team's manager would, then age it realistically."""
    boss = await principal_for_user(manager)
    public = Visibility.PUBLIC if item.kind.value == "CUSTOMER_ISSUE" else Visibility.SUBMITTER
    if rng.random() < 0.35:
        item = await triage.set_priority(
            boss, item.id, priority=rng.choice(list(Priority)), calendar=calendar
        )
    if ending is Status.DECLINED and rng.random() < 0.5:
        await triage.transition(
            boss, item.id, to=Status.DECLINED, message="This is a duplicate of an earlier report."
        )
        return await _age(item, rng, calendar)
    if ending is not Status.NEW:
        await triage.acknowledge(boss, item.id)
        await triage.assign(boss, item.id, assignee_id=manager.id)
    if ending in (Status.IN_PROGRESS, Status.WAITING_FOR_INFO, Status.RESOLVED, Status.CLOSED):
        await triage.transition(boss, item.id, to=Status.IN_PROGRESS)
        await conversation.post_message(
            boss,
            item.id,
            body="Checked with the supplier; waiting for a quote.",
            visibility=Visibility.INTERNAL,
        )
    if ending is Status.WAITING_FOR_INFO:
        await triage.transition(
            boss,
            item.id,
            to=Status.WAITING_FOR_INFO,
            message="Since when does this happen, and at what time of day?",
            visibility=Visibility.SUBMITTER,
        )
    if ending in (Status.RESOLVED, Status.CLOSED):
        await triage.transition(
            boss,
            item.id,
            to=Status.RESOLVED,
            message="Fixed: we replaced the faulty part.",
            visibility=public,
        )
    if ending is Status.DECLINED:
        await triage.transition(
            boss,
            item.id,
            to=Status.DECLINED,
            message="We will not change this now; it is part of the new policy.",
            visibility=public,
        )
    if ending is Status.CLOSED:
        await triage.transition(boss, item.id, to=Status.CLOSED)
    return await _age(item, rng, calendar)


async def _age(item: Item, rng: random.Random, calendar: BusinessCalendar) -> None:
    """Move the item and its history back in time, by up to three weeks."""
    fresh = await Item.get(id=item.id)
    shift = timedelta(hours=rng.randint(1, 21 * 24))
    created = fresh.created_at - shift
    targets = targets_for(fresh.priority, created, calendar)
    await Item.filter(id=item.id).update(
        created_at=created,
        acknowledge_due_at=targets.acknowledge_by,
        resolve_due_at=targets.resolve_by,
    )
    for event in await TimelineEvent.filter(item_id=item.id):
        await TimelineEvent.filter(id=event.id).update(created_at=event.created_at - shift)


async def _main(reset: bool) -> None:
    settings = get_settings()
    await start_database(settings.database_url)
    try:
        if reset:
            await truncate_all_models()
        elif await User.exists():
            print("The database already has people in it; use --reset to start over.")
            return
        people = await create_demo()
        print_people(people)
    finally:
        await stop_database()


def print_people(people: list[tuple[str, str, str]]) -> None:
    print(f"\nDemo organisation ready. Every demo account's password: {DEMO_PASSWORD}")
    for email, name, role in people:
        print(f"  {role:<9} {email:<24} {name}")
    print()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reset", action="store_true", help="empty the database first")
    asyncio.run(_main(parser.parse_args().reset))
