"""A change and its outbox rows commit together or not at all."""

from __future__ import annotations

from typing import Any

import pytest

from domain.items import triage
from domain.items.enums import Status
from domain.items.models import Item, TimelineEvent
from domain.notifications import outbox
from domain.notifications.models import Notification
from tests.support.domain import gripe
from tests.support.org import Org


class OutboxBroke(Exception):
    pass


async def test_a_failure_while_writing_the_outbox_rolls_the_status_change_back(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = (await gripe(org, org.alice)).item
    rows_before = await Notification.all().count()
    events_before = await TimelineEvent.all().count()

    real_enqueue = outbox.enqueue

    async def enqueue_then_fail(*args: Any, **kwargs: Any) -> Any:
        await real_enqueue(*args, **kwargs)  # the rows are written ...
        raise OutboxBroke  # ... and then the transaction fails

    monkeypatch.setattr(outbox, "enqueue", enqueue_then_fail)
    with pytest.raises(OutboxBroke):
        await triage.acknowledge(await org.principal(org.mia), item.id)
    monkeypatch.undo()

    stored = await Item.get(id=item.id)
    assert stored.status is Status.NEW
    assert stored.version == item.version
    assert stored.acknowledged_at is None
    assert await Notification.all().count() == rows_before
    assert await TimelineEvent.all().count() == events_before

    # And the same change goes through once the outbox works again.
    await triage.acknowledge(await org.principal(org.mia), item.id)
    assert (await Item.get(id=item.id)).status is Status.ACKNOWLEDGED
    assert await Notification.all().count() > rows_before
