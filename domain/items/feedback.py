"""Closing the loop: the person an answer was owed to says whether it solved their
problem. The customer of a relayed problem does it from the status page, the named
submitter of a gripe from its page. "Solved" closes the item; "not solved" (with the
reason, when they give one) reopens it and tells whoever handles it."""

from __future__ import annotations

from domain.auth.principal import Principal
from domain.errors import InvalidTransition, NotFound
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import change_status, record_status_change
from domain.items.enums import EventType, ItemKind, Status, Visibility
from domain.items.models import CustomerContact, Item
from domain.items.transitions import Mover
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import MESSAGE_MAX, Checker


def _reason_text(solved: bool, reason: str | None) -> str | None:
    if solved or reason is None:
        return None
    check = Checker()
    text = check.text("reason", reason, max_length=MESSAGE_MAX, required=False)
    check.done()
    return text or None


async def from_customer(contact: CustomerContact, *, solved: bool, reason: str | None) -> Item:
    text = _reason_text(solved, reason)
    async with unit_of_work() as uow:
        item = await Item.filter(id=contact.item_id).using_db(uow.conn).get()
        await _answer(
            uow,
            item,
            solved=solved,
            reason=text,
            actor=Actor.customer(),
            mover=Mover.CUSTOMER,
            type=EventType.CUSTOMER_FEEDBACK,
            visibility=Visibility.PUBLIC,
        )
    return item


async def from_submitter(
    principal: Principal, item_id: int, *, solved: bool, reason: str | None
) -> Item:
    """Only the named submitter of a gripe: a relayed problem is the customer's to judge."""
    text = _reason_text(solved, reason)
    async with unit_of_work() as uow:
        item = await Item.filter(id=item_id).using_db(uow.conn).first()
        if item is None or item.submitter_id != principal.user_id:
            raise NotFound("No such item.")
        if item.kind is not ItemKind.GRIEVANCE:
            raise InvalidTransition("The customer says whether their problem is solved.")
        await _answer(
            uow,
            item,
            solved=solved,
            reason=text,
            actor=Actor.person(principal),
            mover=Mover.SUBMITTER,
            type=EventType.SUBMITTER_FEEDBACK,
            visibility=Visibility.SUBMITTER,
        )
    return item


async def _answer(
    uow: UnitOfWork,
    item: Item,
    *,
    solved: bool,
    reason: str | None,
    actor: Actor,
    mover: Mover,
    type: EventType,
    visibility: Visibility,
) -> None:
    if item.status is not Status.RESOLVED:
        raise InvalidTransition("There is no answer to confirm right now.")
    # The move first, so that every email of this step tells the status it led to.
    change = await change_status(
        uow, item, Status.CLOSED if solved else Status.IN_PROGRESS, mover=mover
    )
    await timeline.record(
        uow,
        item,
        type=type,
        actor=actor,
        visibility=visibility,
        message=reason,
        data={"solved": solved},
    )
    await record_status_change(
        uow, item, change, actor=actor, by_submitter=mover is Mover.SUBMITTER
    )
