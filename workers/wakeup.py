"""What wakes a waiting delivery worker, so that an email leaves within a second of the
commit that queued it:

- new rows committed in this process (`domain.notifications.signal.outbox_signal`, set
  by the unit of work after its commit) — the embedded default;
- on PostgreSQL, a `NOTIFY mopper_outbox` from any process, heard on a connection of
  its own that only LISTENs (the unit of work sends at most one per transaction);
- otherwise the poll interval runs out: the fallback when a hint is lost, and what
  picks up retries once their backoff has passed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import asyncpg
from tortoise import connections

from domain.notifications.outbox import POSTGRES_CHANNEL
from domain.notifications.signal import outbox_signal

logger = logging.getLogger("mopper.delivery")

RELISTEN_AFTER_SECONDS = 30.0


class Wakeup:
    def __init__(self, *, poll_seconds: float) -> None:
        self.poll_seconds = poll_seconds
        self._event = outbox_signal.listen()
        self._listener: asyncpg.Connection | None = None
        self._next_listen_attempt = 0.0

    @property
    def listening(self) -> bool:
        return self._listener is not None and not self._listener.is_closed()

    async def start(self) -> None:
        await self._ensure_listening()

    def clear(self) -> None:
        """Call before looking for work: a hint arriving after this is not lost."""
        self._event.clear()

    def poke(self) -> None:
        self._event.set()

    async def wait(self) -> None:
        """Until a hint arrives or the poll interval has passed."""
        await self._ensure_listening()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout=self.poll_seconds)

    async def close(self) -> None:
        outbox_signal.forget(self._event)
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            await listener.close(timeout=5)

    async def _ensure_listening(self) -> None:
        client: Any = connections.get("default")
        if client.capabilities.dialect != "postgres" or self.listening:
            return
        if time.monotonic() < self._next_listen_attempt:
            return
        self._next_listen_attempt = time.monotonic() + RELISTEN_AFTER_SECONDS
        try:
            listener = await asyncpg.connect(
                host=client.host,
                port=client.port,
                user=client.user,
                password=client.password,
                database=client.database,
            )
            await listener.add_listener(POSTGRES_CHANNEL, self._heard)
        except (OSError, asyncpg.PostgresError) as error:
            logger.warning("cannot LISTEN for new emails (%s); polling meanwhile", error)
            return
        self._listener = listener
        self._event.set()  # rows may have come in while nobody listened

    def _heard(self, *_: object) -> None:
        self._event.set()
