"""The notifications menu of a signed-in person: their `InboxEntry` rows, written with
the event they report (`timeline.record`), unread until read.

What an entry shows comes from its payload, which was cut to what its person may read
when it was written (`payloads.py`). Entries are the person's own: reading or marking
someone else's is NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count

from domain.clock import utcnow
from domain.errors import NotFound
from domain.notifications.enums import DigestState, Template
from domain.notifications.models import InboxEntry
from domain.notifications.preferences import MenuEntry
from domain.notifications.rules import Recipient

MENU_MAX = 50


async def add(
    conn: BaseDBAsyncClient,
    *,
    item_id: int,
    event_id: int | None,
    entries: Sequence[MenuEntry],
    payloads: Mapping[Recipient, dict[str, object]],
) -> None:
    """One entry per person, in the caller's transaction."""
    if not entries:
        return
    now = utcnow()  # to the hour, for what an anonymous sender caused (domain.clock)
    await InboxEntry.bulk_create(
        [
            InboxEntry(
                user_id=entry.recipient.user_id,
                item_id=item_id,
                event_id=event_id,
                recipient_kind=entry.recipient.kind,
                template=entry.recipient.template,
                payload=payloads[entry.recipient],
                created_at=now,
                read_at=now if entry.read else None,
                digest_state=DigestState.WAITING if entry.for_digest else DigestState.NONE,
            )
            for entry in entries
        ],
        using_db=conn,
    )


@dataclass(frozen=True, slots=True)
class InAppNotification:
    id: int
    item_id: int | None
    reference: str
    title: str
    template: Template
    status: str | None
    actor_name: str | None
    created_at: datetime
    read: bool


async def latest(
    user_id: int, *, limit: int = 20, unread_only: bool = False
) -> list[InAppNotification]:
    """The person's newest notifications, newest first."""
    query = InboxEntry.filter(user_id=user_id)
    if unread_only:
        query = query.filter(read_at__isnull=True)
    rows = await query.order_by("-id").limit(max(1, min(limit, MENU_MAX)))
    return [_shown(row) for row in rows]


def _shown(row: InboxEntry) -> InAppNotification:
    payload = row.payload
    return InAppNotification(
        id=row.id,
        item_id=row.item_id,
        reference=str(payload.get("reference") or ""),
        title=str(payload.get("title") or ""),
        template=row.template,
        status=_text(payload.get("status")),
        actor_name=_text(payload.get("actor_name")),
        created_at=row.created_at,
        read=row.read_at is not None,
    )


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


async def unread_count(user_id: int) -> int:
    return await InboxEntry.filter(user_id=user_id, read_at__isnull=True).count()


async def mark_read(user_id: int, entry_id: int) -> None:
    """One notification read. Someone else's, or none, is NOT_FOUND (nothing changes)."""
    mine = InboxEntry.filter(id=entry_id, user_id=user_id)
    if not await mine.exists():
        raise NotFound("No such notification.")
    await mine.filter(read_at__isnull=True).update(read_at=utcnow())


async def mark_all_read(user_id: int, *, item_id: int | None = None) -> int:
    """Everything unread read (or everything about one item); how many were unread."""
    query = InboxEntry.filter(user_id=user_id, read_at__isnull=True)
    if item_id is not None:
        query = query.filter(item_id=item_id)
    return await query.update(read_at=utcnow())


async def unread_by_item(user_id: int, item_ids: Sequence[int]) -> dict[int, int]:
    """For a page of cards: how many unread notifications the person has about each."""
    if not item_ids:
        return {}
    rows = (
        await InboxEntry.filter(user_id=user_id, read_at__isnull=True, item_id__in=list(item_ids))
        .annotate(unread=Count("id"))
        .group_by("item_id")
        .values_list("item_id", "unread")
    )
    return {int(item_id): int(unread) for item_id, unread in rows}
