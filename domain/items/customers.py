"""What a customer can do from the status-page link: answer "solved?" and stop emails."""

from __future__ import annotations

from domain.clock import utcnow
from domain.errors import InvalidTransition
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import move
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import CustomerContact, Item
from domain.items.transitions import Mover
from domain.unit_of_work import unit_of_work


async def give_feedback(contact: CustomerContact, *, solved: bool) -> Item:
    """ "Solved" closes a resolved item; "not solved" reopens it and tells the assignee."""
    async with unit_of_work() as uow:
        item = await Item.filter(id=contact.item_id).using_db(uow.conn).get()
        if item.status is not Status.RESOLVED:
            raise InvalidTransition("There is no answer to confirm right now.")
        await timeline.record(
            uow,
            item,
            type=EventType.CUSTOMER_FEEDBACK,
            actor=Actor.customer(),
            visibility=Visibility.PUBLIC,
            data={"solved": solved},
        )
        await move(
            uow,
            item,
            Status.CLOSED if solved else Status.IN_PROGRESS,
            mover=Mover.CUSTOMER,
            actor=Actor.customer(),
        )
    return item


async def stop_emails(contact: CustomerContact) -> None:
    if contact.unsubscribed_at is None:
        contact.unsubscribed_at = utcnow()
        await contact.save(update_fields=["unsubscribed_at"])
