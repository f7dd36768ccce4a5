"""A reply by email becomes a message on the item's timeline.

The reply address says which thread it answers, and so who wrote it and what their
message becomes:

- the customer: a message everyone involved reads (PUBLIC), like one from the status page;
- the employee who submitted or passed the item on: a message to the team (SUBMITTER);
- a manager: an internal note (INTERNAL). Writing to the submitter or the customer is
  a choice made in the app, never by hitting "reply" to a notification.

An answer to the team's question sends the item back to work, as in the app. Everything
is one transaction with the timeline event and its outbox rows; a refused reply writes
nothing. Nothing here looks at mail headers: `workers/inbound` reads the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.crypto import reply_token_lookup
from domain.errors import InvalidTransition
from domain.items import conversation
from domain.items.actors import Actor
from domain.items.enums import Status, Visibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.notifications.enums import RecipientKind
from domain.org.enums import Role
from domain.org.models import Membership, User
from domain.replies.addresses import find
from domain.replies.models import ReplyAddress
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import MESSAGE_MAX, Checker


class Refusal(StrEnum):
    UNKNOWN_ADDRESS = "UNKNOWN_ADDRESS"  # not a reply address we gave out
    EXPIRED = "EXPIRED"  # given out, but too long ago
    OTHER_SENDER = "OTHER_SENDER"  # from someone the address was not given to
    NOT_INVOLVED = "NOT_INVOLVED"  # they no longer have a part in the item
    CLOSED = "CLOSED"  # the item can no longer be answered
    EMPTY = "EMPTY"  # nothing left once quotes and signatures are gone
    TOO_LONG = "TOO_LONG"  # longer than a message may be


@dataclass(frozen=True, slots=True)
class EmailReply:
    token: str
    sender: str  # the From address
    text: str  # without quoted text and signatures
    attachments_left_out: int = 0


@dataclass(frozen=True, slots=True)
class Taken:
    item_id: int
    event_id: int
    visibility: Visibility


@dataclass(frozen=True, slots=True)
class _Writer:
    address: str
    actor: Actor
    visibility: Visibility


async def check_address(token: str, *, now: datetime) -> ReplyAddress | Refusal:
    """The reply address of this token, if a reply to it can be taken at all (asked
    before the message is read; pass it on to `take`)."""
    address = await find(token)
    if address is None:
        return Refusal.UNKNOWN_ADDRESS
    if address.expires_at <= now:
        return Refusal.EXPIRED
    return address


async def take(
    reply: EmailReply, *, now: datetime, checked: ReplyAddress | None = None
) -> Taken | Refusal:
    """`checked`: the token's address as `check_address` found it a moment ago."""
    text = _message_text(reply.text)
    if isinstance(text, Refusal):
        return text
    data: dict[str, object] = {"via": "EMAIL"}
    if reply.attachments_left_out:
        data["attachments_left_out"] = reply.attachments_left_out
    async with unit_of_work() as uow:
        address = checked or (
            await ReplyAddress.filter(token_lookup=reply_token_lookup(reply.token))
            .using_db(uow.conn)
            .first()
        )
        if address is None:
            return Refusal.UNKNOWN_ADDRESS
        if address.expires_at <= now:
            return Refusal.EXPIRED
        item = await Item.filter(id=address.item_id).using_db(uow.conn).get()
        writer = await _writer(uow.conn, address, item)
        if writer is None:
            return Refusal.NOT_INVOLVED
        if writer.address.casefold() != reply.sender.strip().casefold():
            return Refusal.OTHER_SENDER
        if item.status is Status.CLOSED:
            return Refusal.CLOSED
        try:
            event = await _post(uow, item, text, writer, data)
        except InvalidTransition:
            return Refusal.CLOSED
    return Taken(item_id=item.id, event_id=event.id, visibility=writer.visibility)


def _message_text(text: str) -> str | Refusal:
    check = Checker()
    checked = check.text("body", text, max_length=MESSAGE_MAX)
    if not check.errors:
        return checked
    return Refusal.EMPTY if not checked else Refusal.TOO_LONG


async def _post(
    uow: UnitOfWork, item: Item, text: str, writer: _Writer, data: dict[str, object]
) -> TimelineEvent:
    if writer.visibility is Visibility.PUBLIC:
        return await conversation.post_as_customer(uow, item, text, data=data)
    if writer.visibility is Visibility.SUBMITTER:
        return await conversation.post_as_submitter(uow, item, text, writer.actor, data=data)
    return await conversation.post_as_manager(
        uow, item, text, Visibility.INTERNAL, writer.actor, data=data
    )


async def _writer(conn: BaseDBAsyncClient, address: ReplyAddress, item: Item) -> _Writer | None:
    """Who may answer through this address, as long as they still have their part."""
    if address.recipient_kind is RecipientKind.FOLLOWER:
        return None  # a follower reads what moves; their emails take no answers
    if address.recipient_kind is RecipientKind.CUSTOMER:
        contact = await CustomerContact.filter(item_id=item.id).using_db(conn).first()
        if contact is None:
            return None
        return _Writer(contact.email, Actor.customer(), Visibility.PUBLIC)
    user = await User.filter(id=address.recipient_user_id, is_active=True).using_db(conn).first()
    if user is None:
        return None
    actor = Actor.user(user.id, user.display_name)
    if address.recipient_kind is RecipientKind.EMPLOYEE:
        if item.submitter_id != user.id:
            return None
        return _Writer(user.email, actor, Visibility.SUBMITTER)
    if not await _manages(conn, user, item.team_id):
        return None
    return _Writer(user.email, actor, Visibility.INTERNAL)


async def _manages(conn: BaseDBAsyncClient, user: User, team_id: int) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.MANAGER:
        return False
    return await Membership.filter(user_id=user.id, team_id=team_id).using_db(conn).exists()
