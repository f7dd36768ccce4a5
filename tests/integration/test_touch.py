"""A new message marks the item changed whatever version its writer saw: the version
goes up by one from where it is, also when the item object in hand is out of date."""

from __future__ import annotations

from domain.items.changes import touch
from domain.items.models import Item
from domain.unit_of_work import unit_of_work
from tests.support.domain import gripe
from tests.support.org import Org


async def test_touch_bumps_the_version_once_from_where_it_is(org: Org) -> None:
    item = (await gripe(org, org.alice)).item
    start = item.version
    stale = await Item.get(id=item.id)

    async with unit_of_work() as uow:
        await touch(uow, item)  # as read: one conditional update
    assert item.version == start + 1 == (await Item.get(id=item.id)).version

    async with unit_of_work() as uow:
        await touch(uow, stale)  # someone changed it meanwhile: up from the stored version
    assert stale.version == start + 2 == (await Item.get(id=item.id)).version
