"""One transaction for a change, its timeline event and its outbox rows.

    async with unit_of_work() as uow:
        ... write with using_db=uow.conn ...
        await uow.record(...)   # via domain.items.timeline

Nothing is sent before the commit: on PostgreSQL the transaction issues one NOTIFY
(delivered only if it commits); after the commit, in-process workers are woken.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.notifications.outbox import POSTGRES_CHANNEL
from domain.notifications.signal import outbox_signal


@dataclass
class UnitOfWork:
    conn: BaseDBAsyncClient
    queued_email: bool = False


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    async with in_transaction() as conn:
        uow = UnitOfWork(conn=conn)
        yield uow
        if uow.queued_email and conn.capabilities.dialect == "postgres":
            # At most once per transaction: NOTIFY takes a lock that serialises commits.
            await conn.execute_script(f"NOTIFY {POSTGRES_CHANNEL}")
    if uow.queued_email:
        outbox_signal.notify()
