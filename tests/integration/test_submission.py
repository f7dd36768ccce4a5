"""Submitting gripes and relaying customer problems, straight through the domain."""

from __future__ import annotations

import pytest

from domain.errors import ValidationFailed
from domain.items.enums import ActorKind, EventType, ItemKind, Status, Visibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.notifications.models import Notification
from tests.support.domain import anonymous_gripe, gripe, outbox, relay
from tests.support.org import Org


async def test_a_named_gripe_goes_to_the_categorys_team_and_tells_everyone(org: Org) -> None:
    submitted = await gripe(org, org.alice, category=org.kitchen)
    item = await Item.get(id=submitted.item.id)

    assert item.team_id == org.facilities.id
    assert item.status is Status.NEW
    assert item.submitter_id == org.alice.id
    assert item.acknowledge_due_at is not None and item.resolve_due_at is not None
    assert item.acknowledge_due_at < item.resolve_due_at

    assert await outbox(item) == [
        ("EMPLOYEE", "item_received", "alice@example.com"),
        ("MANAGER", "manager_new_item", "mia@example.com"),
        ("MANAGER", "manager_new_item", "lou@example.com"),
    ]
    event = await TimelineEvent.get(item_id=item.id)
    assert (event.type, event.actor_id, event.to_status) == (
        EventType.SUBMITTED,
        org.alice.id,
        Status.NEW,
    )


async def test_an_anonymous_gripe_gives_a_receipt_and_keeps_no_submitter(org: Org) -> None:
    submitted = await anonymous_gripe(org, org.alice)
    item = await Item.get(id=submitted.card.id)

    assert item.is_anonymous and item.submitter_id is None
    assert submitted.receipt_code is not None
    assert submitted.receipt_code not in (item.receipt_hash or "")
    # Managers hear of it; there is nobody to email a receipt to.
    assert [kind for kind, _, _ in await outbox(item)] == ["MANAGER", "MANAGER"]
    event = await TimelineEvent.get(item_id=item.id)
    assert event.actor_kind is ActorKind.SUBMITTER and event.actor_id is None


async def test_a_relayed_problem_emails_the_customer_in_their_language(org: Org) -> None:
    item = await relay(org, org.bob)

    assert item.kind is ItemKind.CUSTOMER_ISSUE
    contact = await CustomerContact.get(item_id=item.id)
    assert contact.email == "klant@example.net" and contact.consent_at is not None
    customer_row = await Notification.get(item_id=item.id, recipient_kind="CUSTOMER")
    assert customer_row.template.value == "customer_item_received"
    assert customer_row.locale.value == "nl"
    # The customer learns who passed it on, by first name only, and nothing internal.
    assert customer_row.payload["employee_first_name"] == "Bob"
    assert customer_row.payload["actor_name"] is None
    event = await TimelineEvent.get(item_id=item.id)
    assert event.visibility is Visibility.PUBLIC


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"title": "Coffee\r\nBcc: everyone@example.com"}, "title"),
        ({"body": "  "}, "body"),
        ({"body": "x" * 5001}, "body"),
    ],
)
async def test_bad_gripes_are_refused_and_change_nothing(
    org: Org, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await gripe(org, org.alice, **changes)  # type: ignore[arg-type]
    assert field in refused.value.fields
    assert await Item.all().count() == 0
    assert await Notification.all().count() == 0
    assert await TimelineEvent.all().count() == 0


async def test_a_relay_without_consent_or_with_a_bad_address_is_refused(org: Org) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await relay(org, org.bob, consent=False, customer_email="not an address")
    assert set(refused.value.fields) == {"consent", "customerEmail"}
    assert await Item.all().count() == 0
    assert await CustomerContact.all().count() == 0


async def test_an_unknown_category_is_refused(org: Org) -> None:
    org.kitchen.id = 999_999
    with pytest.raises(ValidationFailed) as refused:
        await gripe(org, org.alice, category=org.kitchen)
    assert "categoryId" in refused.value.fields


async def test_html_in_a_gripe_is_kept_as_text(org: Org) -> None:
    body = "<script>alert('x')</script> & <b>bold</b>"
    submitted = await gripe(org, org.alice, body=body)
    assert (await Item.get(id=submitted.item.id)).body == body
