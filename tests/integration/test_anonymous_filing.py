"""Nothing orders an anonymous item against a person's activity.

An anonymous gripe is written at once with a random id outside the named sequence, a
reference made of that random number and its times to the hour; it is hidden from the
team until the filing, which writes its timeline event and the managers' outbox rows
among everything else waiting, in random order. Anonymous replies wait for the filing
likewise. Named items keep counting 1, 2, 3 on both engines.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from domain.anonymity import receipts
from domain.anonymity.filing import file_waiting
from domain.anonymity.models import WaitingReply
from domain.auth.models import Session
from domain.auth.sessions import open_session
from domain.clock import recorded_at
from domain.errors import InvalidTransition, NotFound, ValidationFailed
from domain.items import triage
from domain.items.enums import EventType, Status
from domain.items.models import Item, TimelineEvent
from domain.items.numbering import ANONYMOUS_ID_BASE, ANONYMOUS_ID_SPAN, item_reference
from domain.notifications.models import Notification
from tests.support.domain import anonymous_gripe, gripe, relay
from tests.support.org import Org

ANONYMOUS_REFERENCE = re.compile(r"^MOP-A[0-9A-HJKMNP-TV-Z]{6}$")
# A Wednesday, 10:47:13.5 in Amsterdam's winter: well inside business hours.
MOMENT = datetime(2026, 12, 2, 9, 47, 13, 500_000, tzinfo=UTC)
HOUR = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def on_the_hour(moment: datetime | None) -> bool:
    return moment is not None and (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)


async def test_named_ids_keep_counting_around_anonymous_ones(org: Org) -> None:
    named, anonymous = [], []
    for _ in range(3):
        named.append((await gripe(org, org.alice)).item.id)
        anonymous.append((await anonymous_gripe(org, org.bob)).card.id)
    named.append((await relay(org, org.alice)).id)

    assert named == list(range(named[0], named[0] + 4))  # 1, 2, 3, 4 (after earlier tests)
    assert all(ANONYMOUS_ID_BASE <= i < ANONYMOUS_ID_BASE + ANONYMOUS_ID_SPAN for i in anonymous)
    assert ANONYMOUS_ID_BASE + ANONYMOUS_ID_SPAN <= 2**31  # fits PostgreSQL's int4
    assert len(set(anonymous)) == 3
    for item in await Item.filter(is_anonymous=True):
        assert ANONYMOUS_REFERENCE.match(item.reference), item.reference
    assert item_reference(named[0]) == f"MOP-{named[0]:05d}"


async def test_a_taken_random_id_is_drawn_again(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = (await anonymous_gripe(org, org.bob)).card.id
    draws = iter([taken, taken, taken + 1])
    monkeypatch.setattr("domain.anonymity.gripes.new_anonymous_item_id", lambda: next(draws))
    assert (await anonymous_gripe(org, org.bob)).card.id == taken + 1


async def test_an_anonymous_gripe_waits_hidden_until_the_filing(org: Org) -> None:
    named = (await gripe(org, org.alice)).item
    with recorded_at(MOMENT):
        waiting = await anonymous_gripe(org, org.bob, file=False)
    item = await Item.get(id=waiting.card.id)

    # Written at once, to the hour, with targets counted from that hour.
    assert (item.created_at, item.updated_at) == (HOUR, HOUR)
    assert item.filed is False and waiting.card.filed is False
    assert on_the_hour(item.acknowledge_due_at) and on_the_hour(item.resolve_due_at)
    # Nothing that orders it against anyone yet: no event, no email.
    assert not await TimelineEvent.filter(item_id=item.id).exists()
    assert not await Notification.filter(item_id=item.id).exists()
    mia = await org.principal(org.mia)
    with pytest.raises(NotFound):
        await triage.acknowledge(mia, item.id)

    filed = await file_waiting()
    assert (filed.gripes, filed.replies) == (1, 0)
    await triage.acknowledge(mia, item.id)

    submitted = await TimelineEvent.get(item_id=item.id, type=EventType.SUBMITTED)
    assert submitted.created_at == HOUR
    rows = await Notification.filter(item_id=item.id, event_id=submitted.id)
    assert sorted(r.recipient_address or "" for r in rows) == ["lou@example.com", "mia@example.com"]
    assert all(r.created_at == HOUR and r.next_attempt_at == HOUR for r in rows)
    # Its outbox rows come after the named item's, whatever the order they were sent in.
    named_rows = await Notification.filter(item_id=named.id)
    assert min(r.id for r in rows) > max(r.id for r in named_rows)

    assert (await file_waiting()).gripes == 0  # filed once


async def test_the_filing_is_in_random_order(org: Org) -> None:
    sent = [(await anonymous_gripe(org, org.bob, file=False)).card.id for _ in range(12)]
    await file_waiting()
    events = await TimelineEvent.filter(type=EventType.SUBMITTED).order_by("id")
    filed_order = [event.item_id for event in events]
    assert sorted(filed_order) == sorted(sent)
    # 12 items keep the order they were sent in with a chance of 1 in 479,001,600.
    assert filed_order != sent


async def test_two_workers_filing_at_once_file_everything_once(org: Org) -> None:
    for _ in range(3):
        await anonymous_gripe(org, org.bob, file=False)
    results = await asyncio.gather(file_waiting(), file_waiting())
    assert sum(r.gripes for r in results) == 3
    assert await TimelineEvent.filter(type=EventType.SUBMITTED).count() == 3


async def test_an_anonymous_reply_waits_for_the_filing(org: Org) -> None:
    made = await anonymous_gripe(org, org.bob)
    item = await Item.get(id=made.card.id)
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, item.id)
    await triage.transition(mia, item.id, to=Status.WAITING_FOR_INFO, message="Which meetings?")
    item = await Item.get(id=item.id)
    version = item.version

    view = await receipts.reply(item, body="The Monday ones.")
    view = await receipts.reply(item, body="And Thursdays.")
    assert view.waiting_replies == ["The Monday ones.", "And Thursdays."]
    # Nothing on the item moved: no message, no status, no time, no email.
    unchanged = await Item.get(id=item.id)
    assert (unchanged.status, unchanged.version) == (Status.WAITING_FOR_INFO, version)
    assert not await Notification.filter(item_id=item.id, template="submitter_replied").exists()

    at = datetime.now(UTC)
    assert (await file_waiting(now=at)).replies == 2
    hour = at.replace(minute=0, second=0, microsecond=0)
    messages = await TimelineEvent.filter(
        item_id=item.id, type=EventType.MESSAGE, actor_kind="SUBMITTER"
    ).order_by("id")
    assert [m.message for m in messages] == ["The Monday ones.", "And Thursdays."]
    assert all(m.created_at == hour for m in messages)
    moved = await TimelineEvent.get(item_id=item.id, to_status=Status.IN_PROGRESS)
    assert moved.created_at == hour
    told = await Notification.filter(item_id=item.id, template="submitter_replied")
    assert told and all(r.created_at == hour and r.next_attempt_at == hour for r in told)
    after = await Item.get(id=item.id)
    assert after.status is Status.IN_PROGRESS and after.updated_at == hour
    assert not await WaitingReply.exists()


async def test_replies_are_offered_once_filed_and_not_without_end(org: Org) -> None:
    waiting = await Item.get(id=(await anonymous_gripe(org, org.bob, file=False)).card.id)
    with pytest.raises(InvalidTransition):
        await receipts.reply(waiting, body="Anyone?")
    await file_waiting()
    item = await Item.get(id=waiting.id)
    for n in range(receipts.MAX_WAITING_REPLIES):
        await receipts.reply(item, body=f"Reply {n}")
    with pytest.raises(ValidationFailed):
        await receipts.reply(item, body="One too many")
    with pytest.raises(ValidationFailed):
        await receipts.reply(item, body="   ")
    assert await WaitingReply.filter(item_id=item.id).count() == receipts.MAX_WAITING_REPLIES


async def test_a_reply_sent_before_the_item_closed_is_still_filed(org: Org) -> None:
    item = await Item.get(id=(await anonymous_gripe(org, org.bob)).card.id)
    await receipts.reply(item, body="Thanks, that helped.")
    mia = await org.principal(org.mia)
    await triage.transition(mia, item.id, to=Status.DECLINED, message="Not something we change.")
    await triage.transition(mia, item.id, to=Status.CLOSED)
    await file_waiting()
    last = await TimelineEvent.filter(item_id=item.id).order_by("-id").first()
    assert last is not None and last.message == "Thanks, that helped."
    assert (await Item.get(id=item.id)).status is Status.CLOSED


async def test_a_session_keeps_no_moment_of_its_login(org: Org) -> None:
    with recorded_at(MOMENT):
        await open_session(org.alice.id, ttl_hours=24)
    [row] = await Session.all().values()
    assert set(row) == {"token_hash", "user_id", "expires_at"}
    assert row["expires_at"] == HOUR + timedelta(hours=25)  # to the end of that hour
