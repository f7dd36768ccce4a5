"""Claiming due outbox emails for one worker, safely when several workers run.

A claim is one UPDATE that moves due rows to SENDING under the worker's name, with a
lease (`locked_until`). On PostgreSQL its sub-select takes the rows `FOR UPDATE SKIP
LOCKED`, so concurrent workers never get the same row and never wait for each other.
On SQLite the one statement is atomic by itself (SQLite has one writer at a time, and
a single write statement waits for its turn instead of failing the way a read-then-write
transaction does). Tortoise would silently drop `select_for_update` on SQLite, hence the
hand-written SQL.

A row whose worker died is due again once its lease has run out. Every claim counts an
attempt, so a message that brings down every worker that takes it still ends up DEAD.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.expressions import F

from domain.notifications.enums import Channel, DeliveryState, RecipientKind, Template
from domain.notifications.models import Notification
from domain.org.enums import Locale

# Only constants are formatted into this SQL; values go as parameters.
_CLAIM = f"""
UPDATE notifications
SET state = '{DeliveryState.SENDING.value}', locked_by = {{p}}1, locked_until = {{p}}2,
    attempts = attempts + 1
WHERE id IN (
    SELECT id FROM notifications
    WHERE channel = '{Channel.EMAIL.value}'
      AND ((state = '{DeliveryState.PENDING.value}' AND next_attempt_at <= {{p}}3)
           OR (state = '{DeliveryState.SENDING.value}' AND locked_until < {{p}}3))
    ORDER BY next_attempt_at, id
    LIMIT {{p}}4{{lock}}
)
RETURNING id
"""  # noqa: S608
_CLAIM_SQL = {
    # SQLite numbers its parameters ?1..?4; PostgreSQL $1..$4.
    "sqlite": _CLAIM.format(p="?", lock=""),
    "postgres": _CLAIM.format(p="$", lock="\n    FOR UPDATE SKIP LOCKED"),
}


@dataclass(frozen=True, slots=True)
class ClaimedEmail:
    """One outbox email as a worker sees it: plain data, never an ORM object."""

    id: int
    item_id: int | None
    recipient_kind: RecipientKind
    address: str
    locale: Locale
    template: Template
    payload: Mapping[str, object]
    attempts: int  # including the one this claim started
    message_id: str
    thread_id: str
    created_at: datetime
    lease_until: datetime
    recipient_user_id: int | None = None

    @classmethod
    def of(cls, row: Notification) -> ClaimedEmail:
        assert row.locked_until is not None, "a claimed row has a lease"
        return cls(
            id=row.id,
            item_id=row.item_id,
            recipient_kind=row.recipient_kind,
            address=row.recipient_address or "",
            locale=row.locale,
            template=row.template,
            payload=row.payload,
            attempts=row.attempts,
            message_id=row.message_id,
            thread_id=row.thread_id,
            created_at=row.created_at,
            lease_until=row.locked_until,
            recipient_user_id=row.recipient_user_id,
        )


async def claim(worker: str, *, limit: int, lease: timedelta, now: datetime) -> list[ClaimedEmail]:
    """Take up to `limit` due emails for `worker`, oldest due first."""
    conn = connections.get("default")
    sql = _CLAIM_SQL[str(conn.capabilities.dialect)]
    claimed = await conn.execute_query_dict(sql, [worker, now + lease, now, limit])
    if not claimed:
        return []
    ids = [row["id"] for row in claimed]
    rows = await Notification.filter(
        id__in=ids, locked_by=worker, state=DeliveryState.SENDING
    ).order_by("next_attempt_at", "id")
    return [ClaimedEmail.of(row) for row in rows]


async def release(worker: str, emails: Sequence[ClaimedEmail]) -> None:
    """Give back claimed emails that were not tried (shutting down, lease running out):
    due again at once for any worker, and the claim's attempt is not counted."""
    if not emails:
        return
    await Notification.filter(
        id__in=[e.id for e in emails], locked_by=worker, state=DeliveryState.SENDING
    ).update(
        state=DeliveryState.PENDING,
        locked_by=None,
        locked_until=None,
        attempts=F("attempts") - 1,
    )
