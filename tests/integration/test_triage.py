"""What managers do to items, through the domain: every step recorded and notified."""

from __future__ import annotations

import pytest

from domain.errors import Forbidden, InvalidTransition, NotFound, StaleVersion, ValidationFailed
from domain.items import conversation, triage
from domain.items.enums import EventType, Priority, Status, Visibility
from domain.items.models import Item, TimelineEvent
from tests.support.domain import calendar, gripe, outbox, relay
from tests.support.org import Org


async def test_acknowledging_stamps_the_item_and_tells_the_submitter(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)

    changed = await triage.acknowledge(mia, item.id, expected_version=item.version)

    stored = await Item.get(id=item.id)
    assert stored.status is Status.ACKNOWLEDGED
    assert stored.acknowledged_at is not None
    assert stored.version == item.version + 1 == changed.version
    assert ("EMPLOYEE", "item_acknowledged", "alice@example.com") in await outbox(item)


async def test_a_manager_of_another_team_may_not_touch_the_item(org: Org) -> None:
    item = (await gripe(org, org.alice, category=org.kitchen)).item
    with pytest.raises(NotFound):
        await triage.acknowledge(await org.principal(org.max), item.id)
    with pytest.raises(NotFound):
        await triage.acknowledge(await org.principal(org.bob), item.id)
    assert (await Item.get(id=item.id)).status is Status.NEW


async def test_the_submitter_sees_the_item_but_may_not_triage_it(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    with pytest.raises(Forbidden):
        await triage.acknowledge(await org.principal(org.alice), item.id)


async def test_an_admin_may_triage_any_team(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    await triage.acknowledge(await org.principal(org.ada), item.id)
    assert (await Item.get(id=item.id)).status is Status.ACKNOWLEDGED


async def test_a_stale_version_is_refused_and_changes_nothing(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    mia, lou = await org.principal(org.mia), await org.principal(org.lou)
    await triage.acknowledge(mia, item.id, expected_version=item.version)
    events_before = await TimelineEvent.filter(item_id=item.id).count()

    with pytest.raises(StaleVersion) as stale:
        await triage.transition(
            lou, item.id, to=Status.DECLINED, message="No.", expected_version=item.version
        )
    assert stale.value.current_version == item.version + 1
    assert (await Item.get(id=item.id)).status is Status.ACKNOWLEDGED
    assert await TimelineEvent.filter(item_id=item.id).count() == events_before


async def test_resolving_needs_an_explanation_that_reaches_everyone(org: Org) -> None:
    item = await relay(org, org.bob)
    max_ = await org.principal(org.max)
    await triage.acknowledge(max_, item.id)
    with pytest.raises(ValidationFailed) as no_message:
        await triage.transition(max_, item.id, to=Status.RESOLVED)
    assert "message" in no_message.value.fields
    with pytest.raises(ValidationFailed) as too_narrow:
        await triage.transition(
            max_, item.id, to=Status.RESOLVED, message="Done", visibility=Visibility.SUBMITTER
        )
    assert "visibility" in too_narrow.value.fields

    await triage.transition(max_, item.id, to=Status.RESOLVED, message="We replaced the modem.")

    rows = await outbox(item)
    assert ("CUSTOMER", "status_changed", "klant@example.net") in rows
    assert ("EMPLOYEE", "status_changed", "bob@example.com") in rows
    stored = await Item.get(id=item.id)
    assert stored.status is Status.RESOLVED
    assert stored.resolved_at is not None


async def test_a_closed_item_cannot_move_again(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.transition(mia, item.id, to=Status.DECLINED, message="Duplicate of MOP-00001.")
    await triage.transition(mia, item.id, to=Status.CLOSED)
    with pytest.raises(InvalidTransition):
        await triage.transition(mia, item.id, to=Status.IN_PROGRESS)


async def test_assigning_goes_to_managers_of_the_team_only(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)
    with pytest.raises(ValidationFailed):
        await triage.assign(mia, item.id, assignee_id=org.max.id)  # another team's manager
    with pytest.raises(ValidationFailed):
        await triage.assign(mia, item.id, assignee_id=org.bob.id)  # an employee
    await triage.assign(mia, item.id, assignee_id=org.lou.id)

    assert (await Item.get(id=item.id)).assignee_id == org.lou.id
    rows = await outbox(item)
    assert ("MANAGER", "assigned_to_you", "lou@example.com") in rows
    assert ("EMPLOYEE", "item_assigned", "alice@example.com") in rows
    event = await TimelineEvent.get(item_id=item.id, type=EventType.ASSIGNED)
    assert event.data["assignee_name"] == "Lou Lead"


async def test_priority_moves_the_targets(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    await triage.set_priority(
        await org.principal(org.mia), item.id, priority=Priority.URGENT, calendar=calendar()
    )
    stored = await Item.get(id=item.id)
    assert stored.priority is Priority.URGENT
    assert stored.resolve_due_at is not None
    assert item.resolve_due_at is not None
    assert stored.resolve_due_at < item.resolve_due_at
    event = await TimelineEvent.get(item_id=item.id, type=EventType.PRIORITY_CHANGED)
    assert event.visibility is Visibility.INTERNAL


async def test_the_submitters_answer_puts_a_waiting_item_back_to_work(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.assign(mia, item.id, assignee_id=org.mia.id)
    await triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="Which floor is it?")
    await conversation.post_message(
        await org.principal(org.alice),
        item.id,
        body="Third floor.",
        visibility=Visibility.SUBMITTER,
    )

    assert (await Item.get(id=item.id)).status is Status.IN_PROGRESS
    rows = await outbox(item)
    assert ("MANAGER", "submitter_replied", "mia@example.com") in rows
    # Alice is not told about the status change her own answer caused.
    assert rows.count(("EMPLOYEE", "status_changed", "alice@example.com")) == 1  # the question


async def test_an_employee_writes_only_to_the_team_handling_the_item(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    alice = await org.principal(org.alice)
    with pytest.raises(ValidationFailed):
        await conversation.post_message(alice, item.id, body="psst", visibility=Visibility.INTERNAL)
    with pytest.raises(NotFound):
        await conversation.post_message(
            await org.principal(org.bob), item.id, body="me too", visibility=Visibility.SUBMITTER
        )
    assert await TimelineEvent.filter(item_id=item.id, type=EventType.MESSAGE).count() == 0
