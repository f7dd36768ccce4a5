"""Merging a duplicate into the item that stays.

In one transaction: the duplicate's timeline says where it went (MERGED, to everyone
involved) and its followers hear of it once, in their language — its submitter (named
by email, anonymous in the app), its customer, who said "me too"; then those followers
move: "me too"s go over (counted once per person), items merged into the duplicate
earlier now point at the survivor, and the duplicate itself counts as one more "me too".
The survivor's timeline says what came in (MERGED_IN, internal). The duplicate is
closed; its anonymous submitter's receipt and its customer's link keep working and show
the survivor. From then on the survivor's moves reach all of them
(`domain/notifications/audience.py`, followers).

Refused (MERGE_REFUSED): into itself, an item already merged, into a merged item,
across kinds. Both items must be the manager's to triage.
"""

from __future__ import annotations

from tortoise.expressions import F

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.engagement.models import MeToo
from domain.errors import MergeRefused, NotFound, StaleVersion
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import save
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import Item
from domain.items.policy import audience_of, require_triage, widest_audience
from domain.unit_of_work import UnitOfWork, unit_of_work


async def _triaged(uow: UnitOfWork, principal: Principal, item_id: int) -> Item:
    item = await Item.filter(id=item_id).using_db(uow.conn).select_for_update().first()
    if item is None or audience_of(principal, item) is None:
        raise NotFound("No such item.")
    require_triage(principal, item)
    return item


def _refusal(duplicate: Item, survivor: Item) -> None:
    if duplicate.id == survivor.id:
        raise MergeRefused("SAME_ITEM")
    if duplicate.merged_into_id is not None:
        raise MergeRefused("ALREADY_MERGED")
    if survivor.merged_into_id is not None:
        raise MergeRefused("INTO_MERGED")
    if duplicate.kind is not survivor.kind:
        raise MergeRefused("KINDS_DIFFER")


async def merge(
    principal: Principal, item_id: int, *, into_id: int, expected_version: int | None = None
) -> Item:
    """Merge item `item_id` into `into_id`; the survivor."""
    async with unit_of_work() as uow:
        # Locked in id order, so that two merges of the same pair cannot deadlock.
        first, second = sorted((item_id, into_id))
        locked = {first: await _triaged(uow, principal, first)}
        if second != first:
            locked[second] = await _triaged(uow, principal, second)
        duplicate, survivor = locked[item_id], locked[into_id]
        _refusal(duplicate, survivor)
        if expected_version is not None and duplicate.version != expected_version:
            raise StaleVersion(duplicate.version)
        actor = Actor.person(principal)
        into = {"into_id": survivor.id, "into_reference": survivor.reference}
        from_status = duplicate.status
        duplicate.status = Status.CLOSED
        duplicate.closed_at = utcnow()
        duplicate.merged_into_id = survivor.id
        await save(uow, duplicate, ["status", "closed_at", "merged_into_id"])
        # Told while the followers still follow the duplicate, of the state it is in now
        # (an email says what is true when it is sent: closed, not the status it had).
        await timeline.record(
            uow,
            duplicate,
            type=EventType.MERGED,
            actor=actor,
            visibility=widest_audience(duplicate.kind),
            from_status=from_status,
            to_status=Status.CLOSED,
            data={**into, "into_title": survivor.title},
        )
        moved = await _move_followers(uow, duplicate, survivor)
        await (
            Item.filter(id=survivor.id)
            .using_db(uow.conn)
            .update(me_too_count=F("me_too_count") + moved)
        )
        await timeline.record(
            uow,
            survivor,
            type=EventType.MERGED_IN,
            actor=actor,
            visibility=Visibility.INTERNAL,
            data={
                "from_id": duplicate.id,
                "from_reference": duplicate.reference,
                "from_status": from_status.value,
            },
        )
        return await Item.filter(id=survivor.id).using_db(uow.conn).get()


async def _move_followers(uow: UnitOfWork, duplicate: Item, survivor: Item) -> int:
    """Move the duplicate's followers to the survivor; how many "me too"s it gains
    (the duplicate's own sender among them)."""
    conn = uow.conn
    rows = (
        await MeToo.filter(item_id=survivor.id, user_id__not_isnull=True)
        .using_db(conn)
        .values("user_id")
    )
    already: set[int] = {int(row["user_id"]) for row in rows}
    if survivor.submitter_id is not None:
        already.add(survivor.submitter_id)
    gained = 0
    for me_too in await MeToo.filter(item_id=duplicate.id).using_db(conn):
        if me_too.user_id is not None and me_too.user_id in already:
            await MeToo.filter(id=me_too.id).using_db(conn).delete()  # counted there already
            continue
        await MeToo.filter(id=me_too.id).using_db(conn).update(item_id=survivor.id)
        if me_too.user_id is not None:
            already.add(me_too.user_id)
        gained += 1 if me_too.filed else 0  # a waiting one is counted by the filing
    # Earlier duplicates of the duplicate now point at the survivor.
    await Item.filter(merged_into_id=duplicate.id).using_db(conn).update(merged_into_id=survivor.id)
    # The duplicate itself: one more person with this problem, unless it is the
    # survivor's own sender or someone already counted there.
    if duplicate.submitter_id is None or duplicate.submitter_id not in already:
        gained += 1
    return gained
