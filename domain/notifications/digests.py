"""Daily digests: what a person chose to hear of once a day, in one email at the start
of the working day.

`timeline.record` writes each update a person gets as a digest as an entry of their
notifications menu WAITING for it. Every worker runs `write_due` on a schedule; on a
business day from opening time, each person with waiting entries gets one digest that
day, in one transaction: the `digests` row (unique per person and day), the waiting
entries marked INCLUDED, and one EMAIL row in the outbox. Two workers at the same
moment write it once: the second one's insert meets the unique (person, day) — on
PostgreSQL it waits for the first to commit — and its transaction is undone. Updates
that arrive after today's digest wait for tomorrow's.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError

from domain.items.targets import BusinessCalendar
from domain.notifications.enums import Channel, DigestState, RecipientKind, Template
from domain.notifications.models import Digest, InboxEntry, Notification
from domain.notifications.outbox import mail_domain
from domain.org.models import User
from domain.unit_of_work import unit_of_work


@dataclass(frozen=True, slots=True)
class DigestsWritten:
    digests: int
    updates: int


def digest_day(now: datetime, calendar: BusinessCalendar) -> date | None:
    """The working day whose digests are due at `now`, or None (not a business day, or
    before opening time)."""
    local = now.astimezone(calendar.zone)
    if not calendar.is_business_day(local.date()) or local.time() < calendar.opens:
        return None
    return local.date()


async def write_due(*, now: datetime, calendar: BusinessCalendar) -> DigestsWritten:
    day = digest_day(now, calendar)
    if day is None:
        return DigestsWritten(0, 0)
    rows = (
        await InboxEntry.filter(digest_state=DigestState.WAITING, created_at__lte=now)
        .distinct()
        .values("user_id")
    )
    waiting = {int(row["user_id"]) for row in rows}
    done = {
        int(row["user_id"])
        for row in await Digest.filter(day=day, user_id__in=list(waiting)).values("user_id")
    }
    digests = updates = 0
    for user_id in sorted(waiting - done):
        written = await _write_one(user_id, day=day, now=now)
        if written:
            digests, updates = digests + 1, updates + written
    return DigestsWritten(digests, updates)


class _NothingWaiting(Exception):
    """Another worker took the rows first: undo the digest row."""


async def _write_one(user_id: int, *, day: date, now: datetime) -> int:
    """One person's digest of `day`; how many updates it holds (0: none written)."""
    try:
        async with unit_of_work() as uow:
            digest = await Digest.create(
                user_id=user_id, day=day, created_at=now, updates=0, using_db=uow.conn
            )
            rows = (
                await InboxEntry.filter(
                    user_id=user_id, digest_state=DigestState.WAITING, created_at__lte=now
                )
                .using_db(uow.conn)
                .order_by("id")
            )
            person = await User.filter(id=user_id, is_active=True).using_db(uow.conn).first()
            if not rows or person is None:
                raise _NothingWaiting
            await (
                InboxEntry.filter(id__in=[r.id for r in rows], digest_state=DigestState.WAITING)
                .using_db(uow.conn)
                .update(digest_state=DigestState.INCLUDED)
            )
            digest.updates = len(rows)
            await digest.save(update_fields=["updates"], using_db=uow.conn)
            await Notification.create(
                created_at=now,
                item_id=None,
                event_id=None,
                channel=Channel.EMAIL,
                recipient_kind=_kind(rows),
                recipient_user_id=user_id,
                recipient_address=person.email,
                locale=person.locale,
                template=Template.DIGEST,
                payload=_payload(rows, day),
                next_attempt_at=now,
                message_id=f"<{uuid.uuid4().hex}@{mail_domain()}>",
                thread_id=_thread(user_id, day),
                using_db=uow.conn,
            )
            uow.queued_email = True
    except (IntegrityError, _NothingWaiting):
        return 0
    return len(rows)


def _kind(rows: list[InboxEntry]) -> RecipientKind:
    kinds = {r.recipient_kind for r in rows}
    return RecipientKind.MANAGER if RecipientKind.MANAGER in kinds else RecipientKind.EMPLOYEE


def _payload(rows: list[InboxEntry], day: date) -> dict[str, object]:
    """The digest's items, in the order their first update came, each with what
    happened to it (its payloads were cut for this person when they were written)."""
    items: dict[int, dict[str, object]] = {}
    for row in rows:
        payload = row.payload
        entry = items.setdefault(
            row.item_id or 0,
            {
                "item_id": row.item_id,
                "reference": payload.get("reference"),
                "title": payload.get("title"),
                "team": payload.get("team"),
                "kind": payload.get("kind"),
                "updates": [],
            },
        )
        entry["status"] = payload.get("status")  # the latest update's
        updates = entry["updates"]
        assert isinstance(updates, list)
        updates.append(row.template.value)
    return {"day": day.isoformat(), "updates": len(rows), "items": list(items.values())}


def _thread(user_id: int, day: date) -> str:
    digest = hashlib.sha256(f"digest:{user_id}:{day.isoformat()}".encode()).hexdigest()[:16]
    return f"<digest.{digest}@{mail_domain()}>"
