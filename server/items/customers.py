"""What a customer can do from the status-page link: answer "solved?" and stop emails."""

from __future__ import annotations

from server.clock import utcnow
from server.errors import InvalidTransition
from server.items import timeline
from server.items.actors import Actor
from server.items.changes import move
from server.items.enums import EventType, Status, Visibility
from server.items.models import CustomerContact, Item
from server.items.transitions import Mover
from server.unit_of_work import unit_of_work


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
