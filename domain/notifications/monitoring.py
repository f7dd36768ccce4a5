"""The outbox as monitoring sees it (`/metrics`): how many emails wait in each state and
how long the oldest one has been waiting. Two small queries on the outbox's index."""

from __future__ import annotations

from tortoise.functions import Count

from domain.clock import utcnow
from domain.metrics import WAITING_STATES, OutboxSnapshot
from domain.notifications.enums import Channel, DeliveryState
from domain.notifications.models import Notification


async def outbox_snapshot() -> OutboxSnapshot:
    rows = (
        await Notification.filter(channel=Channel.EMAIL, state__in=list(WAITING_STATES))
        .annotate(n=Count("id"))
        .group_by("state")
        .values("state", "n")
    )
    oldest = (
        await Notification.filter(
            channel=Channel.EMAIL, state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
        )
        .order_by("created_at")
        .first()
        .only("created_at")
    )
    return OutboxSnapshot(
        counts={DeliveryState(row["state"]): int(row["n"]) for row in rows},
        oldest_waiting_since=oldest.created_at if oldest else None,
        taken_at=utcnow(),
    )
