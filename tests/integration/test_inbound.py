"""Replies by email, over real SMTP both ways: the outbox sends to the test's SMTP
server, the reply goes back with aiosmtplib to the inbound service, and the item's
timeline (and the emails that follow) show it with the right author and audience."""

from __future__ import annotations

from domain.items import triage
from domain.items.enums import ActorKind, EventType, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.notifications.models import Notification
from tests.support.domain import gripe, relay
from tests.support.inbound import InboundProcess, reply, reply_address_of, running_inbound, send
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker

DUTCH_QUOTE = """Met vriendelijke groet,
Karin Klant

Op ma 7 dec. 2026 om 14:30 schreef Mopper <reply@replies.example.com>:

> Beste Karin Klant,
>
> Om verder te kunnen heeft het team meer informatie nodig."""

ENGLISH_QUOTE = """Thanks,
Alice

On Mon, Dec 7, 2026 at 2:30 PM Mopper <reply@replies.example.com> wrote:
> Hello,
> The team needs more information."""


async def messages(item: Item) -> list[TimelineEvent]:
    return await TimelineEvent.filter(item_id=item.id, type=EventType.MESSAGE).order_by("id")


async def emails_settled() -> bool:
    return not await Notification.filter(channel="EMAIL", state__in=["PENDING", "SENDING"]).exists()


async def test_a_customer_answers_the_question_by_replying_to_the_email(
    org: Org, sink: SmtpSink
) -> None:
    """The whole loop: the question reaches the customer with a reply address, the
    customer's reply (in Dutch, quoting the email) comes back through the inbound
    service, lands on the timeline for everyone, sends the item back to work, and the
    team and the employee who relayed it hear of it, with the status it is in now."""
    max_ = await org.principal(org.max)
    async with running_worker(delivery_settings(sink.port)), running_inbound() as inbound:
        item = await relay(org, org.bob)
        await triage.acknowledge(max_, item.id)
        await triage.transition(
            max_, item.id, to=Status.WAITING_FOR_INFO, message="Which router do you have?"
        )
        await eventually(emails_settled)
        question = sink.to("klant@example.net")[-1]
        reply_to = question.message["Reply-To"]
        assert reply_to is not None
        address = reply_to.addresses[0].addr_spec
        assert address.startswith("reply+") and address.endswith("@mopper.localhost")

        answer = reply(
            to=address,
            sender="Karin Klant <klant@example.net>",
            text="Het is een Fritzbox 7590.",
            quoted=DUTCH_QUOTE,
        )
        await send(inbound, answer)
        await eventually(emails_settled)

    [message] = await messages(item)
    assert message.message == "Het is een Fritzbox 7590."
    assert message.actor_kind is ActorKind.CUSTOMER
    assert message.visibility is Visibility.PUBLIC
    assert message.data == {"via": "EMAIL"}
    assert (await Item.get(id=item.id)).status is Status.IN_PROGRESS

    [for_max] = [
        e for e in sink.to("max@example.com") if "schreef" in e.text() or "wrote" in e.text()
    ]
    assert "The customer wrote about “Internet drops every evening”:" in for_max.text()
    assert "    Het is een Fritzbox 7590." in for_max.text()
    assert "Status: In progress" in for_max.text()  # not "Waiting for information"
    bob_heard = sink.to("bob@example.com")[-1].text()
    assert "Je klant schreef het team over “Internet drops every evening”:" in bob_heard
    assert "Status: In behandeling" in bob_heard
    # Nobody writes back to the customer about their own message.
    assert len(sink.to("klant@example.net")) == 3


async def test_every_email_to_a_person_has_its_own_reply_address(org: Org, sink: SmtpSink) -> None:
    settings = delivery_settings(sink.port, mail_from="Mopper <mopper@company.example>")
    async with running_worker(settings):
        item = await relay(org, org.bob)
        await eventually(emails_settled)

    received = sink.received
    assert len(received) == 3  # Bob, the customer, Max
    replies = {r.envelope_to[0]: r.message["Reply-To"].addresses[0] for r in received}
    assert len({a.addr_spec for a in replies.values()}) == 3
    for address in replies.values():
        assert address.display_name == "Mopper"
        assert address.domain == "company.example"  # MOPPER_REPLY_DOMAIN unset: the sender's
        token = address.username.removeprefix("reply+")
        assert len(token) == 32 and token.isalnum() and token == token.lower()  # 160 bits
    for r in received:  # Message-IDs and threads take the sender's domain too
        assert r.message_id.endswith("@company.example>")
        assert str(r.message["References"]).endswith("@company.example>")
    # The token itself is nowhere in the database: only a keyed hash of it.
    from domain.replies.models import ReplyAddress

    rows = await ReplyAddress.filter(item_id=item.id)
    assert len(rows) == 3
    tokens = {a.username.removeprefix("reply+") for a in replies.values()}
    stored = {value for row in rows for value in (row.token_lookup, row.token_salt, row.thread_id)}
    assert not tokens & stored
    assert not any(token in value for token in tokens for value in stored)


async def test_the_submitter_answers_the_team_in_english(org: Org, sink: SmtpSink) -> None:
    mia = await org.principal(org.mia)
    async with running_worker(delivery_settings(sink.port)), running_inbound() as inbound:
        item = (await gripe(org, org.alice, title="The coffee machine leaks")).item
        await triage.transition(mia, item.id, to=Status.ACKNOWLEDGED)
        await triage.assign(mia, item.id, assignee_id=org.mia.id)
        await triage.transition(mia, item.id, to=Status.IN_PROGRESS)
        await triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="Which floor?")
        await eventually(emails_settled)
        address = sink.to("alice@example.com")[-1].message["Reply-To"].addresses[0].addr_spec
        await send(
            inbound,
            reply(to=address, sender="alice@example.com", text="Floor 3.", quoted=ENGLISH_QUOTE),
        )
        await eventually(emails_settled)

    [message] = await messages(item)
    assert (message.message, message.visibility) == ("Floor 3.", Visibility.SUBMITTER)
    assert (message.actor_kind, message.actor_id) == (ActorKind.USER, org.alice.id)
    for_mia = sink.to("mia@example.com")[-1].text()
    assert "Alice Jansen replied on “The coffee machine leaks”:" in for_mia
    assert "Status: In progress" in for_mia


async def test_a_managers_reply_becomes_an_internal_note_that_nobody_is_emailed(
    org: Org, sink: SmtpSink
) -> None:
    async with running_worker(delivery_settings(sink.port)), running_inbound() as inbound:
        item = (await gripe(org, org.alice)).item
        await eventually(emails_settled)
        new_item_email = sink.to("mia@example.com")[-1]
        assert "Replying to this email adds an internal note" in new_item_email.text()
        address = new_item_email.message["Reply-To"].addresses[0].addr_spec
        await send(inbound, reply(to=address, sender="Mia@Example.com", text="Known issue."))
        await eventually(emails_settled)

    [note] = await messages(item)
    assert (note.message, note.visibility, note.actor_id) == (
        "Known issue.",
        Visibility.INTERNAL,
        org.mia.id,
    )
    assert not await Notification.filter(event_id=note.id).exists()


async def test_an_attachment_is_left_out_and_the_team_is_told(org: Org, sink: SmtpSink) -> None:
    async with running_worker(delivery_settings(sink.port)), running_inbound() as inbound:
        item = await relay(org, org.bob)
        await eventually(emails_settled)
        address = await reply_address_of(item, "klant@example.net")
        answer = reply(to=address, sender="klant@example.net", text="A photo of the router.")
        answer.add_attachment(b"\x89PNG...", maintype="image", subtype="png", filename="r.png")
        await send(inbound, answer)
        await eventually(emails_settled)

    [message] = await messages(item)
    assert message.message == "A photo of the router."
    assert message.data == {"via": "EMAIL", "attachments_left_out": 1}
    told = sink.to("max@example.com")[-1].text()
    assert "One attachment was left out: Mopper does not keep attachments." in told


async def test_an_html_only_reply_keeps_the_answer_and_drops_the_quote(org: Org) -> None:
    item = await relay(org, org.bob)
    address = await reply_address_of(item, "klant@example.net")
    message = reply(to=address, sender="klant@example.net", text="unused")
    message.clear_content()
    message.set_content(
        "<div>Het is een <b>Fritzbox</b> &amp; een switch.<br>Groet</div>"
        '<div class="gmail_quote">Op ma schreef Mopper:'
        "<blockquote>Welke router?</blockquote></div>",
        subtype="html",
    )
    async with running_inbound() as inbound:
        await send(inbound, message)
    [taken] = await messages(item)
    assert taken.message == "Het is een Fritzbox & een switch.\nGroet"


async def test_the_inbound_service_runs_as_a_process_of_its_own(org: Org) -> None:
    """`python -m workers.inbound` takes a reply into the shared database, and stops
    cleanly on SIGTERM."""
    item = (await gripe(org, org.alice)).item
    address = await reply_address_of(item, "alice@example.com")
    inbound = InboundProcess()
    async with inbound:
        answer = await send(inbound, reply(to=address, sender="alice@example.com", text="Hi!"))
        assert "on its way" in answer
        assert await inbound.terminate() == 0
    [message] = await messages(item)
    assert message.message == "Hi!"
    assert any("took a reply on item" in line for line in inbound.lines)
