"""The filing: anonymous gripes, replies and "me too"s reach the team in batches.

An anonymous gripe is written at once but hidden from managers (`filed` is false), and
an anonymous reply waits in `WaitingReply`. Every MOPPER_ANONYMOUS_FILING_MINUTES the
worker's schedule (`workers/schedules.py`) files everything waiting, in random order, in
one transaction: each gripe's SUBMITTED event and the managers' outbox rows, each reply's
message, the status move it causes and who hears of it; each anonymous "me too"'s count
(`domain/engagement/me_too.py`); each gripe enters the search index (`domain/search/`).
Their serial ids and their times (to the hour) therefore order them against the filing,
never against what anybody did when the gripe or the reply was sent.

Safe to run in several workers at once. On PostgreSQL one filing runs at a time (a
transaction-level advisory lock; a worker that finds it taken leaves the work to the one
holding it: two filings locking the same rows in two random orders would deadlock); on
SQLite transactions run one at a time anyway. Within it, a gripe is filed by whoever
flips its `filed`, a reply by whoever deletes it from the waiting list.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from domain import search
from domain.anonymity.models import WaitingReply
from domain.clock import recorded_at, to_the_hour, utcnow
from domain.engagement.me_too import count_waiting
from domain.engagement.models import MeToo
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.conversation import file_anonymous_reply
from domain.items.enums import EventType, Status
from domain.items.models import Item
from domain.items.policy import widest_audience
from domain.unit_of_work import UnitOfWork, unit_of_work

_shuffle = secrets.SystemRandom().shuffle


@dataclass
class Filed:
    gripes: int = 0
    replies: int = 0
    me_toos: int = 0


Step = Callable[[UnitOfWork, Filed], Awaitable[None]]


# Any number, the same in every process: the key of PostgreSQL's advisory lock.
_FILING_LOCK = 0x6D6F7070  # "mopp"


async def file_waiting(now: datetime | None = None) -> Filed:
    """File every anonymous gripe and reply that waits; what was filed, by count."""
    filed = Filed()
    if (
        not await Item.exists(filed=False)
        and not await WaitingReply.exists()
        and not await MeToo.exists(filed=False)
    ):
        return filed  # the usual case: nothing to do, no transaction
    with recorded_at(to_the_hour(now or utcnow())):
        async with unit_of_work() as uow:
            if not await _only_filing(uow):
                return filed
            for step in await _steps(uow):
                await step(uow, filed)
    return filed


async def _only_filing(uow: UnitOfWork) -> bool:
    """PostgreSQL: whether this transaction got the filing to itself."""
    if uow.conn.capabilities.dialect != "postgres":
        return True
    _, rows = await uow.conn.execute_query(
        "SELECT pg_try_advisory_xact_lock($1) AS got", [_FILING_LOCK]
    )
    return bool(rows[0]["got"])


async def _steps(uow: UnitOfWork) -> list[Step]:
    gripe_ids: list[int] = (
        await Item.filter(filed=False)
        .using_db(uow.conn)
        .values_list(  # type: ignore[assignment]
            "id", flat=True
        )
    )
    replies = await WaitingReply.all().using_db(uow.conn).order_by("item_id", "position")
    steps: list[Step] = [_gripe(item_id) for item_id in gripe_ids]
    # One item's replies keep their order among themselves; the items are shuffled.
    steps += [
        _replies(item_id, list(group))
        for item_id, group in groupby(replies, key=lambda r: r.item_id)
    ]
    waiting_me_toos = (
        await MeToo.filter(filed=False).using_db(uow.conn).values_list("id", flat=True)
    )
    steps += [_me_too(me_too_id) for me_too_id in waiting_me_toos]
    _shuffle(steps)
    return steps


def _me_too(me_too_id: object) -> Step:
    async def step(uow: UnitOfWork, filed: Filed) -> None:
        if await count_waiting(uow.conn, me_too_id):
            filed.me_toos += 1

    return step


def _gripe(item_id: int) -> Step:
    async def step(uow: UnitOfWork, filed: Filed) -> None:
        flipped = await Item.filter(id=item_id, filed=False).using_db(uow.conn).update(filed=True)
        if not flipped:
            return  # filed by another worker meanwhile
        item = await Item.filter(id=item_id).using_db(uow.conn).get()
        await search.index(uow.conn, item)  # findable from now on, as everything filed now
        # The gripe arrived at the hour it was written with, as far as anyone can tell.
        with recorded_at(item.created_at):
            await timeline.record(
                uow,
                item,
                type=EventType.SUBMITTED,
                actor=Actor.anonymous_submitter(),
                visibility=widest_audience(item.kind),
                to_status=Status.NEW,
            )
        filed.gripes += 1

    return step


def _replies(item_id: int, replies: list[WaitingReply]) -> Step:
    async def step(uow: UnitOfWork, filed: Filed) -> None:
        for reply in replies:
            taken = await WaitingReply.filter(id=reply.id).using_db(uow.conn).delete()
            if not taken:
                continue  # filed by another worker meanwhile
            item = await Item.filter(id=item_id).using_db(uow.conn).get()
            await file_anonymous_reply(uow, item, reply.body)
            filed.replies += 1

    return step
