"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, in a thread of its own, keeping
every message it accepts and answering as the test tells it to."""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.waiting import eventually


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass(frozen=True)
class Received:
    envelope_to: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def decoded(self, header: str) -> str:
        """A header decoded strictly by RFC 2047, as mail clients do (the stdlib's
        address parser puts a space between adjacent encoded words)."""
        raw = message_from_bytes(self.raw)[header]
        return str(make_header(decode_header(raw)))

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "no text part"
        return str(part.get_content()).replace("\r\n", "\n")  # SMTP sends CRLF

    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        assert part is not None, "no HTML part"
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class Gate:
    """Holds the server at one step until the test opens it: `reached` is set when a
    client gets there."""

    reached: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    async def pass_through(self) -> None:
        self.reached.set()
        await asyncio.to_thread(self.opened.wait, 120)


class SmtpSink:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._controller: Controller | None = None
        # What the server answers (None: accept).
        self.refuse: dict[str, str] = {}  # recipient -> reply to its RCPT
        self.rcpt_reply: str | None = None  # reply to every RCPT
        self.data_reply: str | None = None  # reply to every DATA, after reading it
        self.before_mail: Gate | None = None  # hold at MAIL FROM
        self.after_data: Gate | None = None  # hold after storing, before answering 250
        self.transactions = 0  # MAIL FROM commands seen

    # -- the server side (runs in aiosmtpd's thread) --------------------------------
    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        with self._lock:
            self.transactions += 1
        if self.before_mail is not None:
            await self.before_mail.pass_through()
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        reply = self.refuse.get(address) or self.rcpt_reply
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.data_reply is not None:
            return self.data_reply
        raw = bytes(envelope.original_content or envelope.content)
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._received.append(Received(list(envelope.rcpt_tos), raw, message))
        if self.after_data is not None:
            await self.after_data.pass_through()
        return "250 Message accepted"

    # -- the test side ------------------------------------------------------------------
    def start(self) -> SmtpSink:
        self._controller = Controller(
            self, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.envelope_to]

    async def wait_for(self, count: int, *, within: float = 30.0) -> list[Received]:
        """At least `count` messages, once they have arrived."""
        await eventually(lambda: len(self.received) >= count, within=within)
        return self.received
