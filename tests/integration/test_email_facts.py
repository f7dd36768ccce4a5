"""Emails say what is true when they are sent: every template, rendered for every event
that can trigger it, in Dutch and in English, shows the status the item is in once
that step is done — not the one it had a moment before (a reply that answers the
team's question moves the item back to work; "not solved" reopens it, "solved" closes
it) — and reads as sentences (no "None", no two sentences run together).

The pairs of event and template come from the notification rules themselves, so a new
rule without a scenario here fails the coverage test."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from domain.clock import utcnow
from domain.crypto import customer_status_token
from domain.engagement import merging
from domain.items import conversation, customers, feedback, triage
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import CustomerContact, Item
from domain.items.overdue import report_missed_targets
from domain.notifications.enums import Channel, RecipientKind, Template
from domain.notifications.models import Notification
from domain.notifications.rules import Audience, Happening, Person, recipients_for
from domain.org.enums import Locale
from domain.replies.addresses import token_in
from domain.replies.receiving import EmailReply, Taken, take
from domain.settings import get_settings
from domain.triage_aid import concerns
from domain.unit_of_work import unit_of_work
from tests.support.domain import calendar, gripe, relay
from tests.support.inbound import reply_address_of
from tests.support.org import Org
from workers.claiming import ClaimedEmail
from workers.composing import CustomerFacts, Sender, compose

LABELS = {
    Status.NEW: ("New", "Nieuw"),
    Status.ACKNOWLEDGED: ("Acknowledged", "In behandeling genomen"),
    Status.IN_PROGRESS: ("In progress", "In behandeling"),
    Status.WAITING_FOR_INFO: ("Waiting for information", "Wacht op informatie"),
    Status.RESOLVED: ("Resolved", "Opgelost"),
    Status.DECLINED: ("Declined", "Afgewezen"),
    Status.CLOSED: ("Closed", "Gesloten"),
}
# A sentence that ends and the next that begins without a space ("…”.Our team").
RUN_TOGETHER = re.compile(r"[.!?”][A-Z]")


def possible_pairs() -> set[Pair]:
    """Every email (event, template, recipient) the rules can produce, for any audience
    and flags."""
    person = Person(user_id=1, address="p@example.com", locale=Locale.EN, first_name="P")
    audiences = [
        Audience(
            submitter=submitter,
            is_anonymous=submitter is None,
            customer_address=customer,
            customer_locale=Locale.NL,
            assignee=assignee,
            managers=(dataclasses.replace(person, user_id=2),),
            leads=(dataclasses.replace(person, user_id=3),),
        )
        for submitter, customer, assignee in itertools.product(
            (person, None), ("c@example.net", None), (dataclasses.replace(person, user_id=4), None)
        )
    ]
    found = set()
    for type_, visibility, flags, audience in itertools.product(
        EventType, Visibility, itertools.product((False, True), repeat=4), audiences
    ):
        happening = Happening(
            type=type_,
            visibility=visibility,
            actor_user_id=99,
            by_submitter=flags[0],
            by_customer=flags[1],
            first_assignment=flags[2],
            escalate_to_lead=flags[3],
        )
        found |= {
            (type_, r.template, r.kind)
            for r in recipients_for(happening, audience)
            if r.channel is Channel.EMAIL
        }
    return found


Pair = tuple[EventType, Template, RecipientKind]
Step = Callable[[], Awaitable[object]]


class Steps:
    """Takes steps on items and, after each, checks every email it queued."""

    def __init__(self) -> None:
        self.seen_rows: set[int] = set()
        self.pairs: set[Pair] = set()
        self.sender = Sender.from_settings(get_settings())

    async def check(self, item: Item) -> None:
        status = (await Item.get(id=item.id)).status
        rows = await Notification.filter(item_id=item.id, channel="EMAIL").prefetch_related("event")
        for row in rows:
            if row.id in self.seen_rows:
                continue
            self.seen_rows.add(row.id)
            assert row.event is not None
            self.pairs.add((row.event.type, row.template, row.recipient_kind))
            where = f"{row.template.value} to {row.recipient_kind.value} for {row.event.type.value}"
            assert row.payload["status"] == status.value, where
            for locale in Locale:
                await self._renders(row, status, locale, f"{where} in {locale.value}")

    async def _renders(self, row: Notification, status: Status, locale: Locale, where: str) -> None:
        row.locked_until = utcnow()  # as claimed by a worker
        claimed = dataclasses.replace(ClaimedEmail.of(row), locale=locale)
        customer = None
        if row.recipient_kind is RecipientKind.CUSTOMER:
            contact = await CustomerContact.get(item_id=row.item_id)
            customer = CustomerFacts(
                name=contact.name, token=customer_status_token(contact.token_salt), stopped=False
            )
        message = compose(claimed, customer, self.sender, reply_token="a" * 32)
        text_part, html_part = message.get_body(("plain",)), message.get_body(("html",))
        assert text_part is not None and html_part is not None
        text = str(text_part.get_content()).replace("\r\n", "\n")
        html = str(html_part.get_content())
        english, dutch = LABELS[status]
        label = dutch if locale is Locale.NL else english
        assert f"Status: {label}\n" in text, where
        assert f'<td style="padding:2px 0">{label}</td>' in html, where
        assert "None" not in text, where
        assert not RUN_TOGETHER.search(text), where
        assert not RUN_TOGETHER.search(html_text(html)), where


def html_text(html: str) -> str:
    """The words of an HTML email as a reader sees them: inline tags vanish, block tags
    separate."""
    inline_gone = re.sub(r"</?(?:bdi|b|strong)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline_gone).split())


@pytest.fixture
def steps() -> Steps:
    return Steps()


async def test_every_template_tells_the_status_its_event_led_to(org: Org, steps: Steps) -> None:
    mia = await org.principal(org.mia)
    max_ = await org.principal(org.max)
    alice = await org.principal(org.alice)

    # A named gripe through its whole life, with the submitter's answers.
    item = (await gripe(org, org.alice, title="The coffee machine leaks")).item
    await steps.check(item)
    gripe_steps: list[Step] = [
        lambda: triage.acknowledge(mia, item.id),
        lambda: triage.assign(mia, item.id, assignee_id=org.mia.id),
        lambda: triage.assign(mia, item.id, assignee_id=org.lou.id),
        lambda: triage.transition(mia, item.id, to=Status.IN_PROGRESS),
        lambda: conversation.post_message(
            mia, item.id, body="We ordered a part.", visibility=Visibility.SUBMITTER
        ),
        lambda: triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="Which floor?"),
        lambda: conversation.post_message(
            alice, item.id, body="Floor 3.", visibility=Visibility.SUBMITTER
        ),
        lambda: triage.transition(mia, item.id, to=Status.RESOLVED, message="Fixed."),
        lambda: feedback.from_submitter(alice, item.id, solved=False, reason="It still leaks."),
        lambda: triage.transition(mia, item.id, to=Status.RESOLVED, message="New machine."),
        lambda: feedback.from_submitter(alice, item.id, solved=True, reason=None),
    ]
    for step in gripe_steps:
        await step()
        await steps.check(item)

    # A target missed, reported and escalated.
    late = (await gripe(org, org.alice, title="Broken window")).item
    await steps.check(late)
    assert late.acknowledge_due_at is not None
    for days in (1, 8):  # reported, then escalated (business hours later, whatever the day)
        await report_missed_targets(
            now=late.acknowledge_due_at + timedelta(days=days),
            calendar=calendar(),
            escalate_after_hours=4.0,
        )
        await steps.check(late)

    # A reportable concern: its legal clocks escalated to the lead, unacknowledged and
    # then without feedback.
    concern = (await gripe(org, org.alice, title="The fire exit is locked")).item
    await steps.check(concern)
    async with unit_of_work() as uow:
        await concerns.mark(uow.conn, concern, now=utcnow(), acknowledged_at=None)
    await concerns.escalate_missed_clocks(now=concern.created_at + timedelta(days=8))
    await steps.check(concern)
    await triage.acknowledge(mia, concern.id)
    concern = await Item.get(id=concern.id)
    async with unit_of_work() as uow:
        await concerns.mark(uow.conn, concern, now=utcnow(), acknowledged_at=utcnow())
    await concerns.escalate_missed_clocks(now=utcnow() + timedelta(days=100))
    await steps.check(concern)

    # A relayed problem: the customer answers by email and on the status page.
    relayed = await relay(org, org.bob)
    contact = await CustomerContact.get(item_id=relayed.id)
    await steps.check(relayed)
    relay_steps: list[Step] = [
        lambda: triage.acknowledge(max_, relayed.id),
        lambda: triage.assign(max_, relayed.id, assignee_id=org.max.id),
        lambda: conversation.post_message(
            max_, relayed.id, body="We are looking.", visibility=Visibility.PUBLIC
        ),
        lambda: triage.transition(
            max_, relayed.id, to=Status.WAITING_FOR_INFO, message="Which router?"
        ),
    ]
    for step in relay_steps:
        await step()
        await steps.check(relayed)
    token = token_in(await reply_address_of(relayed, "klant@example.net"))
    assert token is not None
    taken = await take(
        EmailReply(token=token, sender="klant@example.net", text="A Fritzbox."), now=utcnow()
    )
    assert isinstance(taken, Taken)
    await steps.check(relayed)
    await conversation.reply_as_customer(contact, body="And a switch.")
    await steps.check(relayed)
    await triage.transition(max_, relayed.id, to=Status.RESOLVED, message="Replaced.")
    await steps.check(relayed)
    await customers.give_feedback(contact, solved=False, reason="Still drops.")
    await steps.check(relayed)
    await triage.transition(max_, relayed.id, to=Status.DECLINED, message="Out of our hands.")
    await steps.check(relayed)
    await triage.transition(max_, relayed.id, to=Status.IN_PROGRESS)
    await steps.check(relayed)
    await triage.transition(max_, relayed.id, to=Status.RESOLVED, message="Cable.")
    await steps.check(relayed)
    await customers.give_feedback(contact, solved=True)
    await steps.check(relayed)

    # A relayed duplicate merged into another: its customer and the employee who passed
    # it on are told where it went.
    survivor = await relay(org, org.alice, customer_email="ander@example.net")
    duplicate = await relay(org, org.bob)
    await steps.check(duplicate)
    await merging.merge(max_, duplicate.id, into_id=survivor.id)
    await steps.check(duplicate)
    await steps.check(survivor)

    missing = possible_pairs() - steps.pairs
    assert not missing, f"no scenario for: {sorted(missing)}"
