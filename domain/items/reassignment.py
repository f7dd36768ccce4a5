"""Freeing a person's open assignments when they leave: each item goes back to its team
(no assignee), with an internal timeline event that says so."""

from __future__ import annotations

from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import save
from domain.items.enums import OPEN_STATUSES, EventType, Visibility
from domain.items.models import Item
from domain.unit_of_work import UnitOfWork

DEACTIVATED = "assignee_deactivated"


async def free_assignments(uow: UnitOfWork, user_id: int, *, actor: Actor) -> int:
    """Unassign every open item of `user_id`; how many there were."""
    items = (
        await Item.filter(assignee_id=user_id, status__in=sorted(OPEN_STATUSES))
        .using_db(uow.conn)
        .select_for_update()
        .order_by("id")
    )
    for item in items:
        item.assignee_id = None
        await save(uow, item, ["assignee_id"])
        await timeline.record(
            uow,
            item,
            type=EventType.ASSIGNED,
            actor=actor,
            visibility=Visibility.INTERNAL,
            data={"assignee_id": None, "assignee_name": None, "reason": DEACTIVATED},
        )
    return len(items)
