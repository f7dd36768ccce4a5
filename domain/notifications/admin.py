"""The email outbox as an admin sees it: how many emails are in each state, the dead
ones with their errors, and putting dead ones back in the queue.

Only EMAIL rows count here: IN_APP rows are not delivered by anyone, they wait to be
seen by an anonymous submitter.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.functions import Count

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.errors import Forbidden, InvalidTransition, NotFound
from domain.notifications.enums import Channel, DeliveryState
from domain.notifications.models import Notification
from domain.unit_of_work import unit_of_work


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only admins may see and retry the outbox.")


@dataclass(frozen=True, slots=True)
class DeadPage:
    emails: list[Notification]
    total: int


async def counts(principal: Principal) -> dict[DeliveryState, int]:
    _require_admin(principal)
    rows = (
        await Notification.filter(channel=Channel.EMAIL)
        .annotate(n=Count("id"))
        .group_by("state")
        .values("state", "n")
    )
    found = {DeliveryState(row["state"]): int(row["n"]) for row in rows}
    return {state: found.get(state, 0) for state in DeliveryState}


async def dead_emails(principal: Principal, *, offset: int, limit: int) -> DeadPage:
    """Dead emails, the most recently queued first, with the item they are about."""
    _require_admin(principal)
    query = Notification.filter(channel=Channel.EMAIL, state=DeliveryState.DEAD)
    emails = await query.order_by("-id").offset(offset).limit(limit)
    return DeadPage(emails=list(emails), total=await query.count())


def _requeued() -> dict[str, object]:
    # A fresh set of attempts, due now; the last error stays until it is sent.
    return {
        "state": DeliveryState.PENDING,
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "locked_by": None,
        "locked_until": None,
    }


async def retry(principal: Principal, email_id: int) -> Notification:
    _require_admin(principal)
    async with unit_of_work() as uow:
        # Write first: on SQLite a transaction that reads before it writes can meet
        # "database is locked" when a worker process writes at the same moment.
        updated = (
            await Notification.filter(id=email_id, channel=Channel.EMAIL, state=DeliveryState.DEAD)
            .using_db(uow.conn)
            .update(**_requeued())
        )
        if not updated:
            exists = (
                await Notification.filter(id=email_id, channel=Channel.EMAIL)
                .using_db(uow.conn)
                .exists()
            )
            if not exists:
                raise NotFound("No such email.")
            raise InvalidTransition("Only a dead email can be retried.")
        uow.queued_email = True  # wakes the workers after the commit
        # Read inside the transaction: the answer is the email as it was put back, not
        # whatever a woken worker has made of it a moment after the commit.
        return await Notification.filter(id=email_id).using_db(uow.conn).get()


async def retry_all_dead(principal: Principal) -> int:
    _require_admin(principal)
    async with unit_of_work() as uow:
        updated = (
            await Notification.filter(channel=Channel.EMAIL, state=DeliveryState.DEAD)
            .using_db(uow.conn)
            .update(**_requeued())
        )
        uow.queued_email = updated > 0
    return updated
