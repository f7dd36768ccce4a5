"""`python -m workers` as a real process: killed at the worst moments, stopped
gracefully, and running beside another one. Nothing is ever lost."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from domain.items.models import Item
from domain.notifications import outbox
from domain.notifications.enums import Channel, DeliveryState, RecipientKind, Template
from domain.notifications.models import Notification
from domain.notifications.rules import Recipient
from domain.org.enums import Locale
from domain.unit_of_work import unit_of_work
from tests.support.domain import gripe
from tests.support.locks import (
    drop_sessions_waiting_for_outbox_lock,
    outbox_row_locked,
    someone_waits_for_outbox_lock,
)
from tests.support.org import Org
from tests.support.smtp import Gate, SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import WorkerProcess

# A killed worker's rows come back after this lease (more than twice the SMTP timeout).
SHORT_LEASE = {"delivery_lease_seconds": 3.0, "smtp_timeout_seconds": 1.0}


async def rows_of(item: Item) -> list[Notification]:
    return await Notification.filter(item_id=item.id, channel=Channel.EMAIL).order_by("id")


async def all_sent(item: Item) -> bool:
    return all(r.state is DeliveryState.SENT for r in await rows_of(item))


async def test_a_worker_killed_between_claiming_and_sending_loses_nothing(
    org: Org, sink: SmtpSink
) -> None:
    item = (await gripe(org, org.alice)).item  # three emails
    sink.before_mail = Gate()  # the server stalls before the first one is handed over
    async with WorkerProcess(sink.port, **SHORT_LEASE) as first:
        await asyncio.to_thread(sink.before_mail.reached.wait, 30)
        claimed = await rows_of(item)
        assert {(r.state, r.locked_by) for r in claimed} == {(DeliveryState.SENDING, first.name)}
        await first.kill()
    sink.before_mail.opened.set()
    sink.before_mail = None

    async with WorkerProcess(sink.port, **SHORT_LEASE) as second:
        await eventually(lambda: all_sent(item))
    arrived = Counter(r.message_id for r in sink.received)
    assert set(arrived) == {r.message_id for r in await rows_of(item)}
    assert set(arrived.values()) == {1}  # the first worker never handed any over
    assert {r.locked_by for r in await rows_of(item)} == {second.name}


async def test_a_worker_killed_between_sending_and_marking_sent_loses_nothing(
    org: Org, sink: SmtpSink, database: str
) -> None:
    item = (await gripe(org, org.alice)).item
    first_row = (await rows_of(item))[0]
    sink.after_data = Gate()  # the first email is stored; the server's "250" waits
    async with WorkerProcess(sink.port, **SHORT_LEASE) as first:
        await asyncio.to_thread(sink.after_data.reached.wait, 30)
        async with outbox_row_locked(first_row.id):
            sink.after_data.opened.set()  # the worker hears "250" and cannot write it down
            if database == "postgres":
                await eventually(someone_waits_for_outbox_lock)
                await first.kill()
                await drop_sessions_waiting_for_outbox_lock()
            else:
                # SQLite shows no waiters; the worker waits up to 5 s for the lock, and
                # whether it already heard the "250" or not, its row is not marked sent.
                await asyncio.sleep(0.5)
                await first.kill()
    sink.after_data = None
    assert (await Notification.get(id=first_row.id)).state is DeliveryState.SENDING

    async with WorkerProcess(sink.port, **SHORT_LEASE):
        await eventually(lambda: all_sent(item))
    arrived = Counter(r.message_id for r in sink.received)
    assert set(arrived) == {r.message_id for r in await rows_of(item)}
    # The one in flight came twice, recognisably the same message. The worker may have
    # sent one more while "sent" was being written (it overlaps the two); no more.
    repeated = [message_id for message_id, times in arrived.items() if times > 1]
    assert arrived[first_row.message_id] == 2
    assert len(repeated) <= 2 and max(arrived.values()) == 2


async def test_sigterm_finishes_the_email_in_flight_and_gives_the_rest_back(
    org: Org, sink: SmtpSink
) -> None:
    item = (await gripe(org, org.alice)).item
    first_row, *others = await rows_of(item)
    sink.after_data = Gate()
    async with WorkerProcess(sink.port) as worker:
        await asyncio.to_thread(sink.after_data.reached.wait, 30)
        stopping = asyncio.create_task(worker.terminate())
        await asyncio.sleep(0.2)  # let the signal land while the email is in flight
        sink.after_data.opened.set()
        assert await stopping == 0

    assert len(sink.received) == 1
    assert (await Notification.get(id=first_row.id)).state is DeliveryState.SENT
    for row in others:
        row = await Notification.get(id=row.id)
        assert (row.state, row.attempts, row.locked_by) == (DeliveryState.PENDING, 0, None)


async def _queue(count: int, item: Item) -> set[str]:
    """`count` emails in one transaction, as many steps of many items would queue them."""
    template = await Notification.filter(item_id=item.id).first()
    assert template is not None
    async with unit_of_work() as uow:
        recipients = [
            Recipient(
                kind=RecipientKind.EMPLOYEE,
                channel=Channel.EMAIL,
                template=Template.ITEM_RECEIVED,
                locale=Locale.EN,
                user_id=None,
                address=f"person{n}@example.com",
            )
            for n in range(count)
        ]
        rows = await outbox.enqueue(
            uow.conn,
            item_id=item.id,
            event_id=None,
            recipients=recipients,
            payloads={r: template.payload for r in recipients},
        )
        uow.queued_email = True
    return {row.message_id for row in rows}


@pytest.mark.postgres_only
async def test_two_workers_send_each_of_2000_emails_exactly_once(
    org: Org, sink: SmtpSink, database: str
) -> None:
    assert database == "postgres", "run with MOPPER_TEST_DATABASE=postgres"
    item = (await gripe(org, org.alice)).item
    await Notification.filter(item_id=item.id).update(state=DeliveryState.SENT)
    async with WorkerProcess(sink.port) as one, WorkerProcess(sink.port) as other:
        queued = await _queue(2000, item)  # one commit, one NOTIFY: both wake at once
        await sink.wait_for(2000, within=120)
        await eventually(lambda: _all_sent_of(item, 2003), within=60)
    arrived = Counter(r.message_id for r in sink.received)
    assert set(arrived) == queued
    assert set(arrived.values()) == {1}
    sent = await Notification.filter(message_id__in=list(queued))
    assert {row.locked_by for row in sent} == {one.name, other.name}  # both took a share


async def _all_sent_of(item: Item, count: int) -> bool:
    return await Notification.filter(item_id=item.id, state=DeliveryState.SENT).count() == count
