"""Messages on an item: managers to the submitter, the customer or each other; the
submitter and the customer (status page) back to the team. Replies by email
(`domain/replies/`) arrive through the same doors. An anonymous reply waits for the next
filing (`domain/anonymity/filing.py`), which records it through `file_anonymous_reply`."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from domain.auth.principal import Principal
from domain.errors import InvalidTransition, NotFound, ValidationFailed
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.changes import change_status, record_status_change, touch
from domain.items.enums import ActorKind, EventType, Status, Visibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.items.policy import audience_of, widest_audience
from domain.items.transitions import Mover
from domain.notifications.enums import Channel, DeliveryState, RecipientKind
from domain.notifications.models import Notification
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import MESSAGE_MAX, Checker


def message_text(body: str) -> str:
    check = Checker()
    text = check.text("body", body, max_length=MESSAGE_MAX)
    check.done()
    return text


async def post_message(
    principal: Principal, item_id: int, *, body: str, visibility: Visibility
) -> Item:
    """A message or an internal note from a logged-in person."""
    text = message_text(body)
    async with unit_of_work() as uow:
        item = await Item.filter(id=item_id).using_db(uow.conn).first()
        audience = audience_of(principal, item) if item is not None else None
        if item is None or audience is None:
            raise NotFound("No such item.")
        if audience is Visibility.INTERNAL:
            await post_as_manager(uow, item, text, visibility, Actor.person(principal))
        else:
            if visibility is not Visibility.SUBMITTER:
                raise ValidationFailed(
                    {"visibility": "Your messages go to the team handling your item."}
                )
            await post_as_submitter(uow, item, text, Actor.person(principal))
    return item


async def file_anonymous_reply(uow: UnitOfWork, item: Item, text: str) -> TimelineEvent:
    """An anonymous reply reaches the team at the filing. It was sent while the item was
    open, so it is recorded even if the item was closed meanwhile."""
    return await _answer(
        uow,
        item,
        text,
        Actor.anonymous_submitter(),
        Visibility.SUBMITTER,
        None,
        even_if_closed=True,
    )


async def reply_as_customer(contact: CustomerContact, *, body: str) -> Item:
    """The customer writes to the team from their status page."""
    text = message_text(body)
    async with unit_of_work() as uow:
        item = await Item.filter(id=contact.item_id).using_db(uow.conn).get()
        await post_as_customer(uow, item, text)
    return item


async def post_as_manager(
    uow: UnitOfWork,
    item: Item,
    text: str,
    visibility: Visibility,
    actor: Actor,
    *,
    data: dict[str, object] | None = None,
) -> TimelineEvent:
    if visibility is Visibility.PUBLIC and widest_audience(item.kind) is not Visibility.PUBLIC:
        raise ValidationFailed({"visibility": "This item has no customer to write to."})
    if item.status is Status.CLOSED and visibility is not Visibility.INTERNAL:
        raise InvalidTransition("This item is closed; only internal notes can be added.")
    await touch(uow, item)
    return await timeline.record(
        uow,
        item,
        type=EventType.MESSAGE,
        actor=actor,
        visibility=visibility,
        message=text,
        data=data,
    )


async def post_as_submitter(
    uow: UnitOfWork,
    item: Item,
    text: str,
    actor: Actor,
    *,
    data: dict[str, object] | None = None,
) -> TimelineEvent:
    """The submitter (named or anonymous) writes to the team."""
    return await _answer(uow, item, text, actor, Visibility.SUBMITTER, data)


async def post_as_customer(
    uow: UnitOfWork, item: Item, text: str, *, data: dict[str, object] | None = None
) -> TimelineEvent:
    """The customer writes to the team: everyone involved may read it."""
    return await _answer(uow, item, text, Actor.customer(), Visibility.PUBLIC, data)


async def _answer(
    uow: UnitOfWork,
    item: Item,
    text: str,
    actor: Actor,
    visibility: Visibility,
    data: dict[str, object] | None,
    *,
    even_if_closed: bool = False,
) -> TimelineEvent:
    """A message from outside the team. An answer to the team's question sends the item
    back to work by itself; that move is written first, so that the message's emails
    show the status the item is in once it is answered."""
    if item.status is Status.CLOSED and not even_if_closed:
        raise InvalidTransition("This item is closed; it can no longer be answered.")
    back_to_work = None
    if item.status is Status.WAITING_FOR_INFO:
        back_to_work = await change_status(uow, item, Status.IN_PROGRESS, mover=Mover.SYSTEM)
    else:
        await touch(uow, item)
    event = await timeline.record(
        uow,
        item,
        type=EventType.MESSAGE,
        actor=actor,
        visibility=visibility,
        message=text,
        data=data,
        by_submitter=actor.kind is not ActorKind.CUSTOMER,
    )
    if back_to_work is not None:
        await record_status_change(uow, item, back_to_work, actor=Actor.system(), by_submitter=True)
    return event


def _unseen_updates(item: Item) -> QuerySet[Notification]:
    """The in-app updates the anonymous submitter has not seen yet."""
    return Notification.filter(
        item_id=item.id,
        channel=Channel.IN_APP,
        recipient_kind=RecipientKind.SUBMITTER,
        state=DeliveryState.PENDING,
    )


async def mark_seen_by_submitter(item: Item) -> int:
    """The anonymous submitter has seen the item: its in-app updates are read."""
    return await _unseen_updates(item).update(state=DeliveryState.SENT)


async def unseen_by_submitter(item: Item) -> int:
    return await _unseen_updates(item).count()
