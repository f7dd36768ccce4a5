"""Jobs that run on a clock in every worker process: reporting missed response targets
(and reportable concerns' legal clocks),
filing what anonymous senders wrote, writing daily digests, and forgetting throttle
counters whose window has ended. Running in several processes at once is safe: each
miss is reported once (`domain.items.overdue`), a gripe or a reply is filed once
(`domain.anonymity.filing`), a person's digest is written once a day
(`domain.notifications.digests`), and deleting an ended counter twice deletes nothing
the second time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from domain.anonymity.filing import file_waiting
from domain.auth.throttle import forget_ended
from domain.clock import utcnow
from domain.items.overdue import report_missed_targets
from domain.items.targets import BusinessCalendar
from domain.notifications.digests import write_due as write_due_digests
from domain.settings import Settings
from domain.triage_aid.concerns import escalate_missed_clocks

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


async def on_the_clock(
    seconds: float, job: Callable[[], Awaitable[object]], *, name: str, stopping: asyncio.Event
) -> None:
    """Run `job` at every multiple of `seconds` since the Unix epoch (at :00 of every
    hour for 3600) until `stopping` is set: every process runs it at the same moments,
    so the moments say nothing about what came before them. A failing run is logged and
    the schedule goes on."""
    while not stopping.is_set():
        wait = seconds - time.time() % seconds
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), timeout=wait)
        if stopping.is_set():
            return
        try:
            await job()
        except Exception:
            logger.exception("scheduled job %s failed", name)


def anonymous_filing_job() -> Callable[[], Awaitable[object]]:
    async def job() -> None:
        filed = await file_waiting()
        if filed.gripes or filed.replies:
            # Counts only: never which items.
            logger.info(
                "filed %d anonymous gripes and %d anonymous replies", filed.gripes, filed.replies
            )

    return job


def digests_job(settings: Settings) -> Callable[[], Awaitable[object]]:
    calendar = BusinessCalendar.from_settings(settings)

    async def job() -> None:
        written = await write_due_digests(now=utcnow(), calendar=calendar)
        if written.digests:
            logger.info("wrote %d daily digests with %d updates", written.digests, written.updates)

    return job


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
        # Reportable concerns' legal clocks (calendar days), on the same beat.
        late = await escalate_missed_clocks(now=utcnow())
        if late.acknowledge or late.feedback:
            logger.info(
                "reportable concerns past their legal clock: %d unacknowledged, %d without "
                "feedback (escalated to team leads)",
                late.acknowledge,
                late.feedback,
            )

    return job


# Ended throttle windows are harmless (the next attempt restarts them), so this need
# not run often; it keeps the table to the windows that are still open.
THROTTLE_CLEANUP_SECONDS = 300.0


async def forget_ended_throttle_windows() -> None:
    forgotten = await forget_ended()
    if forgotten:
        logger.info("forgot %d ended throttle windows", forgotten)
