"""Everything a worker process runs — the delivery worker and the schedules — started
and stopped together, by `python -m workers` or by the app's lifespan in the embedded
default."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from domain.settings import Settings
from workers.delivery import DeliveryWorker
from workers.schedules import (
    THROTTLE_CLEANUP_SECONDS,
    anonymous_filing_job,
    digests_job,
    every,
    forget_ended_throttle_windows,
    on_the_clock,
    response_targets_job,
)

logger = logging.getLogger("mopper.workers")

STOP_TIMEOUT_SECONDS = 30.0


class BackgroundWork:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.delivery = DeliveryWorker(settings)
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.delivery.run(), name="delivery"),
            asyncio.create_task(
                every(
                    self.settings.target_check_seconds,
                    response_targets_job(self.settings),
                    name="response targets",
                    stopping=self._stopping,
                ),
                name="response targets",
            ),
            asyncio.create_task(
                every(
                    self.settings.digest_check_seconds,
                    digests_job(self.settings),
                    name="daily digests",
                    stopping=self._stopping,
                ),
                name="daily digests",
            ),
            asyncio.create_task(
                on_the_clock(
                    self.settings.anonymous_filing_minutes * 60,
                    anonymous_filing_job(),
                    name="anonymous filing",
                    stopping=self._stopping,
                ),
                name="anonymous filing",
            ),
            asyncio.create_task(
                every(
                    THROTTLE_CLEANUP_SECONDS,
                    forget_ended_throttle_windows,
                    name="throttle windows",
                    stopping=self._stopping,
                ),
                name="throttle windows",
            ),
        ]

    async def wait(self) -> None:
        """Until one of the tasks ends (they only end when stopped, or on a bug)."""
        await asyncio.wait(self._tasks, return_when=asyncio.FIRST_COMPLETED)

    async def stop(self) -> None:
        """Graceful: the email in flight is finished, the rest of its batch given back."""
        self._stopping.set()
        self.delivery.stop()
        done, pending = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT_SECONDS)
        for task in pending:
            # Still stuck (a hung connection): what it holds returns after its lease.
            logger.warning("%s did not stop in time; cancelling it", task.get_name())
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                logger.error("%s had failed", task.get_name(), exc_info=task.exception())
