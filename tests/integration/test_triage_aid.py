"""Acknowledging with the triage aid, and reportable concerns' legal clocks: what the
manager, the team lead and the admin notice."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from domain.clock import utcnow
from domain.errors import Forbidden, InvalidTransition, NotFound, ValidationFailed
from domain.items import conversation, triage
from domain.items.enums import EventType, Priority, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.notifications.enums import Template
from domain.notifications.models import Notification
from domain.org.enums import Locale
from domain.org.models import AdminLogEntry
from domain.settings import get_settings
from domain.triage_aid import concerns, service
from domain.triage_aid.default_tree import DEFAULT_TREE
from domain.triage_aid.models import ReportableConcern, TriageDecision, TriageTreeVersion
from domain.triage_aid.tree import Outcome
from domain.unit_of_work import unit_of_work
from tests.support.domain import anonymous_gripe, calendar, gripe
from tests.support.org import Org
from workers.claiming import ClaimedEmail
from workers.composing import Sender, compose

CONCERN = [1, 0]
IDEA = [1, 2, 1, 0]


async def acknowledge(org: Org, item_id: int, answers: list[int], **kw: object) -> service.Triaged:
    mia = await org.principal(org.mia)
    return await service.acknowledge_with_aid(
        mia,
        item_id,
        answers=answers,
        calendar=calendar(),
        **kw,  # type: ignore[arg-type]
    )


async def test_the_proposal_is_applied_and_the_decision_kept(org: Org) -> None:
    item_id = (await gripe(org, org.alice)).item.id
    triaged = await acknowledge(org, item_id, IDEA)

    assert triaged.outcome is Outcome.IDEA
    item = await Item.get(id=item_id)
    assert (item.status, item.priority) == (Status.ACKNOWLEDGED, Priority.LOW)
    decision = await TriageDecision.get(item_id=item_id)
    assert (decision.outcome, decision.answers, decision.tree_version_id) == (
        Outcome.IDEA,
        IDEA,
        None,
    )
    acknowledged = await TimelineEvent.get(item_id=item_id, type=EventType.ACKNOWLEDGED)
    assert acknowledged.data == {"triage": "IDEA"}
    assert not await ReportableConcern.filter(item_id=item_id).exists()


async def test_the_manager_may_settle_on_another_priority(org: Org) -> None:
    item_id = (await gripe(org, org.alice)).item.id
    await acknowledge(org, item_id, IDEA, priority=Priority.HIGH)
    assert (await Item.get(id=item_id)).priority is Priority.HIGH


async def test_a_reportable_concern_gets_the_legal_clocks(org: Org) -> None:
    item_id = (await gripe(org, org.alice)).item.id
    await acknowledge(org, item_id, CONCERN)

    item = await Item.get(id=item_id)
    assert item.priority is Priority.URGENT
    concern = await ReportableConcern.get(item_id=item_id)
    assert concern.acknowledge_by == item.created_at + timedelta(days=7)
    assert concern.acknowledged_at == item.acknowledged_at
    assert item.acknowledged_at is not None
    assert concern.feedback_by == concerns.feedback_deadline(item.acknowledged_at)
    [clocks] = (await concerns.clocks_of([item_id])).values()
    assert clocks.feedback_at is None


async def test_bad_answers_change_nothing(org: Org) -> None:
    item_id = (await gripe(org, org.alice)).item.id
    for answers in ([1], [9], [1, 2, 1, 1, 0], list(range(30))):
        with pytest.raises(ValidationFailed):
            await acknowledge(org, item_id, answers)
    item = await Item.get(id=item_id)
    assert (item.status, item.version) == (Status.NEW, 1)
    assert not await TriageDecision.filter(item_id=item_id).exists()
    assert not await TimelineEvent.filter(item_id=item_id, type=EventType.ACKNOWLEDGED).exists()


async def test_only_a_new_item_is_triaged_and_only_by_its_managers(org: Org) -> None:
    item_id = (await gripe(org, org.alice)).item.id
    max_ = await org.principal(org.max)  # manages another team
    with pytest.raises(NotFound):
        await service.acknowledge_with_aid(max_, item_id, answers=IDEA, calendar=calendar())
    await acknowledge(org, item_id, IDEA)
    with pytest.raises(InvalidTransition):
        await acknowledge(org, item_id, CONCERN)
    assert await TriageDecision.filter(item_id=item_id).count() == 1


async def test_a_missed_acknowledgement_clock_is_escalated_once_to_the_lead(org: Org) -> None:
    item = await Item.get(id=(await gripe(org, org.alice)).item.id)
    # The submitter's concern, flagged before anyone acknowledged it.
    async with unit_of_work() as uow:
        await concerns.mark(uow.conn, item, now=utcnow(), acknowledged_at=None)
    due = item.created_at + timedelta(days=7)
    assert await concerns.escalate_missed_clocks(now=due - timedelta(minutes=1)) == (
        concerns.Escalated()
    )
    # Two workers at once still escalate it once.
    late = due + timedelta(minutes=1)
    results = await asyncio.gather(
        concerns.escalate_missed_clocks(now=late), concerns.escalate_missed_clocks(now=late)
    )
    assert sum(r.acknowledge for r in results) == 1
    assert await concerns.escalate_missed_clocks(now=late + timedelta(days=1)) == (
        concerns.Escalated()
    )
    rows = await Notification.filter(item_id=item.id, template=Template.TARGET_MISSED)
    assert [(r.recipient_address, r.payload["target"]) for r in rows] == [
        ("lou@example.com", "CONCERN_ACKNOWLEDGE")
    ]
    [event] = await TimelineEvent.filter(item_id=item.id, type=EventType.TARGET_MISSED)
    assert event.visibility is Visibility.INTERNAL


async def test_feedback_stops_the_three_month_clock(org: Org) -> None:
    answered = (await gripe(org, org.alice, title="Answered")).item.id
    silent = (await gripe(org, org.alice, title="Silent")).item.id
    await acknowledge(org, answered, CONCERN)
    await acknowledge(org, silent, CONCERN)
    mia = await org.principal(org.mia)
    # An internal note is not feedback; a message the submitter reads is.
    await conversation.post_message(
        mia, silent, body="Checking with legal.", visibility=Visibility.INTERNAL
    )
    await conversation.post_message(
        mia, answered, body="We are looking into it.", visibility=Visibility.SUBMITTER
    )
    clocks = await concerns.clocks_of([answered, silent])
    assert clocks[answered].feedback_at is not None
    assert clocks[silent].feedback_at is None

    concern = await ReportableConcern.get(item_id=silent)
    assert concern.feedback_by is not None
    found = await concerns.escalate_missed_clocks(now=concern.feedback_by + timedelta(hours=1))
    assert found == concerns.Escalated(feedback=1)
    targets = await Notification.filter(template=Template.TARGET_MISSED).values("item_id")
    assert {row["item_id"] for row in targets} == {silent}
    assert (await ReportableConcern.get(item_id=answered)).feedback_at is not None


async def test_admins_reword_the_tree_and_the_change_is_logged(org: Org) -> None:
    ada = await org.principal(org.ada)
    document: dict[str, Any] = copy.deepcopy(DEFAULT_TREE)
    document["questions"][0]["text"] = {"en": "A customer's problem?", "nl": "Van een klant?"}
    saved = await service.save_tree(ada, document)

    current = await service.current_tree()
    assert current.version_id == saved.version_id
    assert current.tree.questions["customer"].text.nl == "Van een klant?"
    entry = await AdminLogEntry.filter(action=service.TREE_SAVED).get()
    assert entry.actor_id == org.ada.id
    # A decision remembers the wording it was made with.
    item_id = (await gripe(org, org.alice)).item.id
    await acknowledge(org, item_id, IDEA)
    assert (await TriageDecision.get(item_id=item_id)).tree_version_id == saved.version_id


async def test_a_broken_tree_or_a_manager_changes_nothing(org: Org) -> None:
    mia = await org.principal(org.mia)
    with pytest.raises(Forbidden):
        await service.save_tree(mia, DEFAULT_TREE)
    ada = await org.principal(org.ada)
    with pytest.raises(ValidationFailed):
        await service.save_tree(ada, {"questions": [{"id": "x"}], "proposals": {}})
    assert not await TriageTreeVersion.exists()
    assert not await AdminLogEntry.filter(action=service.TREE_SAVED).exists()


async def test_an_anonymous_concern_keeps_its_coarse_times(org: Org) -> None:
    submitted = await anonymous_gripe(org, org.bob)
    item_id = submitted.card.id
    await acknowledge(org, item_id, CONCERN)
    concern = await ReportableConcern.get(item_id=item_id)
    item = await Item.get(id=item_id)
    # Counted from the receipt as stored: to the hour, like everything about it.
    assert concern.acknowledge_by == item.created_at + timedelta(days=7)
    assert item.created_at.minute == item.created_at.second == 0
    _ = triage  # the plain acknowledgement still works without the aid (test_flow)


async def test_the_lead_is_told_which_legal_deadline_passed(org: Org) -> None:
    item = await Item.get(id=(await gripe(org, org.alice, title="Fire exit locked")).item.id)
    async with unit_of_work() as uow:
        await concerns.mark(uow.conn, item, now=utcnow(), acknowledged_at=None)
    await concerns.escalate_missed_clocks(now=item.created_at + timedelta(days=8))
    row = await Notification.get(item_id=item.id, template=Template.TARGET_MISSED)
    row.locked_until = utcnow()  # as claimed by a worker
    sender = Sender.from_settings(get_settings())
    texts = {}
    for locale in Locale:
        claimed = dataclasses.replace(ClaimedEmail.of(row), locale=locale)
        body = compose(claimed, None, sender, reply_token="a" * 32).get_body(("plain",))
        assert body is not None
        texts[locale] = " ".join(str(body.get_content()).split())
    assert "not acknowledged within 7 days, as the law requires" in texts[Locale.EN]
    assert "a legal deadline has passed" in texts[Locale.EN]
    assert "niet binnen 7 dagen is bevestigd" in texts[Locale.NL]
    assert "wettelijke termijn is verstreken" in texts[Locale.NL]
    for text in texts.values():
        assert "Fire exit locked" in text and "None" not in text
