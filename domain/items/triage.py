"""What managers do on the board: acknowledge, assign, prioritise, move through statuses."""

from __future__ import annotations

from domain.auth.principal import Principal
from domain.errors import ValidationFailed
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import item_for_change, move, save
from domain.items.enums import OPEN_STATUSES, EventType, Priority, Status, Visibility
from domain.items.models import Item
from domain.items.policy import widest_audience
from domain.items.targets import BusinessCalendar, targets_for
from domain.items.transitions import Mover
from domain.org import service as org
from domain.org.models import User
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import MESSAGE_MAX, Checker


async def transition(
    principal: Principal,
    item_id: int,
    *,
    to: Status,
    message: str | None = None,
    visibility: Visibility | None = None,
    expected_version: int | None = None,
) -> Item:
    text = None
    if message is not None:
        check = Checker()
        text = check.text("message", message, max_length=MESSAGE_MAX, required=False) or None
        check.done()
    async with unit_of_work() as uow:
        item = await item_for_change(uow, principal, item_id, expected_version)
        await move(
            uow,
            item,
            to,
            mover=Mover.MANAGER,
            actor=Actor.person(principal),
            message=text,
            visibility=visibility,
        )
    return item


async def acknowledge(
    principal: Principal, item_id: int, *, expected_version: int | None = None
) -> Item:
    return await transition(
        principal, item_id, to=Status.ACKNOWLEDGED, expected_version=expected_version
    )


async def _assignable(item: Item, assignee_id: int) -> User:
    user = await org.assignable_person(assignee_id, item.team_id)
    if user is None:
        raise ValidationFailed({"assigneeId": "Choose a manager of this item's team."})
    return user


async def assign(
    principal: Principal,
    item_id: int,
    *,
    assignee_id: int | None,
    expected_version: int | None = None,
) -> Item:
    async with unit_of_work() as uow:
        item = await item_for_change(uow, principal, item_id, expected_version)
        assignee = await _assignable(item, assignee_id) if assignee_id is not None else None
        if item.assignee_id == assignee_id:
            return item
        first_assignment = item.assignee_id is None
        item.assignee_id = assignee_id
        await save(uow, item, ["assignee_id"])
        await timeline.record(
            uow,
            item,
            type=EventType.ASSIGNED,
            actor=Actor.person(principal),
            visibility=widest_audience(item.kind) if assignee else Visibility.INTERNAL,
            data={
                "assignee_id": assignee.id if assignee else None,
                "assignee_name": assignee.display_name if assignee else None,
            },
            first_assignment=first_assignment,
        )
    return item


async def set_priority(
    principal: Principal,
    item_id: int,
    *,
    priority: Priority,
    calendar: BusinessCalendar,
    expected_version: int | None = None,
) -> Item:
    async with unit_of_work() as uow:
        item = await item_for_change(uow, principal, item_id, expected_version)
        if item.priority is priority:
            return item
        await reprioritise(uow, principal, item, priority, calendar)
    return item


async def reprioritise(
    uow: UnitOfWork,
    principal: Principal,
    item: Item,
    priority: Priority,
    calendar: BusinessCalendar,
) -> None:
    """Give `item` a new priority inside `uow` (also the triage aid's, when the item is
    acknowledged): the targets follow it, counted from when the item came in."""
    previous = item.priority
    item.priority = priority
    targets = targets_for(priority, item.created_at, calendar)
    changed = ["priority"]
    if item.status is Status.NEW:
        item.acknowledge_due_at = targets.acknowledge_by
        changed.append("acknowledge_due_at")
    if item.status in OPEN_STATUSES:
        item.resolve_due_at = targets.resolve_by
        changed.append("resolve_due_at")
    await save(uow, item, changed)
    await timeline.record(
        uow,
        item,
        type=EventType.PRIORITY_CHANGED,
        actor=Actor.person(principal),
        visibility=Visibility.INTERNAL,
        data={"from": previous.name, "to": priority.name},
    )
