"""The building blocks every item change is made of: lock, move, save.

A change is made in a unit of work: load the item for it, check the principal may,
check the version the person saw, write the change with a version bump, record it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import F

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.errors import NotFound, StaleVersion, ValidationFailed
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import Item
from domain.items.policy import audience_of, require_triage, widest_audience
from domain.items.transitions import EXPLAINED_TO_EVERYONE, Mover, check_transition
from domain.unit_of_work import UnitOfWork


async def item_for_change(
    uow: UnitOfWork, principal: Principal, item_id: int, expected_version: int | None
) -> Item:
    """The item a manager is about to change, as the person last saw it."""
    item = await Item.filter(id=item_id).using_db(uow.conn).first()
    if item is None or audience_of(principal, item) is None:
        raise NotFound("No such item.")
    require_triage(principal, item)
    if expected_version is not None and item.version != expected_version:
        raise StaleVersion(item.version)
    return item


async def save(uow: UnitOfWork, item: Item, fields: list[str]) -> None:
    """Write `fields` and bump the version, unless someone else changed the item first."""
    seen = item.version
    item.version = seen + 1
    item.updated_at = utcnow()
    values = {name: getattr(item, name) for name in [*fields, "version", "updated_at"]}
    updated = await Item.filter(id=item.id, version=seen).using_db(uow.conn).update(**values)
    if updated == 0:
        current = await Item.filter(id=item.id).using_db(uow.conn).get()
        raise StaleVersion(current.version)


async def touch(uow: UnitOfWork, item: Item) -> None:
    """Mark the item as changed (a new message) whatever version its reader saw.

    Usually `item` was read in this unit of work and is still as read: one UPDATE on that
    version, which also says the new one (a reply by email is a dozen statements; the
    re-read of the whole row was one of them). When someone changed it meanwhile, the
    version goes up from wherever it is and is read back."""
    item.updated_at = utcnow()
    seen = item.version
    current = Item.filter(id=item.id).using_db(uow.conn)
    if await current.filter(version=seen).update(version=seen + 1, updated_at=item.updated_at):
        item.version = seen + 1
        return
    await current.update(version=F("version") + 1, updated_at=item.updated_at)
    item.version = (await current.get()).version


def message_visibility(item: Item, to: Status | None, requested: Visibility | None) -> Visibility:
    """Check where a status change's message may go; the default is everyone involved."""
    widest = widest_audience(item.kind)
    chosen = requested or widest
    if chosen is Visibility.INTERNAL and to is not None:
        raise ValidationFailed(
            {
                "visibility": "A status change is always shown to the submitter; "
                "add an internal note separately."
            }
        )
    if not chosen.visible_to(widest) and chosen is Visibility.PUBLIC:
        raise ValidationFailed({"visibility": "This item has no customer to write to."})
    if to in EXPLAINED_TO_EVERYONE and chosen is not widest:
        raise ValidationFailed(
            {"visibility": "The explanation must reach everyone involved in the item."}
        )
    return chosen


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A status change written to the item, still to be put on the timeline."""

    came_from: Status
    to: Status
    visibility: Visibility
    message: str | None


async def change_status(
    uow: UnitOfWork,
    item: Item,
    to: Status,
    *,
    mover: Mover,
    message: str | None = None,
    visibility: Visibility | None = None,
) -> StatusChange:
    """Move `item` to status `to` and stamp the moment; `record_status_change` puts it
    on the timeline. Apart, so that a step that causes a move (an answer to a question,
    the customer's "not solved") is recorded with the status the item ends up in."""
    check_transition(item.status, to, mover=mover, has_message=bool(message))
    shown_to = message_visibility(item, to, visibility if message else None)
    came_from = item.status
    now = utcnow()
    item.status = to
    changed = ["status"]
    if came_from is Status.NEW:
        item.acknowledged_at = now
        changed.append("acknowledged_at")
    if to in EXPLAINED_TO_EVERYONE:
        item.resolved_at = now
        changed.append("resolved_at")
    elif to is Status.IN_PROGRESS and came_from in EXPLAINED_TO_EVERYONE:
        item.resolved_at = None  # reopened
        changed.append("resolved_at")
    if to is Status.CLOSED:
        item.closed_at = now
        changed.append("closed_at")
    await save(uow, item, changed)
    return StatusChange(came_from=came_from, to=to, visibility=shown_to, message=message or None)


async def record_status_change(
    uow: UnitOfWork,
    item: Item,
    change: StatusChange,
    *,
    actor: Actor,
    by_submitter: bool = False,
    data: dict[str, object] | None = None,
) -> None:
    await timeline.record(
        uow,
        item,
        type=EventType.ACKNOWLEDGED
        if change.to is Status.ACKNOWLEDGED
        else EventType.STATUS_CHANGED,
        actor=actor,
        visibility=change.visibility,
        from_status=change.came_from,
        to_status=change.to,
        message=change.message,
        by_submitter=by_submitter,
        data=data,
    )


async def move(
    uow: UnitOfWork,
    item: Item,
    to: Status,
    *,
    mover: Mover,
    actor: Actor,
    message: str | None = None,
    visibility: Visibility | None = None,
    by_submitter: bool = False,
) -> None:
    """Move `item` to status `to`, stamp the moment, and put it on the timeline."""
    change = await change_status(uow, item, to, mover=mover, message=message, visibility=visibility)
    await record_status_change(uow, item, change, actor=actor, by_submitter=by_submitter)
