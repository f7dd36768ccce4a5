"""Jobs that run on a clock in every worker process: today, reporting missed response
targets. Running in several processes at once is safe: the job itself makes sure each
miss is reported once (see `domain.items.overdue`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from domain.clock import utcnow
from domain.items.overdue import report_missed_targets
from domain.items.targets import BusinessCalendar
from domain.settings import Settings

logger = logging.getLogger("mopper.schedules")


async def every(
    seconds: float, job: Callable[[], Awaitable[object]], *, name: str, stopping: asyncio.Event
) -> None:
    """Run `job` now and then every `seconds` until `stopping` is set. A failing run is
    logged and the schedule goes on."""
    while not stopping.is_set():
        try:
            await job()
        except Exception:
            logger.exception("scheduled job %s failed", name)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=seconds)


def response_targets_job(settings: Settings) -> Callable[[], Awaitable[object]]:
    calendar = BusinessCalendar.from_settings(settings)

    async def job() -> None:
        found = await report_missed_targets(
            now=utcnow(),
            calendar=calendar,
            escalate_after_hours=settings.target_escalation_hours,
        )
        if found.reported or found.escalated:
            logger.info(
                "missed response targets: %d reported, %d escalated to team leads",
                found.reported,
                found.escalated,
            )

    return job
