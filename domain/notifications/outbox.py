"""Writing notifications into the outbox, inside the caller's transaction."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.clock import utcnow
from domain.notifications.enums import Channel
from domain.notifications.models import Notification
from domain.notifications.rules import Recipient
from domain.settings import get_settings, mail_from_domain

POSTGRES_CHANNEL = "mopper_outbox"


def mail_domain() -> str:
    """Message-IDs and thread ids end in the domain of the sender address."""
    return mail_from_domain(get_settings().mail_from)


def thread_id(item_id: int, recipient: Recipient) -> str:
    """One email thread per item per recipient, without the address in the header."""
    who = recipient.address or recipient.kind.value
    digest = hashlib.sha256(f"{item_id}:{who}".encode()).hexdigest()[:16]
    return f"<item-{item_id}.{digest}@{mail_domain()}>"


async def enqueue(
    conn: BaseDBAsyncClient,
    *,
    item_id: int,
    event_id: int | None,
    recipients: Sequence[Recipient],
    payloads: Mapping[Recipient, dict[str, object]],
) -> list[Notification]:
    """Add one outbox row per recipient. The caller's transaction makes them durable."""
    if not recipients:
        return []
    now = utcnow()  # to the hour, for what an anonymous sender caused (domain.clock)
    rows = [
        Notification(
            created_at=now,
            item_id=item_id,
            event_id=event_id,
            channel=r.channel,
            recipient_kind=r.kind,
            recipient_user_id=r.user_id,
            recipient_address=r.address,
            locale=r.locale,
            template=r.template,
            payload=payloads[r],
            next_attempt_at=now,
            message_id=f"<{uuid.uuid4().hex}@{mail_domain()}>",
            thread_id=thread_id(item_id, r),
        )
        for r in recipients
    ]
    await Notification.bulk_create(rows, using_db=conn)
    return rows


def has_email(rows: Sequence[Notification]) -> bool:
    return any(row.channel is Channel.EMAIL for row in rows)
