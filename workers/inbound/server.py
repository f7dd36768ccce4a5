"""The inbound SMTP service: aiosmtpd's SMTP protocol served on this process's event
loop (not aiosmtpd's `Controller`, which runs a loop in a thread of its own: the
database connections belong to this loop)."""

from __future__ import annotations

import asyncio
import logging
from email.utils import parseaddr
from typing import AnyStr

from aiosmtpd.smtp import SMTP

from domain.settings import Settings
from workers.inbound.handler import InboundHandler

logger = logging.getLogger("mopper.inbound")


class _InboundSMTP(SMTP):
    """aiosmtpd refuses a message over the size limit itself (552), without calling a
    handler hook; `push` (its public way of answering) is where that is seen and logged."""

    async def push(self, status: AnyStr) -> None:
        text = status.decode(errors="replace") if isinstance(status, bytes) else str(status)
        if text.startswith("552 Error"):
            logger.info("refused a message: too large")
        await super().push(status)


class InboundServer:
    def __init__(self, settings: Settings) -> None:
        self.host = settings.inbound_host
        self.port = settings.inbound_port
        self.max_bytes = settings.inbound_max_bytes
        self.hostname = settings.reply_address_domain
        self.handler = InboundHandler(own_addresses=_own_addresses(settings))
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        # aiosmtpd logs every command, senders' and recipients' addresses included.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _InboundSMTP(
                self.handler,
                data_size_limit=self.max_bytes,
                enable_SMTPUTF8=True,
                hostname=self.hostname,
                loop=loop,
            ),
            host=self.host,
            port=self.port,
        )
        logger.info("inbound SMTP service ready on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
            await server.wait_closed()
            logger.info("inbound SMTP service stopped")


def _own_addresses(settings: Settings) -> frozenset[str]:
    return frozenset(
        address
        for address in (parseaddr(settings.mail_from)[1], parseaddr(settings.mail_reply_to)[1])
        if address
    )
