"""Bad input to the inbound service, each over real SMTP: what is not a reply to a
known thread, from someone else, sent by a machine, or too large is refused or dropped
with a log line, and never reaches a timeline or sends an email (no mail loop)."""

from __future__ import annotations

import logging
from datetime import timedelta

import aiosmtplib
import pytest
from pydantic import SecretStr

from domain.clock import utcnow
from domain.crypto import reply_token
from domain.items import triage
from domain.items.enums import EventType, Status
from domain.items.models import Item, TimelineEvent
from domain.notifications.models import Notification
from domain.org.models import Membership, User
from domain.replies.addresses import reply_address, token_in
from domain.replies.models import ReplyAddress
from domain.settings import configure, get_settings
from tests.support.domain import gripe, relay
from tests.support.inbound import (
    REPLY_DOMAIN,
    inbound_settings,
    reply,
    reply_address_of,
    running_inbound,
    send,
)
from tests.support.org import Org

CUSTOMER = "klant@example.net"


@pytest.fixture
def inbound_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mopper.inbound")
    return caplog


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the service said about the messages (not its start and stop)."""
    lines = [r.getMessage() for r in caplog.records if r.name == "mopper.inbound"]
    return [line for line in lines if not line.startswith("inbound SMTP service")]


async def nothing_happened(item: Item, outbox_before: int) -> bool:
    messages = await TimelineEvent.filter(item_id=item.id, type=EventType.MESSAGE).count()
    outbox = await Notification.all().count()
    return messages == 0 and outbox == outbox_before


@pytest.fixture
async def relayed(org: Org) -> Item:
    return await relay(org, org.bob)


async def test_a_reply_address_nobody_was_given_is_refused_before_the_message(
    relayed: Item, inbound_log: pytest.LogCaptureFixture
) -> None:
    before = await Notification.all().count()
    made_up = reply_address("a" * 32, REPLY_DOMAIN)
    async with running_inbound() as inbound:
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
            await send(inbound, reply(to=made_up, sender=CUSTOMER, text="Hello?"))
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as not_ours:
            await send(inbound, reply(to="info@replies.example.com", sender=CUSTOMER, text="Hi"))
    assert refused.value.recipients[0].code == 550
    assert "unknown" in refused.value.recipients[0].message
    assert not_ours.value.recipients[0].code == 550
    assert await nothing_happened(relayed, before)
    assert logged(inbound_log) == [
        "refused a reply: UNKNOWN_ADDRESS",
        "refused a message: not a reply address",
    ]
    # The log never holds the address or its token.
    assert not any("a" * 32 in line for line in logged(inbound_log))


async def test_a_forged_token_is_refused(relayed: Item) -> None:
    """A real address with one letter changed, and one made with another server's secret."""
    before = await Notification.all().count()
    real = await reply_address_of(relayed, CUSTOMER)
    token = token_in(real)
    assert token is not None
    changed = ("b" if token[0] != "b" else "c") + token[1:]
    row = await ReplyAddress.get(item_id=relayed.id, recipient_kind="CUSTOMER")
    mine = get_settings()
    configure(mine.model_copy(update={"secret_key": SecretStr("another-servers-secret-key")}))
    try:
        elsewhere = reply_token(row.token_salt)
    finally:
        configure(mine)
    async with running_inbound() as inbound:
        for forged in (changed, elsewhere):
            with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
                await send(
                    inbound,
                    reply(to=reply_address(forged, REPLY_DOMAIN), sender=CUSTOMER, text="Hi"),
                )
    assert await nothing_happened(relayed, before)


async def test_an_expired_reply_address_is_refused(
    relayed: Item, inbound_log: pytest.LogCaptureFixture
) -> None:
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    await ReplyAddress.filter(item_id=relayed.id).update(expires_at=utcnow() - timedelta(seconds=1))
    async with running_inbound() as inbound:
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
            await send(inbound, reply(to=address, sender=CUSTOMER, text="Still there?"))
    assert "expired" in refused.value.recipients[0].message
    assert await nothing_happened(relayed, before)
    assert logged(inbound_log) == ["refused a reply: EXPIRED"]


async def test_a_reply_from_someone_the_address_was_not_given_to_is_refused(
    org: Org, relayed: Item, inbound_log: pytest.LogCaptureFixture
) -> None:
    before = await Notification.all().count()
    customers = await reply_address_of(relayed, CUSTOMER)
    bobs = await reply_address_of(relayed, "bob@example.com")
    async with running_inbound() as inbound:
        for address, sender in ((customers, "mallory@example.org"), (bobs, CUSTOMER)):
            with pytest.raises(aiosmtplib.SMTPDataError) as refused:
                await send(inbound, reply(to=address, sender=sender, text="Close it."))
            assert refused.value.code == 550
    assert await nothing_happened(relayed, before)
    assert logged(inbound_log) == ["refused a reply: OTHER_SENDER"] * 2


@pytest.mark.parametrize(
    ("headers", "mail_from", "reason"),
    [
        ({}, "", "empty return path (a bounce)"),
        ({"Auto-Submitted": "auto-replied"}, None, "Auto-Submitted"),
        ({"Precedence": "bulk"}, None, "Precedence"),
        ({"Precedence": "auto_reply"}, None, "Precedence"),
        ({"X-Autoreply": "yes"}, None, "X-Autoreply"),
        ({"Return-Path": "<>"}, None, "empty return path (a bounce)"),
    ],
)
async def test_bounces_and_auto_replies_are_dropped_and_never_answered(
    relayed: Item,
    inbound_log: pytest.LogCaptureFixture,
    headers: dict[str, str],
    mail_from: str | None,
    reason: str,
) -> None:
    """Accepted (so that no server sends it back again) and dropped: no timeline entry,
    and no email goes out because of it, so no loop can form."""
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    out_of_office = reply(
        to=address, sender=CUSTOMER, text="I am out of the office until Monday.", headers=headers
    )
    async with running_inbound() as inbound:
        answer = await send(inbound, out_of_office, mail_from=mail_from)
    assert "dropped" in answer.lower()
    assert await nothing_happened(relayed, before)
    assert logged(inbound_log) == [f"dropped an automatic message: {reason}"]


async def test_a_delivery_report_is_dropped(relayed: Item) -> None:
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    report = reply(to=address, sender="MAILER-DAEMON@example.net", text="Undeliverable")
    async with running_inbound() as inbound:
        assert "dropped" in (await send(inbound, report, mail_from="bounces@example.net")).lower()
    assert await nothing_happened(relayed, before)


async def test_a_message_from_mopper_itself_is_dropped(relayed: Item) -> None:
    """Our own email sent back to us (a forwarding rule) must not become a message."""
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    ours = reply(to=address, sender="Mopper <mopper@mopper.localhost>", text="Hello,")
    async with running_inbound() as inbound:
        assert "dropped" in (await send(inbound, ours)).lower()
    assert await nothing_happened(relayed, before)


async def test_an_oversized_message_is_refused_unread(
    relayed: Item, inbound_log: pytest.LogCaptureFixture
) -> None:
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    big = reply(to=address, sender=CUSTOMER, text="Look at this.")
    big.add_attachment(b"x" * 20_000, maintype="application", subtype="octet-stream")
    async with running_inbound(inbound_settings(inbound_max_bytes=8 * 1024)) as inbound:
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await send(inbound, big)
    assert refused.value.code == 552
    assert await nothing_happened(relayed, before)
    assert "refused a message: too large" in logged(inbound_log)


async def test_a_reply_to_a_closed_item_is_refused(org: Org) -> None:
    mia = await org.principal(org.mia)
    item = (await gripe(org, org.alice)).item
    await triage.transition(mia, item.id, to=Status.DECLINED, message="No.")
    await triage.transition(mia, item.id, to=Status.CLOSED)
    before = await Notification.all().count()
    address = await reply_address_of(item, "alice@example.com")
    async with running_inbound() as inbound:
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await send(inbound, reply(to=address, sender="alice@example.com", text="But why?"))
    assert "closed" in refused.value.message
    assert await nothing_happened(item, before)


async def test_a_reply_with_nothing_above_the_quote_is_refused(relayed: Item) -> None:
    before = await Notification.all().count()
    address = await reply_address_of(relayed, CUSTOMER)
    empty = reply(to=address, sender=CUSTOMER, text="", quoted="> Which router do you have?")
    async with running_inbound() as inbound:
        with pytest.raises(aiosmtplib.SMTPDataError) as refused:
            await send(inbound, empty)
    assert refused.value.code == 550
    assert await nothing_happened(relayed, before)


async def test_one_reply_address_per_message(org: Org, relayed: Item) -> None:
    before = await Notification.all().count()
    customers = await reply_address_of(relayed, CUSTOMER)
    bobs = await reply_address_of(relayed, "bob@example.com")
    message = reply(to=customers, sender=CUSTOMER, text="Both of you.")
    async with (
        running_inbound() as inbound,
        aiosmtplib.SMTP(hostname=inbound.host, port=inbound.port, start_tls=False) as smtp,
    ):
        errors, _ = await smtp.send_message(message, sender=CUSTOMER, recipients=[customers, bobs])
    assert errors[bobs].code == 452
    # The first was taken as a reply of the customer's, nothing more.
    assert await TimelineEvent.filter(item_id=relayed.id, type=EventType.MESSAGE).count() == 1
    assert await Notification.all().count() > before


async def test_someone_no_longer_involved_cannot_reply(org: Org) -> None:
    """A manager who left the team, an employee who was deactivated."""
    item = (await gripe(org, org.alice)).item
    mias = await reply_address_of(item, "mia@example.com")
    alices = await reply_address_of(item, "alice@example.com")
    await Membership.filter(user_id=org.mia.id).delete()
    await User.filter(id=org.alice.id).update(is_active=False)
    before = await Notification.all().count()
    async with running_inbound() as inbound:
        for address, sender in ((mias, "mia@example.com"), (alices, "alice@example.com")):
            with pytest.raises(aiosmtplib.SMTPDataError):
                await send(inbound, reply(to=address, sender=sender, text="Me again."))
    assert await nothing_happened(item, before)
