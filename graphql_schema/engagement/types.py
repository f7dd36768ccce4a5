"""A shared item as colleagues see it: no submitter (unless they shared their name), no
conversation, only the team's explanations of its status moves. The same shape serves
the anonymous channel (an anonymous "me too"'s receipt), so nothing here reads a session."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.clock import utcnow
from domain.engagement import sharing
from domain.items.cards import Card
from graphql_schema.enums import Status
from graphql_schema.items.types import ItemSummary, from_card
from graphql_schema.org.types import Person


@strawberry.type(description="The team's explanation of a status move of a shared item.")
class SharedAnswer:
    at: datetime
    to_status: Status | None
    message: str


@strawberry.type(description="An item shared with colleagues.")
class SharedItem(ItemSummary):
    id: strawberry.ID
    resolved_at: datetime | None
    me_too_count: int = strawberry.field(description='How many people said "me too".')
    viewer_said_me_too: bool
    _viewer_id: strawberry.Private[int | None]

    @strawberry.field(description="The viewer sent it in.")
    def viewer_is_submitter(self) -> bool:
        return self._viewer_id is not None and self._card.submitter_id == self._viewer_id

    @strawberry.field(description="Only when the sender chose to share their name.")
    def submitter(self) -> Person | None:
        card = self._card
        if not card.shared_by_name or card.submitter_id is None:
            return None
        return Person(
            id=strawberry.ID(str(card.submitter_id)), display_name=card.submitter_name or ""
        )

    @strawberry.field(description="The team's explanations of its status moves, oldest first.")
    async def answers(self) -> list[SharedAnswer]:
        return [
            SharedAnswer(at=e.created_at, to_status=e.to_status, message=e.message or "")
            for e in await sharing.answers(self._card)
        ]

    @classmethod
    def of(
        cls,
        card: Card,
        *,
        viewer_id: int | None,
        said_me_too: bool,
        now: datetime | None = None,
    ) -> SharedItem:
        return cls(
            **from_card(cls, card),
            _card=card,
            _now=now or utcnow(),
            viewer_said_me_too=said_me_too,
            _viewer_id=viewer_id,
        )
