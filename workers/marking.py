"""Writing down what became of a claimed email.

Every update is conditional on the row still being this worker's claim: a worker whose
lease ran out (it stalled) must not overwrite what the worker that took over recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from domain.notifications.enums import DeliveryState
from domain.notifications.models import Notification

logger = logging.getLogger("mopper.delivery")

ERROR_MAX = 1000


async def sent(worker: str, ids: Sequence[int], *, at: datetime) -> None:
    """Delivered to the SMTP server. `locked_by` stays, as the record of who sent it."""
    if not ids:
        return
    updated = await Notification.filter(
        id__in=list(ids), locked_by=worker, state=DeliveryState.SENDING
    ).update(state=DeliveryState.SENT, sent_at=at, locked_until=None, last_error=None)
    if updated < len(ids):
        # The lease ran out while sending: another worker may send it again, under the
        # same Message-ID.
        logger.warning("%d sent emails were no longer claimed by %s", len(ids) - updated, worker)


async def retry_later(worker: str, email_id: int, *, at: datetime, error: str) -> None:
    await Notification.filter(id=email_id, locked_by=worker, state=DeliveryState.SENDING).update(
        state=DeliveryState.PENDING,
        next_attempt_at=at,
        locked_by=None,
        locked_until=None,
        last_error=error[:ERROR_MAX],
    )


async def dead(worker: str, email_id: int, *, error: str) -> None:
    """Given up: kept with its error until an admin retries it."""
    await Notification.filter(id=email_id, locked_by=worker, state=DeliveryState.SENDING).update(
        state=DeliveryState.DEAD, locked_until=None, last_error=error[:ERROR_MAX]
    )


async def cancelled(worker: str, email_id: int, *, reason: str) -> None:
    """Not sent on purpose (the customer stopped emails after it was queued)."""
    await Notification.filter(id=email_id, locked_by=worker, state=DeliveryState.SENDING).update(
        state=DeliveryState.CANCELLED, locked_until=None, last_error=reason
    )
