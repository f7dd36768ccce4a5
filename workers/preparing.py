"""Getting a claimed email ready to send: what its batch needs from the database (the
customers' details, the threads' reply addresses, the people's email choices: a few
statements per batch) and the rendered message, or the reason there is none."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.crypto import customer_status_token
from domain.items.models import CustomerContact
from domain.notifications import preferences
from domain.notifications.enums import Delivery, EmailKind, RecipientKind
from domain.replies import addresses
from workers.claiming import ClaimedEmail
from workers.composing import CustomerFacts, Sender, compose
from workers.retry import DeliveryFailure
from workers.sealing import Sealed, needs_utf8, seal

logger = logging.getLogger("mopper.delivery")


async def customer_facts(emails: Sequence[ClaimedEmail]) -> dict[int, CustomerFacts]:
    """The customers of a batch, in one query."""
    item_ids = {
        e.item_id
        for e in emails
        if e.recipient_kind is RecipientKind.CUSTOMER and e.item_id is not None
    }
    if not item_ids:
        return {}
    contacts = await CustomerContact.filter(item_id__in=list(item_ids))
    return {
        c.item_id: CustomerFacts(
            name=c.name,
            token=customer_status_token(c.token_salt),
            stopped=c.unsubscribed_at is not None,
        )
        for c in contacts
    }


async def reply_tokens(
    emails: Sequence[ClaimedEmail], *, now: datetime, lifetime: timedelta
) -> dict[str, str]:
    """The reply token of every thread in a batch (by thread id), made when needed."""
    threads = [
        addresses.Thread(
            thread_id=e.thread_id,
            item_id=e.item_id,
            recipient_kind=e.recipient_kind,
            recipient_user_id=e.recipient_user_id,
        )
        for e in emails
        # A follower ("me too") reads what moves; their emails take no answers.
        if e.item_id is not None and e.recipient_kind is not RecipientKind.FOLLOWER
    ]
    return await addresses.issue(threads, now=now, lifetime=lifetime)


async def stopped_kinds(emails: Sequence[ClaimedEmail]) -> frozenset[tuple[int, EmailKind]]:
    """The kinds of email the people of a batch turned off since their rows were
    written (an unsubscribe click, the settings page), in one query."""
    people = sorted({e.recipient_user_id for e in emails if e.recipient_user_id is not None})
    chosen = await preferences.chosen_by(None, people)
    return frozenset(key for key, delivery in chosen.items() if delivery is Delivery.OFF)


@dataclass(frozen=True, slots=True)
class BatchFacts:
    """What the emails of one batch need beyond their rows."""

    customers: dict[int, CustomerFacts] = field(default_factory=dict)
    reply_tokens: dict[str, str] = field(default_factory=dict)
    stopped: frozenset[tuple[int, EmailKind]] = frozenset()


@dataclass(frozen=True, slots=True)
class NotSent:
    """An email not to send at all."""

    reason: str


Prepared = Sealed | DeliveryFailure | NotSent


def _stopped(email: ClaimedEmail, facts: BatchFacts) -> bool:
    if email.recipient_user_id is None or not facts.stopped:
        return False
    kind = preferences.kind_of(email.template, email.recipient_kind)
    return kind is not None and (email.recipient_user_id, kind) in facts.stopped


def prepare(email: ClaimedEmail, facts: BatchFacts, sender: Sender) -> Prepared:
    """The message to send, written out and checked, or why there is none. CPU only:
    no I/O."""
    customer = facts.customers.get(email.item_id or 0)
    if email.recipient_kind is RecipientKind.CUSTOMER:
        if customer is None:
            return NotSent("the customer's contact details are gone")
        if customer.stopped:
            return NotSent("the customer stopped emails")
    else:
        customer = None
        if _stopped(email, facts):
            return NotSent("the person turned this kind of email off")
    try:
        message = compose(
            email, customer, sender, reply_token=facts.reply_tokens.get(email.thread_id)
        )
        return seal(message, utf8=needs_utf8(sender.envelope_from, email.address))
    except DeliveryFailure as failure:
        return failure
    except Exception as error:
        # A template or payload that cannot render will not render on retry either.
        logger.exception("email %s (%s) cannot be rendered", email.id, email.template.value)
        return DeliveryFailure(f"cannot be rendered: {type(error).__name__}", permanent=True)
