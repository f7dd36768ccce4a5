"""Asking for information about a NEW item (issue 14): a vague item's first step is
often a question. The question counts as the acknowledgement, reaches the person asked,
and their answer puts the item to work."""

from __future__ import annotations

import pytest

from domain.errors import ValidationFailed
from domain.items import conversation, triage
from domain.items.enums import Status, Visibility
from domain.items.models import Item
from tests.support.domain import gripe, outbox
from tests.support.org import Org


async def test_a_question_about_a_new_gripe_acknowledges_it_and_the_answer_puts_it_to_work(
    org: Org,
) -> None:
    item = (await gripe(org, org.alice)).item
    mia = await org.principal(org.mia)

    await triage.transition(
        mia, item.id, to=Status.WAITING_FOR_INFO, message="Which machine, the one on 3?"
    )

    asked = await Item.get(id=item.id)
    assert asked.status is Status.WAITING_FOR_INFO
    assert asked.acknowledged_at is not None, "the question is the team's first answer"
    assert ("EMPLOYEE", "status_changed", "alice@example.com") in await outbox(item)

    await conversation.post_message(
        await org.principal(org.alice), item.id, body="Yes, third floor.",
        visibility=Visibility.SUBMITTER,
    )  # fmt: skip
    assert (await Item.get(id=item.id)).status is Status.IN_PROGRESS


async def test_a_question_without_a_message_is_refused_and_changes_nothing(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    with pytest.raises(ValidationFailed):
        await triage.transition(
            await org.principal(org.mia), item.id, to=Status.WAITING_FOR_INFO, message="  "
        )
    stored = await Item.get(id=item.id)
    assert stored.status is Status.NEW and stored.acknowledged_at is None
    assert stored.version == item.version
