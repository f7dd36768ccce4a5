"""Per-request dataloaders for the related fields that cards do not carry (an item's
timeline and customer, a category's team), so a list of N costs a fixed number of queries.
Cards themselves come with their team, category, people and counts (`domain/items/cards.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader

from domain.items.enums import Visibility
from domain.items.models import CustomerContact, TimelineEvent
from domain.items.queries import timelines
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
