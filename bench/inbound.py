"""`python -m bench.inbound`: replies by email into the timeline, per second.

For each database (SQLite, and PostgreSQL on 127.0.0.1:5432 when it is there): a fresh
database with relayed problems and their customers' reply addresses, the inbound
service as its own process (`python -m workers.inbound`, the one writing process on
SQLite), and aiosmtplib sending realistic replies (an answer above a quoted message and
a signature, Dutch and English, one in ten with an attachment) over a few reused
connections. A reply counts once the service has answered 250, which it does after the
transaction with the timeline event and its outbox rows has committed; the count of
messages on the timelines is checked at the end.

Target (docs/performance.md): >= 100 replies/s on SQLite with one process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from bench.delivery import free_port
from bench.per_database import each_database, fresh_database_url, print_result

TARGET_PER_S = 100.0
QUOTES = {
    "nl": "Met vriendelijke groet,\nKarin\n\nOp ma 7 dec. 2026 om 14:30 schreef Mopper <{to}>:\n\n"
    "> Beste klant,\n>\n> Om verder te kunnen heeft het team meer informatie nodig.\n>\n"
    "> Welke router heeft u?\n",
    "en": "Thanks,\nKarin\n\nOn Mon, Dec 7, 2026 at 2:30 PM Mopper <{to}> wrote:\n"
    "> Dear customer,\n>\n> To continue, the team needs more information.\n>\n"
    "> Which router do you have?\n",
}


def configure(database_url: str, port: int) -> None:
    os.environ.update(
        {
            "MOPPER_ENVIRONMENT": "test",
            "MOPPER_DATABASE_URL": database_url,
            "MOPPER_SECRET_KEY": "bench-secret-key-that-is-long-enough",
            "MOPPER_INBOUND_HOST": "127.0.0.1",
            "MOPPER_INBOUND_PORT": str(port),
            "MOPPER_EMBEDDED_WORKER": "false",
            "MOPPER_MAIL_CATCHER": "false",
            "MOPPER_LOG_LEVEL": "WARNING",
            "MOPPER_LOG_FORMAT": "text",
        }
    )


async def customers_reply_addresses(items: int) -> list[tuple[str, str]]:
    """(customer address, reply address) of `items` relayed problems."""
    from bench.delivery import organisation
    from domain.clock import utcnow
    from domain.items import submission
    from domain.items.targets import BusinessCalendar
    from domain.notifications.enums import RecipientKind
    from domain.notifications.models import Notification
    from domain.org.enums import Locale
    from domain.replies import addresses
    from domain.settings import get_settings

    category, (employee, _manager) = await organisation()
    calendar = BusinessCalendar.from_settings(get_settings())
    found = []
    for n in range(items):
        customer = f"customer{n}@example.net"
        relayed = await submission.relay_customer_problem(
            employee,
            submission.CustomerProblemDraft(
                category_id=category.id,
                title=f"Internet drops {n}",
                body="Every evening at eight.",
                customer_name=f"Customer {n}",
                customer_email=customer,
                customer_locale=Locale.NL if n % 2 else Locale.EN,
                consent=True,
            ),
            calendar,
        )
        row = await Notification.get(item_id=relayed.item.id, recipient_kind=RecipientKind.CUSTOMER)
        thread = addresses.Thread(row.thread_id, relayed.item.id, row.recipient_kind, None)
        tokens = await addresses.issue([thread], now=utcnow(), lifetime=timedelta(days=1))
        found.append((customer, addresses.reply_address(tokens[row.thread_id], "bench.example")))
    return found


def replies(threads: list[tuple[str, str]], count: int) -> list[EmailMessage]:
    made = []
    for n in range(count):
        customer, reply_to = threads[n % len(threads)]
        language = "nl" if n % 2 else "en"
        message = EmailMessage()
        message["From"], message["To"] = customer, reply_to
        message["Subject"], message["Message-ID"] = "Re: [MOP-00001] Bench", f"<r{n}@client>"
        answer = f"Het is een Fritzbox, nummer {n}." if language == "nl" else f"A Fritzbox, #{n}."
        message.set_content(answer + "\n\n" + QUOTES[language].format(to=reply_to))
        if n % 10 == 0:
            message.add_attachment(b"\x89PNG" + bytes(2000), maintype="image", subtype="png")
        made.append(message)
    return made


async def send_all(port: int, messages: list[EmailMessage], connections: int) -> float:
    """Seconds from the first MAIL to the last 250, over `connections` reused ones."""
    import aiosmtplib

    async def one_connection(share: list[EmailMessage]) -> None:
        async with aiosmtplib.SMTP(
            hostname="127.0.0.1", port=port, start_tls=False, timeout=30
        ) as smtp:
            for message in share:
                errors, response = await smtp.send_message(message)
                assert not errors and "on its way" in response, response

    shares = [messages[n::connections] for n in range(connections)]
    started = time.perf_counter()
    await asyncio.gather(*(one_connection(share) for share in shares))
    return time.perf_counter() - started


async def bench_database(dialect: str, count: int, connections: int) -> dict[str, Any]:
    port = free_port()
    url = fresh_database_url(dialect)
    configure(url, port)
    from domain.db import drop_database, start_database, stop_database
    from domain.items.enums import EventType
    from domain.items.models import TimelineEvent

    await start_database(url, create_db=dialect == "postgres")
    try:
        threads = await customers_reply_addresses(200)
        messages = replies(threads, count)
        # The service is the one process writing the database meanwhile (SQLite's shape).
        await stop_database()
        service = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "workers.inbound",
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "MOPPER_LOG_LEVEL": "INFO"},
        )
        assert service.stderr is not None
        while b"ready" not in await service.stderr.readline():
            pass
        draining = asyncio.create_task(service.stderr.read())
        cpu_before = cpu_seconds(service.pid)
        elapsed = await send_all(port, messages, connections)
        cpu = cpu_seconds(service.pid) - cpu_before
        service.terminate()
        await service.wait()
        await draining
        await start_database(url, migrate_first=False)
        taken = await TimelineEvent.filter(type=EventType.MESSAGE).count()
    finally:
        if dialect == "postgres":
            await drop_database()
        else:
            await stop_database()
    return {
        "database": dialect,
        "replies": count,
        "connections": connections,
        "taken": taken,
        "per_s": count / elapsed,
        "cpu_ms_per_reply": cpu * 1000 / count,
        "per_cpu_s": count / cpu if cpu else 0.0,
    }


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux). On a shared machine
    the wall-clock rate is what is left over by the others; this is what it cost."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(result: dict[str, Any]) -> None:
    verdict = "ok" if result["per_s"] >= TARGET_PER_S else f"BELOW {TARGET_PER_S:.0f}/s"
    print(
        f"{result['database']:>8}: {result['per_s']:5.0f} replies/s into the timeline "
        f"({result['replies']} replies over {result['connections']} connections, "
        f"{result['taken']} on the timelines; target >= {TARGET_PER_S:.0f}/s: {verdict}); "
        f"the service used {result['cpu_ms_per_reply']:.1f} ms of CPU per reply "
        f"({result['per_cpu_s']:.0f} replies per CPU-second)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--only", help=argparse.SUPPRESS)  # one database, in this process
    args = parser.parse_args()
    if args.only:
        print_result(asyncio.run(bench_database(args.only, args.replies, args.connections)))
        return
    arguments = ["--replies", str(args.replies), "--connections", str(args.connections)]
    for dialect, result, errors in each_database("bench.inbound", args.databases, arguments):
        if result is None:
            print(f"{dialect:>8}: failed:\n{errors}")
            continue
        report(result)


if __name__ == "__main__":
    main()
