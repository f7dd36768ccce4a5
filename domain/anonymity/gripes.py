"""Sending an anonymous gripe: no person, a token instead.

What is written, in one transaction: the spent token's hash and the item — with a random
id outside the named sequence (`domain/items/numbering.py`), its times and response
targets to the hour, no submitter, and the receipt code only as a keyed hash. Nothing
else: no timeline event and no notification yet. The item waits, hidden from managers,
for the next filing (`filing.py`), which writes those among everything else waiting, so
their ids and times order it against the filing only. The sender sees it at once through
the receipt code.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.anonymity.keys import TokenKeys
from domain.anonymity.tokens import checked_token, spend
from domain.clock import recorded_at, to_the_hour, utcnow
from domain.crypto import new_receipt_code, receipt_hash
from domain.items.cards import Card, ItemNames
from domain.items.enums import ItemKind, Priority
from domain.items.models import Item
from domain.items.numbering import SequenceKeeper, new_anonymous_item_id
from domain.items.submission import Subject, new_card, subject_of
from domain.items.targets import BusinessCalendar, targets_for
from domain.unit_of_work import unit_of_work
from domain.validation import Checker


@dataclass(frozen=True, slots=True)
class AnonymousGripeDraft:
    category_id: int
    title: str
    body: str
    shared: bool = False  # colleagues may see it and say "me too" (never who sent it)


@dataclass(frozen=True, slots=True)
class AnonymousSubmitted:
    card: Card  # the item as its receipt holder sees it
    receipt_code: str  # shown once, never stored


async def submit_anonymous_gripe(
    draft: AnonymousGripeDraft, *, token: str, keys: TokenKeys, calendar: BusinessCalendar
) -> AnonymousSubmitted:
    """Fields first, then the token; a refusal of either writes nothing."""
    subject = await _checked(draft)
    checked = await checked_token(token, keys=keys, now=utcnow())
    async with unit_of_work() as uow:
        await spend(uow.conn, checked)
        return await _write(uow.conn, subject, calendar, shared=draft.shared)


async def _checked(draft: AnonymousGripeDraft) -> Subject:
    check = Checker()
    subject = await subject_of(
        check, title=draft.title, body=draft.body, category_id=draft.category_id
    )
    check.done()
    return subject


async def _write(
    conn: BaseDBAsyncClient, subject: Subject, calendar: BusinessCalendar, *, shared: bool
) -> AnonymousSubmitted:
    category = subject.category
    assert category is not None
    receipt = new_receipt_code()
    with recorded_at(to_the_hour(utcnow())) as hour:
        targets = targets_for(Priority.NORMAL, hour, calendar)
        keeper = SequenceKeeper(conn)
        await keeper.remember()
        item = await Item.create(
            id=await _free_anonymous_id(conn),
            kind=ItemKind.GRIEVANCE,
            title=subject.title,
            body=subject.body,
            category_id=category.id,
            team_id=category.team_id,
            is_anonymous=True,
            submitter_id=None,  # nothing of the sender: no user, no session, no address
            receipt_hash=receipt_hash(receipt),
            created_at=hour,
            updated_at=hour,
            acknowledge_due_at=targets.acknowledge_by,
            resolve_due_at=targets.resolve_by,
            filed=False,
            shared=shared,
            using_db=conn,
        )
        await keeper.restore()
    return AnonymousSubmitted(
        card=new_card(item, ItemNames.of_category(category), None), receipt_code=receipt
    )


async def _free_anonymous_id(conn: BaseDBAsyncClient) -> int:
    """A random id no item has (a collision is one in a billion per anonymous item)."""
    while True:
        candidate = new_anonymous_item_id()
        if not await Item.exists(id=candidate, using_db=conn):
            return candidate


async def seed_anonymous_gripe(
    draft: AnonymousGripeDraft, *, calendar: BusinessCalendar
) -> AnonymousSubmitted:
    """An anonymous gripe without a token, for the demo organisation (devtools/) and
    tests of what follows; the API always goes through `submit_anonymous_gripe`."""
    subject = await _checked(draft)
    async with unit_of_work() as uow:
        return await _write(uow.conn, subject, calendar, shared=draft.shared)
