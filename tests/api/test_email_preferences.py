"""Each person chooses per kind of email: at once, in the daily digest, or not at all;
one click in an email stops that kind (RFC 8058). With a real SMTP server."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from domain.items import triage
from domain.items.enums import Status
from domain.notifications.enums import Delivery, DigestState, EmailKind, Template
from domain.notifications.models import InboxEntry, Notification, NotificationPreference
from domain.notifications.unsubscribe import person_token
from tests.support.api import BASE_URL, client
from tests.support.domain import gripe
from tests.support.org import Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import delivery_settings, running_worker

CHOICES = "query { emailPreferences { kind delivery isDefault } }"
CHOOSE = """mutation($kind: EmailKind!, $delivery: EmailDelivery!) {
  setEmailPreference(kind: $kind, delivery: $delivery) { kind delivery isDefault } }"""
ONE_CLICK = b"List-Unsubscribe=One-Click"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


async def emails_settled() -> bool:
    busy = ["PENDING", "SENDING"]
    return not await Notification.filter(channel="EMAIL", state__in=busy).exists()


async def test_everyone_sees_their_choices_with_the_defaults(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        assert (await alice.ok(CHOICES))["emailPreferences"] == [
            {"kind": "MY_ITEMS", "delivery": "IMMEDIATE", "isDefault": True},
            {"kind": "FOLLOWED", "delivery": "IMMEDIATE", "isDefault": True},
        ]
    await NotificationPreference.filter(user_id=org.lou.id).delete()
    async with client(app, org.lou) as lou:
        choices = {c["kind"]: c for c in (await lou.ok(CHOICES))["emailPreferences"]}
    assert choices["NEW_ITEMS"] == {"kind": "NEW_ITEMS", "delivery": "DIGEST", "isDefault": True}
    assert {c["delivery"] for k, c in choices.items() if k != "NEW_ITEMS"} == {"IMMEDIATE"}


async def test_choices_are_respected_per_kind_of_email(
    org: Org, app: Starlette, sink: SmtpSink
) -> None:
    async with client(app, org.alice) as alice:
        chosen = await alice.ok(CHOOSE, {"kind": "MY_ITEMS", "delivery": "OFF"})
        assert chosen["setEmailPreference"] == [
            {"kind": "MY_ITEMS", "delivery": "OFF", "isDefault": False},
            {"kind": "FOLLOWED", "delivery": "IMMEDIATE", "isDefault": True},
        ]
    async with client(app, org.lou) as lou:
        await lou.ok(CHOOSE, {"kind": "ASSIGNED_TO_ME", "delivery": "DIGEST"})
    async with client(app, org.mia) as mia_client:
        await mia_client.ok(CHOOSE, {"kind": "NEW_ITEMS", "delivery": "OFF"})

    mia = await org.principal(org.mia)
    async with running_worker(delivery_settings(sink.port)):
        item = (await gripe(org, org.alice)).item
        await triage.acknowledge(mia, item.id)
        await triage.assign(mia, item.id, assignee_id=org.lou.id)
        await triage.transition(mia, item.id, to=Status.IN_PROGRESS)
        await eventually(emails_settled)

    # Alice turned her items' emails off; Lou gets his assignment in the digest; Mia
    # wants no email of new items. Lou still hears of the new item at once (his choice).
    assert [r.envelope_to[0] for r in sink.received] == ["lou@example.com"]
    assert sink.received[0].message["Subject"] == f"[{item.reference}] {item.title}"
    # The menus have it all.
    alices = await InboxEntry.filter(user_id=org.alice.id).order_by("id")
    assert [e.template for e in alices] == [
        Template.ITEM_RECEIVED,
        Template.ITEM_ACKNOWLEDGED,
        Template.ITEM_ASSIGNED,
        Template.STATUS_CHANGED,
    ]
    [assigned] = await InboxEntry.filter(user_id=org.lou.id, template=Template.ASSIGNED_TO_YOU)
    assert assigned.digest_state is DigestState.WAITING
    [new_for_mia] = await InboxEntry.filter(user_id=org.mia.id)
    assert new_for_mia.digest_state is DigestState.NONE  # OFF: not even in a digest


async def test_a_wrong_choice_is_refused_and_changes_nothing(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        unknown = await alice.error_code(CHOOSE, {"kind": "EVERYTHING", "delivery": "OFF"})
        wrong_way = await alice.error_code(CHOOSE, {"kind": "MY_ITEMS", "delivery": "WEEKLY"})
        body = await alice.post(CHOOSE, {"kind": "NEW_ITEMS", "delivery": "IMMEDIATE"})
        assert (await alice.ok(CHOICES))["emailPreferences"][0]["isDefault"] is True
    assert (unknown, wrong_way) == ("BAD_USER_INPUT", "BAD_USER_INPUT")
    # Alice is no manager: she gets no emails about new items to choose about.
    assert body["errors"][0]["extensions"] == {
        "code": "VALIDATION",
        "fields": {"kind": "You do not get this kind of email."},
    }
    assert not await NotificationPreference.filter(user_id=org.alice.id).exists()
    async with client(app) as nobody:
        assert await nobody.error_code(CHOICES) == "UNAUTHENTICATED"


async def test_one_click_in_an_email_stops_that_kind_only(
    org: Org, app: Starlette, sink: SmtpSink
) -> None:
    mia = await org.principal(org.mia)
    async with running_worker(delivery_settings(sink.port)):
        item = (await gripe(org, org.alice)).item
        await eventually(emails_settled)
        [receipt] = sink.to("alice@example.com")
        link = receipt.message["List-Unsubscribe"].strip("<>")
        assert receipt.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        async with http(app) as mail_client:
            scanned = await mail_client.get(link)  # a link scanner: nothing happens
            assert (scanned.status_code, scanned.headers["location"]) == (303, "/settings")
            assert not await NotificationPreference.filter(user_id=org.alice.id).exists()
            # As a mail client sends it: a form post, no cookie, a foreign origin.
            clicked = await mail_client.post(
                link, headers={**FORM, "origin": "https://mail.example"}, content=ONE_CLICK
            )
        assert clicked.status_code == 200
        [stopped] = await NotificationPreference.filter(user_id=org.alice.id)
        assert (stopped.kind, stopped.delivery) == (EmailKind.MY_ITEMS, Delivery.OFF)

        await triage.acknowledge(mia, item.id)
        await eventually(emails_settled)
    assert len(sink.to("alice@example.com")) == 1  # the receipt from before, nothing since
    assert await InboxEntry.filter(user_id=org.alice.id, template="item_acknowledged").exists()


async def test_a_forged_unsubscribe_link_changes_nothing(org: Org, app: Starlette) -> None:
    real = person_token(org.alice.id, EmailKind.MY_ITEMS)
    user_id, kind, mac = real.split(".")
    forged = [
        f"{org.bob.id}.{kind}.{mac}",  # someone else
        f"{user_id}.answers.{mac}",  # another kind
        f"{user_id}.{kind}.{'A' * 22}",  # a made-up signature
        f"{user_id}.{kind}",  # no signature at all
        f"{user_id}.nothing.{mac}",
    ]
    async with http(app) as anyone:
        answers = [
            await anyone.post(f"/unsubscribe/email/{token}", headers=FORM, content=ONE_CLICK)
            for token in forged
        ]
    assert [a.status_code for a in answers] == [404] * len(forged)
    assert "not valid" in answers[0].text
    assert not await NotificationPreference.filter(user_id__in=[org.alice.id, org.bob.id]).exists()
