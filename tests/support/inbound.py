"""Replies by email in tests: the inbound SMTP service on 127.0.0.1 (a free port, in
the test's own event loop and database), reply addresses as the delivery worker gives
them out, and replies written the way mail clients write them, sent with aiosmtplib."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

import aiosmtplib

from domain.clock import utcnow
from domain.items.models import Item
from domain.notifications.enums import Channel
from domain.notifications.models import Notification
from domain.replies import addresses
from domain.settings import Settings, get_settings
from tests.support.smtp import free_port
from tests.support.workers import WorkerProcess
from workers.inbound.server import InboundServer

REPLY_DOMAIN = "replies.example.com"


def inbound_settings(**overrides: object) -> Settings:
    return get_settings().model_copy(
        update={
            "inbound_host": "127.0.0.1",
            "inbound_port": free_port(),
            "reply_domain": REPLY_DOMAIN,
            **overrides,
        }
    )


@asynccontextmanager
async def running_inbound(settings: Settings | None = None) -> AsyncIterator[InboundServer]:
    server = InboundServer(settings or inbound_settings())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def reply_address_of(item: Item, recipient: str, *, days: int = 90) -> str:
    """The reply address the worker would give `recipient` (an address on the item's
    outbox) for the item's thread."""
    row = await Notification.filter(
        item_id=item.id, recipient_address=recipient, channel=Channel.EMAIL
    ).first()
    assert row is not None, f"no email to {recipient} about {item.reference}"
    tokens = await addresses.issue(
        [
            addresses.Thread(
                thread_id=row.thread_id,
                item_id=item.id,
                recipient_kind=row.recipient_kind,
                recipient_user_id=row.recipient_user_id,
            )
        ],
        now=utcnow(),
        lifetime=timedelta(days=days),
    )
    return addresses.reply_address(tokens[row.thread_id], REPLY_DOMAIN)


def reply(
    *,
    to: str,
    sender: str,
    text: str,
    quoted: str = "",
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> EmailMessage:
    """A reply as a mail client writes it: the answer, then the quoted message."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: [MOP-00001] Something"
    message["Message-ID"] = make_msgid(domain="client.example")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text + ("\n\n" + quoted if quoted else "") + "\n")
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


class _Listening(Protocol):
    host: str
    port: int


async def send(server: _Listening, message: EmailMessage, *, mail_from: str | None = None) -> str:
    """Send over SMTP (MAIL FROM the From address unless told); the server's answer to
    DATA. A refusal raises aiosmtplib's error, with the server's code and text."""
    sender = mail_from if mail_from is not None else message["From"].addresses[0].addr_spec
    async with aiosmtplib.SMTP(
        hostname=server.host, port=server.port, start_tls=False, timeout=10
    ) as smtp:
        errors, response = await smtp.send_message(
            message, sender=sender, recipients=[str(message["To"])]
        )
    assert not errors
    return response


class InboundProcess(WorkerProcess):
    """`python -m workers.inbound` against the test database, on a free port."""

    module = "workers.inbound"
    ready_line = re.compile(r"inbound SMTP service ready on (\S+)")

    def __init__(self) -> None:
        self.port = free_port()
        super().__init__(
            0, inbound_host="127.0.0.1", inbound_port=self.port, reply_domain=REPLY_DOMAIN
        )
        self.host = "127.0.0.1"
