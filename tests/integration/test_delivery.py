"""Emails as they arrive at a real SMTP server: headers, both parts, language, links,
one thread per item and recipient, for every step of an item's life."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from domain.crypto import customer_status_token
from domain.items import customers, triage
from domain.items.enums import Status
from domain.items.models import CustomerContact, Item
from domain.notifications.enums import DeliveryState, Template
from domain.notifications.models import Notification
from tests.support.domain import anonymous_gripe, gripe, relay
from tests.support.org import Org
from tests.support.smtp import Received, SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker

BASE = "http://127.0.0.1:8000"


async def all_sent(item: Item) -> bool:
    rows = await Notification.filter(item_id=item.id, channel="EMAIL")
    return all(row.state is DeliveryState.SENT for row in rows)


async def emails_settled() -> bool:
    waiting = await Notification.filter(
        channel="EMAIL", state__in=[DeliveryState.PENDING, DeliveryState.SENDING]
    ).count()
    return waiting == 0


async def test_a_gripe_reaches_its_submitter_and_the_teams_managers(
    org: Org, sink: SmtpSink
) -> None:
    async with running_worker(delivery_settings(sink.port)):
        submitted = await gripe(org, org.alice, title="The coffee machine leaks")
        item = submitted.item
        await sink.wait_for(3)
        await eventually(lambda: all_sent(item))

    assert sorted(r.envelope_to[0] for r in sink.received) == [
        "alice@example.com",
        "lou@example.com",
        "mia@example.com",
    ]
    [receipt] = sink.to("alice@example.com")
    row = await Notification.get(item_id=item.id, recipient_address="alice@example.com")
    headers = receipt.message
    assert headers["Subject"] == f"[{item.reference}] The coffee machine leaks"
    assert headers["From"] == "Mopper <mopper@mopper.localhost>"
    assert row.message_id.endswith("@mopper.localhost>")  # the domain of the sender
    assert headers["To"] == "alice@example.com"
    assert headers["Message-ID"] == row.message_id
    assert headers["In-Reply-To"] == headers["References"] == row.thread_id
    assert headers["Content-Language"] == "en"
    assert headers["Auto-Submitted"] == "auto-generated"
    # One click stops this kind of email (her own items), not everything.
    assert ".my_items." in headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsedate_to_datetime(headers["Date"]) == row.created_at.replace(microsecond=0)
    text, html = receipt.text(), receipt.html()
    assert "We received your gripe “The coffee machine leaks”" in text
    assert "The Facilities team will look at it" in text
    assert f"Open it in Mopper: {BASE}/items/{item.id}" in text
    assert f'href="{BASE}/items/{item.id}"' in html
    assert '<html lang="en">' in html
    assert "We received your gripe “<bdi>The coffee machine leaks</bdi>”" in html

    [for_mia] = sink.to("mia@example.com")
    assert "A new gripe came in for Facilities" in for_mia.text()
    assert "Sent in by Alice Jansen." in for_mia.text()


async def test_an_anonymous_gripe_emails_nobody_but_the_managers(org: Org, sink: SmtpSink) -> None:
    async with running_worker(delivery_settings(sink.port)):
        item = (await anonymous_gripe(org, org.alice)).card
        await triage.acknowledge(await org.principal(org.mia), item.id)
        await eventually(emails_settled)

    assert sorted(r.envelope_to[0] for r in sink.received) == ["lou@example.com", "mia@example.com"]
    for received in sink.received:
        assert "It was sent in anonymously." in received.text()
        assert "alice" not in received.raw.decode(errors="replace").lower()


async def test_the_customer_hears_in_their_language_with_a_status_link(
    org: Org, sink: SmtpSink
) -> None:
    async with running_worker(delivery_settings(sink.port)):
        item = await relay(org, org.bob)
        await eventually(lambda: all_sent(item))

    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)
    [email] = sink.to("klant@example.net")
    message = email.message
    assert message["To"] == "Karin Klant <klant@example.net>"
    assert message["Subject"] == f"[{item.reference}] Internet drops every evening"
    assert message["Content-Language"] == "nl"
    assert message["List-Unsubscribe"] == f"<{BASE}/unsubscribe/{token}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = email.text(), email.html()
    assert text.startswith("Beste Karin Klant,")
    assert "Bob heeft uw probleem aan ons doorgegeven: “Internet drops every evening”." in text
    assert f"Uw statuspagina: {BASE}/status#{token}" in text
    assert f'href="{BASE}/status#{token}"' in html
    assert '<html lang="nl">' in html
    # Staff names never reach the customer: Bob is named by first name only.
    assert "de Vries" not in text and "Max" not in text

    [for_bob] = sink.to("bob@example.com")
    assert for_bob.message["Content-Language"] == "nl"
    assert "We hebben het probleem ontvangen dat je voor je klant doorgaf" in for_bob.text()
    assert "/unsubscribe/email/" in for_bob.message["List-Unsubscribe"]


def thread_of(emails: list[Received]) -> set[str]:
    return {str(e.message["References"]) for e in emails}


async def test_every_status_reads_right_for_the_customer_and_the_employee(
    org: Org, sink: SmtpSink
) -> None:
    """A relayed problem goes through every status; Bob (nl) hears each public step, the
    customer (nl) the ones that matter to them (not "in progress" in between), in one
    thread each."""
    max_ = await org.principal(org.max)
    async with running_worker(delivery_settings(sink.port)):
        item = await relay(org, org.bob)
        contact = await CustomerContact.get(item_id=item.id)

        async def step(to: Status, message: str | None = None) -> None:
            await triage.transition(max_, item.id, to=to, message=message)
            await eventually(emails_settled)

        await triage.acknowledge(max_, item.id)
        await step(Status.IN_PROGRESS)
        await step(Status.WAITING_FOR_INFO, "Which router model do you have?")
        await step(Status.IN_PROGRESS)
        await step(Status.RESOLVED, "We replaced the <b>router</b>.")
        await customers.give_feedback(contact, solved=False)  # reopens it
        await eventually(emails_settled)
        await step(Status.RESOLVED, "A new cable fixed it for good.")
        await customers.give_feedback(contact, solved=True)  # closes it
        await eventually(emails_settled)

    customer = sink.to("klant@example.net")
    bob = sink.to("bob@example.com")
    max_emails = sink.to("max@example.com")
    customer_texts = [e.text() for e in customer]
    expected_customer = [
        "Bob heeft uw probleem aan ons doorgegeven",
        "Ons team Customer Care heeft uw probleem “Internet drops every evening” in behandeling",
        "heeft het team meer informatie nodig.\n\nDe vraag:\n\n    Which router model do you have?",
        "“Internet drops every evening” is opgelost.\n\nDe toelichting:\n\n"
        "    We replaced the <b>router</b>.",
        # "not solved" was the customer's own step: no email for it, but Bob hears.
        "“Internet drops every evening” is opgelost.\n\nDe toelichting:\n\n"
        "    A new cable fixed it for good.",
    ]
    assert len(customer_texts) == len(expected_customer)
    for text, expected in zip(customer_texts, expected_customer, strict=True):
        assert expected in text
    assert "Is uw probleem opgelost? Laat het ons weten op uw statuspagina." in customer_texts[3]
    # The question is the customer's: they are told so, and how to answer.
    assert (
        "De vraag is voor u. Antwoord door deze e-mail te beantwoorden, of op uw statuspagina."
        in customer_texts[2]
    )
    html = customer[3].html()
    assert "We replaced the &lt;b&gt;router&lt;/b&gt;." in html and "<b>router" not in html

    bob_texts = [e.text() for e in bob]
    assert any("is heropend en wordt weer behandeld" in t for t in bob_texts)
    assert any("is nu gesloten" in t for t in bob_texts)
    # Bob is asked to get in touch with his customer, not to answer himself.
    assert any("Neem er contact over op met je klant" in t for t in bob_texts)
    assert not any("Geef je antwoord in Mopper" in t for t in bob_texts)
    # The customer's feedback goes to the team, in English for Max.
    feedback = [e.text() for e in max_emails]
    assert any(
        "The customer says that “Internet drops every evening” is not solved" in t for t in feedback
    )
    assert any(
        "The customer confirmed that “Internet drops every evening” is solved" in t
        for t in feedback
    )

    # One thread per recipient: every email refers to the same thread, and only the
    # first one's subject lacks "Re: ".
    for emails in (customer, bob):
        assert len(thread_of(emails)) == 1
        assert emails[0].message["Subject"] == f"[{item.reference}] Internet drops every evening"
        assert {e.message["Subject"] for e in emails[1:]} == {
            f"Re: [{item.reference}] Internet drops every evening"
        }
    assert thread_of(customer) != thread_of(bob)
    assert len({e.message_id for e in customer + bob}) == len(customer + bob)


async def test_a_declined_gripe_carries_its_reason_in_english(org: Org, sink: SmtpSink) -> None:
    mia = await org.principal(org.mia)
    async with running_worker(delivery_settings(sink.port)):
        item = (await gripe(org, org.alice, title="Free lunch every day")).item
        await triage.transition(mia, item.id, to=Status.DECLINED, message="Not in the budget.")
        await triage.transition(mia, item.id, to=Status.CLOSED)
        await eventually(emails_settled)

    texts = [e.text() for e in sink.to("alice@example.com")]
    assert (
        "“Free lunch every day” has been declined.\n\nThe reason:\n\n    Not in the budget."
        in (texts[1])
    )
    assert "“Free lunch every day” is now closed." in texts[2]
    assert "Status: Closed" in texts[2]


async def test_a_customer_who_stopped_emails_gets_none_of_the_queued_ones(
    org: Org, sink: SmtpSink
) -> None:
    item = await relay(org, org.bob)  # queued while no worker runs
    contact = await CustomerContact.get(item_id=item.id)
    await customers.stop_emails(contact)

    async with running_worker(delivery_settings(sink.port)):
        await eventually(emails_settled)

    assert sink.to("klant@example.net") == []
    row = await Notification.get(item_id=item.id, template=Template.CUSTOMER_ITEM_RECEIVED)
    assert row.state is DeliveryState.CANCELLED
    assert row.last_error == "the customer stopped emails"
    assert len(sink.to("bob@example.com")) == 1
