"""Header injection through RFC 2047 encoded words, through the real worker to a real SMTP
server: whatever reached the outbox (input checks refuse these; here they are put in the
database directly), nothing but the headers the composer meant goes on the wire — the
email is DEAD with the reason instead.

On CPython before 3.11.10 / 3.12.5 the email library writes such a decoded line break as
it is; on later ones (and Debian's 3.11.2) it encodes it. The composer's own checks
(`workers/sealing.py`) hold on both, and one test plays the older library on any Python.
"""

from __future__ import annotations

import base64
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from typing import cast

import pytest

from domain.items.models import CustomerContact, Item
from domain.notifications.enums import DeliveryState, Template
from domain.notifications.models import Notification
from tests.support.domain import relay
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker
from workers import composing, sealing
from workers.composing import POLICY, LiteralHeader


def b_word(text: str) -> str:
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?="


PAYLOADS = {
    "q, Bcc": "=?utf-8?q?=0D=0ABcc:_x@example.org?=",
    "Q, bare line feeds": "=?UTF-8?Q?=0A=0ABcc:_x@example.org?=",
    "b, Reply-To": f"Your case {b_word(chr(13) + chr(10) + 'Reply-To: x@example.org')}",
    "ends the header block": "=?utf-8?q?=0D=0A=0D=0AYour_account_x@example.org_is_closed?=",
    "latin-1": "=?iso-8859-1?q?=0D=0AX-Mailer:_x@example.org?=",
}
SECRET = b"x@example.org"


async def settled(item: Item) -> bool:
    rows = await Notification.filter(item_id=item.id, channel="EMAIL")
    return all(r.state in (DeliveryState.SENT, DeliveryState.DEAD) for r in rows)


async def customer_row(item: Item) -> Notification:
    return await Notification.get(item_id=item.id, template=Template.CUSTOMER_ITEM_RECEIVED)


async def deliver(item: Item, sink: SmtpSink) -> Notification:
    """Run the real worker until every email of `item` is sent or dead; the customer's."""
    async with running_worker(delivery_settings(sink.port)):
        await eventually(lambda: settled(item))
    return await customer_row(item)


def assert_nothing_smuggled(sink: SmtpSink) -> None:
    assert sink.to("klant@example.net") == []  # the customer's email never left
    for received in sink.received:
        assert SECRET not in received.raw
        assert received.message["Bcc"] is None
        # The one Reply-To is the thread's own reply address, nothing smuggled beside it.
        reply_to = received.message.get_all("Reply-To") or []
        assert len(reply_to) == 1 and reply_to[0].addresses[0].username.startswith("reply+")


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
async def test_an_encoded_line_break_in_a_title_never_reaches_the_wire(
    org: Org, sink: SmtpSink, payload: str
) -> None:
    item = await relay(org, org.bob)
    row = await customer_row(item)
    await Notification.filter(id=row.id).update(payload={**row.payload, "title": payload})

    dead = await deliver(item, sink)

    assert dead.state is DeliveryState.DEAD
    assert (dead.last_error or "").startswith("not sent: the Subject header")
    assert dead.attempts == 1  # refused for good, not retried
    assert_nothing_smuggled(sink)
    # The other emails about the item, with its real title, went out as usual.
    assert {r.envelope_to[0] for r in sink.received} >= {"bob@example.com", "max@example.com"}


@pytest.mark.parametrize(
    "name",
    [
        "Karin =?utf-8?q?=0D=0ABcc:_x@example.org?=",
        f"Karin {b_word(chr(13) + chr(10) + chr(13) + chr(10) + 'x@example.org')}",
    ],
)
async def test_an_encoded_line_break_in_a_customer_name_never_reaches_the_wire(
    org: Org, sink: SmtpSink, name: str
) -> None:
    item = await relay(org, org.bob)
    await CustomerContact.filter(item_id=item.id).update(name=name)

    dead = await deliver(item, sink)

    assert dead.state is DeliveryState.DEAD
    reason = dead.last_error or ""
    # Written as it is (older Pythons: a Bcc header more, or the block ended early) or
    # encoded (newer: a To header that reads back with a line break), it is refused.
    assert reason.startswith("not sent: the") and "header" in reason
    assert "Karin" not in reason  # the reason names headers, not values
    assert_nothing_smuggled(sink)


class WrittenAsDecoded(UnstructuredHeader):
    """What the email library before 3.11.10 / 3.12.5 does with a decoded line break:
    writes it as it is."""

    name: str

    def fold(self, *, policy: policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


async def test_the_written_header_block_is_checked_on_a_python_without_the_fix(
    org: Org, sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The older library, and the first check (decoded values on one line) missing it:
    reading back the written header block still stops the email."""
    vulnerable = HeaderRegistry()
    vulnerable.map_to_type("list-unsubscribe", cast("type[BaseHeader]", LiteralHeader))
    vulnerable.map_to_type("subject", cast("type[BaseHeader]", WrittenAsDecoded))
    monkeypatch.setattr(composing, "POLICY", POLICY.clone(header_factory=vulnerable))
    monkeypatch.setattr(sealing, "_one_line", lambda value: True)
    item = await relay(org, org.bob)
    row = await customer_row(item)
    await Notification.filter(id=row.id).update(
        payload={**row.payload, "title": PAYLOADS["q, Bcc"]}
    )

    dead = await deliver(item, sink)

    assert dead.state is DeliveryState.DEAD
    assert (dead.last_error or "").startswith("not sent: the written header block differs")
    assert "bcc" in (dead.last_error or "")
    assert_nothing_smuggled(sink)


async def test_list_unsubscribe_goes_out_as_a_plain_url_however_long(
    org: Org, sink: SmtpSink
) -> None:
    base = "https://mopper.example.com/" + "a-very-long-path/" * 8
    item = await relay(org, org.bob)
    async with running_worker(delivery_settings(sink.port, public_base_url=base.rstrip("/"))):
        await eventually(lambda: settled(item))
    [email] = sink.to("klant@example.net")
    lines = email.raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    [unsubscribe] = [line for line in lines if line.startswith(b"List-Unsubscribe:")]
    assert unsubscribe.startswith(b"List-Unsubscribe: <" + base.encode() + b"unsubscribe/")
    assert unsubscribe.endswith(b">")
    assert len(unsubscribe) > 200 and b"=?" not in unsubscribe  # one line, not encoded
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
