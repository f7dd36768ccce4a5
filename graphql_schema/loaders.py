"""Per-request dataloaders: every related field goes through one, so a list of N items
costs a fixed number of queries. Pages prime them with what they already joined in."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from server.items.enums import Visibility
from server.items.models import CustomerContact, TimelineEvent
from server.items.queries import message_counts, timelines
from server.org.models import Category, Team, User

M = TypeVar("M", Team, Category, User)


async def _by_id(model: type[M], ids: Sequence[int]) -> list[M | None]:
    found = {row.id: row for row in await model.filter(id__in=list(ids))}
    return [found.get(i) for i in ids]


class Loaders:
    @cached_property
    def team(self) -> DataLoader[int, Team | None]:
        return DataLoader(lambda ids: _by_id(Team, ids))

    @cached_property
    def category(self) -> DataLoader[int, Category | None]:
        return DataLoader(lambda ids: _by_id(Category, ids))

    @cached_property
    def user(self) -> DataLoader[int, User | None]:
        return DataLoader(lambda ids: _by_id(User, ids))

    @cached_property
    def message_count(self) -> DataLoader[int, int]:
        async def load(ids: Sequence[int]) -> list[int]:
            counts = await message_counts(ids)
            return [counts[i] for i in ids]

        return DataLoader(load)

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

    def prime_joined(self, team: Team, category: Category, assignee: User | None) -> None:
        self.team.prime(team.id, team)
        self.category.prime(category.id, category)
        if assignee is not None:
            self.user.prime(assignee.id, assignee)
