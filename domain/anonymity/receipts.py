"""What the holder of a receipt code can do: follow the item, answer, mark it read.

The item is found by the code alone (`domain/items/access.py::item_for_receipt`,
throttled per client). A reply is not written to the timeline at once: it waits, seen
by its sender as "on its way", until the next filing puts it on the timeline and tells
the team (`filing.py`). Marking as read stores no time.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.anonymity.models import WaitingReply
from domain.errors import InvalidTransition, ValidationFailed
from domain.items.cards import Card, card
from domain.items.conversation import mark_seen_by_submitter, message_text, unseen_by_submitter
from domain.items.enums import Status
from domain.items.models import Item

# Replies waiting for one filing, per item: enough for a conversation, not for a flood.
MAX_WAITING_REPLIES = 10
_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class HolderView:
    card: Card
    unseen_updates: int
    waiting_replies: list[str]  # sent, not yet filed: shown as "on its way"
    merged_into: Card | None = None  # merged as a duplicate: the item it went into

    @property
    def can_reply(self) -> bool:
        """Once the team has it (filed), until it is closed."""
        return self.card.filed and self.card.status is not Status.CLOSED


async def view(item: Item) -> HolderView:
    waiting = await WaitingReply.filter(item_id=item.id).order_by("position")
    return HolderView(
        card=await card(item.id),
        unseen_updates=await unseen_by_submitter(item),
        waiting_replies=[reply.body for reply in waiting],
        merged_into=await card(item.merged_into_id) if item.merged_into_id is not None else None,
    )


async def reply(item: Item, *, body: str) -> HolderView:
    text = message_text(body)
    if not item.filed:
        raise InvalidTransition(
            "Your gripe reaches the team at the next filing; you can answer after that."
        )
    if item.status is Status.CLOSED:
        raise InvalidTransition("This item is closed; it can no longer be answered.")
    for attempt in range(_ATTEMPTS):
        try:
            async with in_transaction() as conn:
                waiting = WaitingReply.filter(item_id=item.id).using_db(conn)
                if await waiting.count() >= MAX_WAITING_REPLIES:
                    raise ValidationFailed(
                        {"body": "Your earlier answers are still on their way; wait a while."}
                    )
                last = await waiting.order_by("-position").first()
                position = last.position + 1 if last is not None else 1
                await WaitingReply.create(
                    item_id=item.id, position=position, body=text, using_db=conn
                )
            break
        except IntegrityError:  # another reply took that position at the same moment
            if attempt == _ATTEMPTS - 1:
                raise
    return await view(item)


async def mark_seen(item: Item) -> HolderView:
    await mark_seen_by_submitter(item)
    return await view(item)
