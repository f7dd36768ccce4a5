"""Delivery when the mail server misbehaves, against a real aiosmtpd server: every email
arrives in the end, none twice where the outcome was known, and a refused one is kept
with the server's reason."""

from __future__ import annotations

from collections import Counter
from email.headerregistry import Address

import pytest

from domain.errors import ValidationFailed
from domain.items.models import CustomerContact, Item
from domain.notifications.enums import DeliveryState, Template
from domain.notifications.models import Notification
from tests.support.domain import gripe, relay
from tests.support.org import Org
from tests.support.smtp import SmtpSink, free_port
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker


async def rows_of(item: Item) -> list[Notification]:
    return await Notification.filter(item_id=item.id, channel="EMAIL").order_by("id")


async def states_of(item: Item) -> dict[str, DeliveryState]:
    return {str(r.recipient_address): r.state for r in await rows_of(item)}


async def all_failed_at_least(item: Item, attempts: int) -> bool:
    rows = await rows_of(item)
    return all(r.attempts >= attempts and r.state is DeliveryState.PENDING for r in rows)


async def all_sent(item: Item) -> bool:
    return set((await states_of(item)).values()) == {DeliveryState.SENT}


async def test_a_server_that_is_down_at_start_and_later_loses_nothing(org: Org) -> None:
    port = free_port()
    async with running_worker(delivery_settings(port)):
        first = (await gripe(org, org.alice, title="First")).item
        await eventually(lambda: all_failed_at_least(first, 2))
        failed = await rows_of(first)
        assert all("cannot reach the mail server" in (r.last_error or "") for r in failed)

        server = SmtpSink(port).start()
        try:
            await server.wait_for(3)
            await eventually(lambda: all_sent(first))
        finally:
            server.stop()  # and down again, while the worker runs

        second = (await gripe(org, org.bob, title="Second")).item
        await eventually(lambda: all_failed_at_least(second, 2))
        again = SmtpSink(port).start()
        try:
            await again.wait_for(3)
            await eventually(lambda: all_sent(second))
        finally:
            again.stop()

    arrived = Counter(r.message_id for r in server.received + again.received)
    queued = {r.message_id for r in await rows_of(first) + await rows_of(second)}
    assert set(arrived) == queued  # every email arrived...
    assert set(arrived.values()) == {1}  # ...once: no outcome was ever unknown here
    assert {r.last_error for r in await rows_of(first) + await rows_of(second)} == {None}


async def test_busy_replies_are_retried_and_a_refused_recipient_is_dead_with_the_reason(
    org: Org, sink: SmtpSink
) -> None:
    sink.rcpt_reply = "451 4.3.0 Mailbox busy, try again later"
    async with running_worker(delivery_settings(sink.port)):
        item = (await gripe(org, org.alice)).item
        await eventually(lambda: all_failed_at_least(item, 2))
        assert {r.last_error for r in await rows_of(item)} == {
            "451 4.3.0 Mailbox busy, try again later"
        }

        sink.rcpt_reply = None
        sink.data_reply = "421 4.3.2 Service shutting down"  # and the server hangs up
        await eventually(lambda: all_failed_at_least(item, 4))

        sink.data_reply = None
        sink.refuse["lou@example.com"] = "550 5.1.1 <lou@example.com>: no such user"
        await eventually(
            lambda: _states_are(
                item,
                {
                    "alice@example.com": DeliveryState.SENT,
                    "mia@example.com": DeliveryState.SENT,
                    "lou@example.com": DeliveryState.DEAD,
                },
            )
        )

    assert sorted(r.envelope_to[0] for r in sink.received) == [
        "alice@example.com",
        "mia@example.com",
    ]
    dead = await Notification.get(item_id=item.id, recipient_address="lou@example.com")
    assert dead.last_error == "550 5.1.1 <lou@example.com>: no such user"
    assert dead.attempts >= 5  # it was tried through the busy spell, then refused for good


async def _states_are(item: Item, expected: dict[str, DeliveryState]) -> bool:
    return await states_of(item) == expected


async def test_a_message_given_up_after_the_last_attempt_keeps_its_error(org: Org) -> None:
    port = free_port()  # nobody listens
    async with running_worker(delivery_settings(port, delivery_max_attempts=3)):
        item = (await gripe(org, org.alice)).item
        await eventually(
            lambda: _states_are(
                item,
                {
                    a: DeliveryState.DEAD
                    for a in ("alice@example.com", "mia@example.com", "lou@example.com")
                },
            )
        )
    for row in await rows_of(item):
        assert row.attempts == 3
        assert (row.last_error or "").startswith("gave up after 3 attempts; last: cannot reach")


# Right-to-left text on purpose, with an override (U+202E) and a right-to-left mark.
NAME = "Zoë <b>Ünïcode</b> \u202eكارين\u202c \u200fمرحبا"  # noqa: RUF001
TITLE = "قهوة <script>alert(1)</script> & “quotes”"


async def test_names_and_titles_of_every_kind_arrive_as_text(org: Org, sink: SmtpSink) -> None:
    item = await relay(org, org.bob)
    await CustomerContact.filter(item_id=item.id).update(name=NAME)
    rows = await Notification.filter(item_id=item.id)
    for row in rows:
        await Notification.filter(id=row.id).update(payload={**row.payload, "title": TITLE})

    async with running_worker(delivery_settings(sink.port)):
        await eventually(lambda: all_sent(item))

    [email] = sink.to("klant@example.net")
    [to] = email.message["To"].addresses
    assert to.addr_spec == "klant@example.net"
    assert email.decoded("To") == f"{NAME} <klant@example.net>"
    assert email.message["Subject"] == f"[{item.reference}] {TITLE}"
    text, html = email.text(), email.html()
    assert text.startswith(f"Beste {NAME},")
    assert f"“{TITLE}”" in text
    assert "<script>" not in html and "<b>Ünïcode" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “quotes”" in html
    assert "Zoë &lt;b&gt;Ünïcode&lt;/b&gt;" in html
    # Typed text is isolated, so right-to-left runs cannot reorder the sentence.
    escaped = NAME.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<bdi>{escaped}</bdi>" in html


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r", "\u2028", "\x85"])
async def test_line_breaks_in_names_and_titles_cannot_add_headers(
    org: Org, sink: SmtpSink, newline: str
) -> None:
    """Input checks already refuse them; even text that reached the database another
    way cannot add a header or a recipient."""
    with pytest.raises(ValidationFailed):
        await relay_with_name(org, f"Karin{newline}Bcc: spy@example.org")
    assert await Item.all().count() == 0  # refused, nothing written

    item = await relay(org, org.bob)
    injected = f"Karin{newline}Bcc: spy@example.org{newline}X-Evil: yes"
    await CustomerContact.filter(item_id=item.id).update(name=injected)
    row = await Notification.get(item_id=item.id, template=Template.CUSTOMER_ITEM_RECEIVED)
    await Notification.filter(id=row.id).update(
        payload={**row.payload, "title": f"Hi{newline}Bcc: spy@example.org"}
    )
    async with running_worker(delivery_settings(sink.port)):
        await eventually(lambda: all_sent(item))

    [email] = sink.to("klant@example.net")
    assert email.envelope_to == ["klant@example.net"]
    assert sink.to("spy@example.org") == []
    assert email.message["Bcc"] is None and email.message["X-Evil"] is None
    assert email.message["To"].addresses == (
        Address(
            display_name="Karin Bcc: spy@example.org X-Evil: yes", addr_spec="klant@example.net"
        ),
    )
    assert email.message["Subject"] == f"[{item.reference}] Hi Bcc: spy@example.org"
    header_lines = email.raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert not any(line.lower().startswith((b"bcc:", b"x-evil:")) for line in header_lines)


async def relay_with_name(org: Org, name: str) -> Item:
    from domain.items import submission
    from tests.support.domain import calendar

    submitted = await submission.relay_customer_problem(
        await org.principal(org.bob),
        submission.CustomerProblemDraft(
            category_id=org.internet.id,
            title="Internet drops",
            body="Every evening.",
            customer_name=name,
            customer_email="klant@example.net",
            customer_locale=org.bob.locale,
            consent=True,
        ),
        calendar(),
    )
    return submitted.item
