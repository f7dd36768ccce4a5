"""In-process wake-up for delivery workers: set after a transaction with new mail commits.

Workers in other processes learn of new rows from PostgreSQL's NOTIFY or their short poll.
"""

from __future__ import annotations

import asyncio


class OutboxSignal:
    def __init__(self) -> None:
        self._listeners: set[asyncio.Event] = set()

    def listen(self) -> asyncio.Event:
        event = asyncio.Event()
        self._listeners.add(event)
        return event

    def forget(self, event: asyncio.Event) -> None:
        self._listeners.discard(event)

    def notify(self) -> None:
        for event in self._listeners:
            event.set()


outbox_signal = OutboxSignal()
