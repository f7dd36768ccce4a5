"""A large, realistic organisation for the board benchmark, made fast with bulk inserts
(the domain flows would take hours for 100,000 items): 10 teams with 3 categories each,
2 managers per team plus one who manages them all (the benchmark's board user), 2,000
employees, and items spread over two years in every status and priority, assigned
once acknowledged, each with a timeline (submitted, acknowledged, status changes,
messages). `grow_to(n)` adds items until there are n, so one database is measured at
1,000, then 10,000, then 100,000 items."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from domain.auth.passwords import Passwords
from domain.clock import utcnow
from domain.items.enums import ActorKind, EventType, ItemKind, Priority, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.org.enums import Role
from domain.org.models import Category, Membership, Team, User
from domain.settings import get_settings

TEAMS = 10
CATEGORIES_PER_TEAM = 3
EMPLOYEES = 2000
BATCH = 5000
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throw-away database
BOARD_USER = "board@bench.example"
SUBMITTER = "employee0@bench.example"

# How items are spread over the statuses on a board that has been in use for a while.
STATUS_WEIGHTS = {
    Status.NEW: 10,
    Status.ACKNOWLEDGED: 10,
    Status.IN_PROGRESS: 15,
    Status.WAITING_FOR_INFO: 5,
    Status.RESOLVED: 20,
    Status.DECLINED: 5,
    Status.CLOSED: 35,
}


@dataclass
class BenchOrg:
    board_user: User
    employee: User
    categories: list[Category]
    managers_by_team: dict[int, list[int]]
    employee_ids: list[int]


async def create_org() -> BenchOrg:
    password_hash = await Passwords(get_settings()).hash(PASSWORD)
    teams = [await Team.create(name=f"Team {n}") for n in range(TEAMS)]
    categories = [
        await Category.create(team=team, name_en=f"{team.name} topic {c}", name_nl=f"Onderwerp {c}")
        for team in teams
        for c in range(CATEGORIES_PER_TEAM)
    ]
    board_user = await User.create(
        email=BOARD_USER, display_name="Board Manager", password_hash=password_hash,
        role=Role.MANAGER,
    )  # fmt: skip
    managers_by_team: dict[int, list[int]] = {}
    for team in teams:
        await Membership.create(user=board_user, team=team)
        managers = []
        for m in range(2):
            manager = await User.create(
                email=f"manager{team.id}-{m}@bench.example",
                display_name=f"Manager {team.id}-{m}",
                password_hash=password_hash,
                role=Role.MANAGER,
            )
            await Membership.create(user=manager, team=team)
            managers.append(manager.id)
        managers_by_team[team.id] = managers
    await User.bulk_create(
        [
            User(email=f"employee{n}@bench.example", display_name=f"Employee {n}",
                 password_hash=password_hash)
            for n in range(EMPLOYEES)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    employee_ids = [
        u.id for u in await User.filter(email__startswith="employee").only("id").order_by("id")
    ]
    employee = await User.get(email=SUBMITTER)
    return BenchOrg(board_user, employee, categories, managers_by_team, employee_ids)


async def grow_to(org: BenchOrg, total: int, *, seed: int = 7) -> None:
    """Adds items (with their timelines) until the database holds `total` items."""
    rng = random.Random(seed + total)
    have = await Item.all().count()
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    now = utcnow()
    while have < total:
        count = min(BATCH, total - have)
        items = []
        for n in range(count):
            category = rng.choice(org.categories)
            status = rng.choices(statuses, weights)[0]
            created = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            anonymous = rng.random() < 0.2
            items.append(
                Item(
                    kind=ItemKind.GRIEVANCE if rng.random() < 0.8 else ItemKind.CUSTOMER_ISSUE,
                    title=f"Gripe {have + n}: the {rng.choice(WORDS)} {rng.choice(WORDS)}",
                    body="Something keeps going wrong. " * rng.randrange(1, 6),
                    category_id=category.id,
                    team_id=category.team_id,
                    priority=rng.choice(list(Priority)),
                    status=status,
                    is_anonymous=anonymous,
                    submitter_id=None if anonymous else rng.choice(org.employee_ids),
                    assignee_id=(
                        None
                        if status is Status.NEW
                        else rng.choice(org.managers_by_team[category.team_id])
                    ),
                    created_at=created,
                    updated_at=created,
                    acknowledged_at=None if status is Status.NEW else created + timedelta(hours=3),
                    acknowledge_due_at=created + timedelta(hours=8),
                    resolve_due_at=created + timedelta(days=5),
                )
            )
        await Item.bulk_create(items, batch_size=BATCH)
        # bulk_create gives no ids on every database: read back this batch's.
        created_items = (
            await Item.all()
            .order_by("-id")
            .limit(count)
            .only("id", "status", "created_at", "assignee_id", "is_anonymous", "submitter_id")
        )
        events = []
        for item in created_items:
            events.extend(_timeline(item, rng))
        await TimelineEvent.bulk_create(events, batch_size=BATCH)
        have += count


def _timeline(item: Item, rng: random.Random) -> list[TimelineEvent]:
    at = item.created_at
    submitter_kind = ActorKind.SUBMITTER if item.is_anonymous else ActorKind.USER
    events = [
        TimelineEvent(
            item_id=item.id, created_at=at, type=EventType.SUBMITTED, actor_kind=submitter_kind,
            actor_id=item.submitter_id, visibility=Visibility.PUBLIC, to_status=Status.NEW,
        )
    ]  # fmt: skip
    if item.status is not Status.NEW:
        events.append(
            TimelineEvent(
                item_id=item.id, created_at=at + timedelta(hours=3),
                type=EventType.ACKNOWLEDGED, actor_kind=ActorKind.USER,
                actor_id=item.assignee_id, visibility=Visibility.PUBLIC,
                from_status=Status.NEW, to_status=Status.ACKNOWLEDGED,
            )
        )  # fmt: skip
    for m in range(rng.choice((0, 0, 1, 1, 2, 3))):
        events.append(
            TimelineEvent(
                item_id=item.id, created_at=at + timedelta(hours=4 + m),
                type=EventType.MESSAGE, actor_kind=ActorKind.USER, actor_id=item.assignee_id,
                visibility=Visibility.SUBMITTER, message="We are looking into it.",
            )
        )  # fmt: skip
    if item.status not in (Status.NEW, Status.ACKNOWLEDGED):
        events.append(
            TimelineEvent(
                item_id=item.id, created_at=at + timedelta(days=1),
                type=EventType.STATUS_CHANGED, actor_kind=ActorKind.USER,
                actor_id=item.assignee_id, visibility=Visibility.PUBLIC,
                from_status=Status.ACKNOWLEDGED, to_status=item.status,
            )
        )  # fmt: skip
    return events


WORDS = [
    "printer",
    "coffee",
    "machine",
    "parking",
    "lift",
    "heating",
    "badge",
    "laptop",
    "canteen",
    "router",
    "invoice",
    "schedule",
    "shower",
    "bike-shed",
    "projector",
    "chair",
    "desk",
    "window",
    "light",
    "roster",
]
