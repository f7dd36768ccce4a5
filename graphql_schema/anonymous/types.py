"""How an anonymous item looks to the holder of its receipt code: what every view of an
item shares, the steps meant for its submitter, and what is still on its way."""

from __future__ import annotations

import strawberry

from domain.anonymity.receipts import HolderView
from domain.clock import utcnow
from domain.items.enums import Visibility as DomainVisibility
from graphql_schema.anonymous.context import AnonymousInfo
from graphql_schema.enums import Status
from graphql_schema.items.types import ItemSummary, TimelineEntry, from_card


@strawberry.type(description="The item a duplicate was merged into, as its sender follows it.")
class MergedInto:
    reference: str
    title: str
    status: Status


@strawberry.type(description="An anonymous item, as its receipt holder sees it.")
class AnonymousItem(ItemSummary):
    filed: bool = strawberry.field(
        description="False until the next filing (within the hour): the gripe is received, "
        "and the team sees it from the filing on."
    )
    unseen_updates: int
    can_reply: bool = strawberry.field(description="Once filed, until closed.")
    replies_on_their_way: list[str] = strawberry.field(
        description="Answers sent and not yet filed: the team gets them at the next filing."
    )
    merged_into: MergedInto | None = strawberry.field(
        description="The team merged this gripe into another item, which goes on for it."
    )

    @strawberry.field(description="The steps the submitter may see, oldest first.")
    async def timeline(self, info: AnonymousInfo) -> list[TimelineEntry]:
        events = await info.context.loaders.timeline.load(
            (self._card.id, DomainVisibility.SUBMITTER)
        )
        return [TimelineEntry.of(e) for e in events]

    @classmethod
    def of(cls, view: HolderView) -> AnonymousItem:
        return cls(
            **from_card(cls, view.card),
            _card=view.card,
            _now=utcnow(),
            unseen_updates=view.unseen_updates,
            can_reply=view.can_reply,
            replies_on_their_way=view.waiting_replies,
            merged_into=MergedInto(
                reference=view.merged_into.reference,
                title=view.merged_into.title,
                status=view.merged_into.status,
            )
            if view.merged_into is not None
            else None,
        )
