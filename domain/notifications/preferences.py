"""Each person chooses, per kind of email, whether it comes at once, in a daily digest
or not at all; the notifications menu in the app shows everything either way.

`route()` is pure: given the recipients the notification matrix picked
(`rules.recipients_for`) and what their people chose, it says what to write — for every
signed-in person an entry in their notifications menu (`InboxEntry`; the receipt of
what they sent in themselves already read), waiting for their daily digest when they
chose one, and the outbox's EMAIL row only when they chose to hear at once.
Customers are not signed in: they have their own rules (`rules.py`) and stop everything
about their problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.clock import utcnow
from domain.errors import NotFound, ValidationFailed
from domain.notifications.enums import Channel, Delivery, EmailKind, RecipientKind, Template
from domain.notifications.models import NotificationPreference
from domain.notifications.rules import Recipient
from domain.org.models import User

_KIND_OF_TEMPLATE = {
    Template.MANAGER_NEW_ITEM: EmailKind.NEW_ITEMS,
    Template.ASSIGNED_TO_YOU: EmailKind.ASSIGNED_TO_ME,
    Template.TARGET_MISSED: EmailKind.OVERDUE,
    Template.SUBMITTER_REPLIED: EmailKind.ANSWERS,
    Template.CUSTOMER_FEEDBACK: EmailKind.ANSWERS,
    Template.SUBMITTER_FEEDBACK: EmailKind.ANSWERS,
    Template.ITEM_RECEIVED: EmailKind.MY_ITEMS,
    Template.ITEM_ACKNOWLEDGED: EmailKind.MY_ITEMS,
    Template.ITEM_ASSIGNED: EmailKind.MY_ITEMS,
    Template.STATUS_CHANGED: EmailKind.MY_ITEMS,
    Template.PUBLIC_REPLY: EmailKind.MY_ITEMS,
    Template.FOLLOWED_ITEM_MOVED: EmailKind.FOLLOWED,
    Template.ITEM_MERGED: EmailKind.FOLLOWED,
}
# Managers hear of new items once a day, at the start of the working day; everything
# that asks something of a person comes at once.
DEFAULTS = {
    EmailKind.NEW_ITEMS: Delivery.DIGEST,
    EmailKind.ASSIGNED_TO_ME: Delivery.IMMEDIATE,
    EmailKind.OVERDUE: Delivery.IMMEDIATE,
    EmailKind.ANSWERS: Delivery.IMMEDIATE,
    EmailKind.MY_ITEMS: Delivery.IMMEDIATE,
    EmailKind.FOLLOWED: Delivery.IMMEDIATE,
}
# What a person is shown on the settings page: employees only hear about their own
# items and those they said "me too" on.
EMPLOYEE_KINDS = (EmailKind.MY_ITEMS, EmailKind.FOLLOWED)
MANAGER_KINDS = tuple(EmailKind)

Chosen = Mapping[tuple[int, EmailKind], Delivery]


def kind_of(template: Template, recipient_kind: RecipientKind) -> EmailKind | None:
    """The kind a signed-in person's email belongs to; None for customers and digests."""
    if recipient_kind in (RecipientKind.CUSTOMER, RecipientKind.SUBMITTER):
        return None
    if template is Template.CUSTOMER_REPLIED:
        # To the handler it is an answer; to the employee who passed it on, their item.
        return EmailKind.ANSWERS if recipient_kind is RecipientKind.MANAGER else EmailKind.MY_ITEMS
    return _KIND_OF_TEMPLATE.get(template)


def delivery_for(chosen: Chosen, user_id: int, kind: EmailKind) -> Delivery:
    return chosen.get((user_id, kind), DEFAULTS[kind])


@dataclass(frozen=True, slots=True)
class MenuEntry:
    recipient: Recipient
    for_digest: bool
    read: bool  # the receipt of one's own step


@dataclass(frozen=True, slots=True)
class Routed:
    outbox: list[Recipient]  # emails now (and the anonymous submitter's in-app rows)
    inbox: list[MenuEntry]  # signed-in people's notifications menus


def route(recipients: Sequence[Recipient], chosen: Chosen) -> Routed:
    routed = Routed(outbox=[], inbox=[])
    for recipient in recipients:
        kind = kind_of(recipient.template, recipient.kind)
        if recipient.user_id is None or recipient.channel is not Channel.EMAIL or kind is None:
            routed.outbox.append(recipient)
            continue
        delivery = delivery_for(chosen, recipient.user_id, kind)
        if delivery is Delivery.IMMEDIATE:
            routed.outbox.append(recipient)
        routed.inbox.append(
            MenuEntry(
                recipient=recipient,
                for_digest=delivery is Delivery.DIGEST,
                read=recipient.template is Template.ITEM_RECEIVED,
            )
        )
    return routed


def people_of(recipients: Iterable[Recipient]) -> list[int]:
    """The signed-in people among `recipients` whose choices `route()` needs."""
    return sorted({r.user_id for r in recipients if r.user_id is not None})


async def chosen_by(
    conn: BaseDBAsyncClient | None, user_ids: Sequence[int]
) -> dict[tuple[int, EmailKind], Delivery]:
    """What these people chose (kinds they left alone are not in it)."""
    if not user_ids:
        return {}
    query = NotificationPreference.filter(user_id__in=list(user_ids))
    rows = await (query.using_db(conn) if conn is not None else query).values_list(
        "user_id", "kind", "delivery"
    )
    return {(int(u), EmailKind(k)): Delivery(d) for u, k, d in rows}


def kinds_for(*, is_manager: bool) -> tuple[EmailKind, ...]:
    return MANAGER_KINDS if is_manager else EMPLOYEE_KINDS


async def choices_of(user_id: int, *, is_manager: bool) -> list[tuple[EmailKind, Delivery, bool]]:
    """Every kind this person can choose about: (kind, delivery, is it the default)."""
    chosen = await chosen_by(None, [user_id])
    return [
        (kind, delivery_for(chosen, user_id, kind), (user_id, kind) not in chosen)
        for kind in kinds_for(is_manager=is_manager)
    ]


async def _set(user_id: int, kind: EmailKind, delivery: Delivery) -> None:
    now = utcnow()
    mine = NotificationPreference.filter(user_id=user_id, kind=kind)
    if await mine.update(delivery=delivery, updated_at=now):
        return
    _, created = await NotificationPreference.get_or_create(
        user_id=user_id, kind=kind, defaults={"delivery": delivery, "updated_at": now}
    )
    if not created:  # another request made the row in between
        await mine.update(delivery=delivery, updated_at=now)


async def choose(user_id: int, kind: EmailKind, delivery: Delivery, *, is_manager: bool) -> None:
    """Set one kind (an upsert on the unique (user, kind): two requests at once leave one)."""
    if kind not in kinds_for(is_manager=is_manager):
        raise ValidationFailed({"kind": "You do not get this kind of email."})
    await _set(user_id, kind, delivery)


async def stop(user_id: int, kind: EmailKind | None) -> None:
    """One click in an email: no more of this kind (None: everything that came as a digest)."""
    if not await User.filter(id=user_id, is_active=True).exists():
        raise NotFound("This unsubscribe link is not valid.")
    if kind is not None:
        await _set(user_id, kind, Delivery.OFF)
        return
    chosen = await chosen_by(None, [user_id])
    for each in EmailKind:
        if delivery_for(chosen, user_id, each) is Delivery.DIGEST:
            await _set(user_id, each, Delivery.OFF)
