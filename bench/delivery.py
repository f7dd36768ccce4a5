"""`python -m bench.delivery`: how fast the outbox reaches a local SMTP server.

For each database (SQLite, and PostgreSQL on 127.0.0.1:5432 when it is there) it prints,
from one run:

- throughput: one delivery worker draining 5,000 queued emails into a local aiosmtpd
  sink (in a process of its own), next to bare aiosmtplib sending prebuilt messages
  over one reused connection to the same sink — the ceiling — and their ratio;
- latency: for status changes made one after another, the time from the commit to the
  email's arrival at the sink, p50/p95/p99 — with the worker in the app's process (the
  embedded default, woken in-process) and, on PostgreSQL, as `python -m workers` in a
  process of its own (woken by NOTIFY).

Targets (docs/performance.md): >= 200 emails/s, p95 <= 1 s. Each database runs in a
fresh process and a fresh database, dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from typing import Any

from bench.per_database import each_database, fresh_database_url, print_result

_MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.M | re.I)


# -- the sink: its own process, printing "<arrival time> <Message-ID>" per message ------


def run_sink(port: int) -> None:
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            arrived = time.time()
            found = _MESSAGE_ID.search(envelope.content)
            print(f"{arrived:.6f} {found.group(1).decode() if found else '-'}", flush=True)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    controller.stop()


class SinkProcess:
    def __init__(self, port: int) -> None:
        self.port = port
        self.arrivals: dict[str, float] = {}
        self.count = 0

    async def __aenter__(self) -> SinkProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.delivery",
            "--sink",
            str(self.port),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.process.stdout is not None
        assert (await self.process.stdout.readline()).strip() == b"ready"
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            arrived, message_id = line.decode().split()
            self.arrivals[message_id] = float(arrived)
            self.count += 1

    async def wait_for(self, count: int) -> None:
        await until(lambda: self.count >= count)

    async def __aexit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()
        await self.reader


async def until(check: Callable[[], bool | Awaitable[bool]]) -> None:
    """Poll `check` (a database count, another process's output): nothing to await."""
    while True:
        done = check()
        if done if isinstance(done, bool) else await done:
            return
        await asyncio.sleep(0.005)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# -- one database: runs in a fresh process with the environment set first ----------------


def configure(database_url: str, smtp_port: int) -> None:
    os.environ.update(
        {
            "MOPPER_ENVIRONMENT": "test",
            "MOPPER_DATABASE_URL": database_url,
            "MOPPER_SECRET_KEY": "bench-secret-key-that-is-long-enough",
            "MOPPER_SMTP_HOST": "127.0.0.1",
            "MOPPER_SMTP_PORT": str(smtp_port),
            "MOPPER_EMBEDDED_WORKER": "false",
            "MOPPER_MAIL_CATCHER": "false",
            "MOPPER_LOG_LEVEL": "WARNING",
        }
    )


async def organisation() -> tuple[Any, Any]:
    from domain.auth.sessions import principal_for_user
    from domain.org.enums import Role
    from domain.org.models import Category, Membership, Team, User

    team = await Team.create(name="Bench")
    category = await Category.create(team=team, name_en="Things", name_nl="Dingen")
    nobody_logs_in = "-"
    employee = await User.create(
        email="employee@example.com", display_name="Eve Employee", password_hash=nobody_logs_in
    )
    manager = await User.create(
        email="manager@example.com",
        display_name="Max Manager",
        password_hash=nobody_logs_in,
        role=Role.MANAGER,
    )
    await Membership.create(user=manager, team=team)
    return (
        category,
        (await principal_for_user(employee), await principal_for_user(manager)),
    )


async def submit(category: Any, employee: Any, title: str) -> Any:
    from domain.items import submission
    from domain.items.targets import BusinessCalendar
    from domain.settings import get_settings

    draft = submission.GripeDraft(category_id=category.id, title=title, body="b")
    calendar = BusinessCalendar.from_settings(get_settings())
    return (await submission.submit_gripe(employee, draft, calendar)).item


async def queue(count: int, item: Any) -> None:
    """`count` emails in one transaction, shaped like an employee's receipt."""
    from domain.notifications import outbox
    from domain.notifications.enums import Channel, RecipientKind, Template
    from domain.notifications.models import Notification
    from domain.notifications.rules import Recipient
    from domain.org.enums import Locale
    from domain.unit_of_work import unit_of_work

    sample = await Notification.filter(item_id=item.id).first()
    assert sample is not None
    recipients = [
        Recipient(
            kind=RecipientKind.EMPLOYEE,
            channel=Channel.EMAIL,
            template=Template.ITEM_RECEIVED,
            locale=Locale.EN if n % 2 else Locale.NL,
            address=f"person{n}@example.com",
        )
        for n in range(count)
    ]
    async with unit_of_work() as uow:
        await outbox.enqueue(
            uow.conn,
            item_id=item.id,
            event_id=None,
            recipients=recipients,
            payloads={r: sample.payload for r in recipients},
        )


async def settled() -> None:
    from domain.notifications.enums import Channel, DeliveryState
    from domain.notifications.models import Notification

    busy = [DeliveryState.PENDING, DeliveryState.SENDING]

    async def none_busy() -> bool:
        return not await Notification.filter(channel=Channel.EMAIL, state__in=busy).exists()

    await until(none_busy)


async def bare_aiosmtplib(port: int, count: int) -> float:
    """The ceiling: prebuilt messages over one reused connection, nothing else."""
    import aiosmtplib

    messages = []
    for n in range(count):
        message = EmailMessage()
        message["From"], message["To"] = "mopper@localhost", f"person{n}@example.com"
        message["Subject"], message["Message-ID"] = "[MOP-00001] Bench", f"<bare{n}@bench>"
        message.set_content("Hello,\n\n" + "We received your gripe. " * 40)
        message.add_alternative("<p>" + "We received your gripe. " * 40 + "</p>", subtype="html")
        messages.append(message)
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False, timeout=10)
    await smtp.connect()
    started = time.perf_counter()
    for message in messages:
        await smtp.send_message(message)
    elapsed = time.perf_counter() - started
    await smtp.quit()
    return count / elapsed


async def throughput(sink: SinkProcess, emails: int, item: Any) -> dict[str, float]:
    from domain.settings import get_settings
    from workers.delivery import DeliveryWorker

    await queue(emails, item)
    worker = DeliveryWorker(get_settings())
    already = sink.count
    started = time.perf_counter()
    running = asyncio.create_task(worker.run())
    await sink.wait_for(already + emails)
    arrived = time.perf_counter() - started
    await settled()
    marked = time.perf_counter() - started
    worker.stop()
    await running
    return {"arrived_per_s": emails / arrived, "sent_and_marked_per_s": emails / marked}


def percentiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "max_ms": max(values) * 1000,
        "n": len(values),
    }


async def latency(sink: SinkProcess, items: list[Any], manager: Any) -> dict[str, float]:
    """Acknowledge each item (one email to its submitter), one change after another."""
    from domain.items import triage
    from domain.notifications.enums import Template
    from domain.notifications.models import Notification

    committed: dict[int, float] = {}
    for item in items:
        await triage.acknowledge(manager, item.id)
        committed[item.id] = time.time()
        await asyncio.sleep(random.uniform(0.005, 0.03))  # independent changes, not a burst
    rows = await Notification.filter(
        item_id__in=list(committed), template=Template.ITEM_ACKNOWLEDGED
    )
    await until(lambda: all(r.message_id in sink.arrivals for r in rows))
    return percentiles([sink.arrivals[r.message_id] - committed[r.item_id or 0] for r in rows])


async def bench_database(dialect: str, emails: int, changes: int) -> dict[str, Any]:
    port = free_port()
    url = fresh_database_url(dialect)
    configure(url, port)
    from domain.db import drop_database, start_database, stop_database
    from domain.settings import get_settings
    from workers.delivery import DeliveryWorker

    await start_database(url, create_db=dialect == "postgres")
    result: dict[str, Any] = {"database": dialect}
    try:
        async with SinkProcess(port) as sink:
            category, (employee, manager) = await organisation()
            first = await submit(category, employee, "Bench gripe")
            result["bare_aiosmtplib_per_s"] = await bare_aiosmtplib(port, 2000)
            result["throughput"] = await throughput(sink, emails, first)
            result["throughput"]["ratio_to_bare"] = (
                result["throughput"]["arrived_per_s"] / result["bare_aiosmtplib_per_s"]
            )

            worker = DeliveryWorker(get_settings())
            running = asyncio.create_task(worker.run())
            items = [await submit(category, employee, f"Gripe {n}") for n in range(changes)]
            await settled()
            result["latency_in_process"] = await latency(sink, items, manager)
            worker.stop()
            await running

            if dialect == "postgres":
                items = [await submit(category, employee, f"Other {n}") for n in range(changes)]
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "workers",
                    stderr=asyncio.subprocess.PIPE,
                    env={**os.environ, "MOPPER_LOG_LEVEL": "INFO"},
                )
                assert process.stderr is not None
                while b"ready" not in await process.stderr.readline():
                    pass
                await settled()
                result["latency_worker_process_notify"] = await latency(sink, items, manager)
                process.terminate()
                await process.wait()
    finally:
        if dialect == "postgres":
            await drop_database()
        else:
            await stop_database()
    return result


LATENCIES = {
    "latency_in_process": "worker in the app's process",
    "latency_worker_process_notify": "worker process, woken by NOTIFY",
}


def report(result: dict[str, Any], emails: int) -> None:
    bare, t = result["bare_aiosmtplib_per_s"], result["throughput"]
    print(f"\n== {result['database']} ==")
    print(f"bare aiosmtplib, one connection: {bare:5.0f} emails/s")
    print(
        f"one worker, {emails} queued emails: {t['arrived_per_s']:5.0f} emails/s arrived "
        f"({t['ratio_to_bare']:.0%} of bare), {t['sent_and_marked_per_s']:.0f}/s marked sent"
    )
    for key, label in LATENCIES.items():
        if key in result:
            lat = result[key]
            print(
                f"commit -> arrival, {label}: p50 {lat['p50_ms']:.0f} ms, "
                f"p95 {lat['p95_ms']:.0f} ms, p99 {lat['p99_ms']:.0f} ms, "
                f"max {lat['max_ms']:.0f} ms (n={lat['n']})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--emails", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--only", help=argparse.SUPPRESS)  # one database, in this process
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(args.sink)
        return
    if args.only:
        print_result(asyncio.run(bench_database(args.only, args.emails, args.changes)))
        return
    arguments = ["--emails", str(args.emails), "--changes", str(args.changes)]
    for dialect, result, errors in each_database("bench.delivery", args.databases, arguments):
        if result is None:
            print(f"\n== {dialect} == failed:\n{errors}")
            continue
        report(result, args.emails)


if __name__ == "__main__":
    main()
