"""Per-request dataloaders for the related fields that cards do not carry (an item's
timeline and customer, a category's team), so a list of N costs a fixed number of queries.
Cards themselves come with their team, category, people and counts (`domain/items/cards.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader

from domain.items.enums import Visibility
from domain.items.models import CustomerContact, TimelineEvent
from domain.items.queries import answered_by_submitter, timelines
from domain.notifications.inbox import unread_by_item
from domain.org.models import Team
from domain.triage_aid.concerns import Clocks, clocks_of


async def _teams(ids: Sequence[int]) -> list[Team | None]:
    found = {row.id: row for row in await Team.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


class Loaders:
    @cached_property
    def team(self) -> DataLoader[int, Team | None]:
        return DataLoader(_teams)

    @cached_property
    def customer(self) -> DataLoader[int, CustomerContact | None]:
        async def load(item_ids: Sequence[int]) -> list[CustomerContact | None]:
            rows = await CustomerContact.filter(item_id__in=list(item_ids))
            found = {row.item_id: row for row in rows}
            return [found.get(i) for i in item_ids]

        return DataLoader(load)

    @cached_property
    def timeline(self) -> DataLoader[tuple[int, Visibility], list[TimelineEvent]]:
        async def load(keys: Sequence[tuple[int, Visibility]]) -> list[list[TimelineEvent]]:
            results: dict[tuple[int, Visibility], list[TimelineEvent]] = {}
            for audience in {audience for _, audience in keys}:
                ids = [item_id for item_id, a in keys if a is audience]
                for item_id, events in (await timelines(ids, audience)).items():
                    results[(item_id, audience)] = events
            return [results[key] for key in keys]

        return DataLoader(load)

    @cached_property
    def concern(self) -> DataLoader[int, Clocks | None]:
        async def load(item_ids: Sequence[int]) -> list[Clocks | None]:
            found = await clocks_of(list(item_ids))
            return [found.get(i) for i in item_ids]

        return DataLoader(load)

    @cached_property
    def unread(self) -> DataLoader[tuple[int, int], int]:
        """(person, item) -> the person's unread notifications about the item."""

        async def load(keys: Sequence[tuple[int, int]]) -> list[int]:
            counts: dict[tuple[int, int], int] = {}
            for user_id in {user_id for user_id, _ in keys}:
                item_ids = [item_id for u, item_id in keys if u == user_id]
                for item_id, unread in (await unread_by_item(user_id, item_ids)).items():
                    counts[(user_id, item_id)] = unread
            return [counts.get(key, 0) for key in keys]

        return DataLoader(load)

    @cached_property
    def answered(self) -> DataLoader[int, bool]:
        """item -> its latest message is the submitter's or the customer's."""

        async def load(item_ids: Sequence[int]) -> list[bool]:
            answered = await answered_by_submitter(item_ids)
            return [item_id in answered for item_id in item_ids]

        return DataLoader(load)
