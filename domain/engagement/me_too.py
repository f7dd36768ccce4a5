"""Saying "me too" to a shared item: by name, or anonymously with a blind token.

A named "me too" counts at once and its person hears when the item moves (the
notification rules' followers). An anonymous one spends a token as an anonymous gripe
does (`domain/anonymity/`) and writes a row with nothing but the item and a keyed hash
of its own receipt code; the next filing counts it, among everything else filed then
(`domain/anonymity/filing.py`). Its holder follows the item with that code.

Refused: one's own item, an item not shared, a merged item (ME_TOO_REFUSED), an item
not filed or not there (NOT_FOUND). Twice by the same person counts once; the same
token twice is TOKEN_SPENT.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F

from domain.anonymity.keys import TokenKeys
from domain.anonymity.tokens import checked_token, spend
from domain.auth.principal import Principal
from domain.auth.throttle import Throttles
from domain.clock import utcnow
from domain.crypto import new_receipt_code, normalise_receipt_code, receipt_hash
from domain.engagement.models import MeToo
from domain.errors import MeTooRefused, NotFound
from domain.items.models import Item
from domain.unit_of_work import unit_of_work

RECEIPT_NOT_FOUND = 'No "me too" matches this receipt code.'


def refusal(item: Item | None, *, user_id: int | None) -> None:
    """Why `user_id` (None: anonymous) may not say "me too" to `item`, if they may not."""
    if item is None or not item.filed:
        raise NotFound("No such item.")
    if item.merged_into_id is not None:
        raise MeTooRefused("MERGED")
    if user_id is not None and item.submitter_id == user_id:
        raise MeTooRefused("OWN_ITEM")
    if not item.shared:
        raise MeTooRefused("NOT_SHARED")


async def _locked(conn: BaseDBAsyncClient, item_id: int) -> Item | None:
    """The item, its row locked until the commit (PostgreSQL; SQLite writes one at a time)."""
    return await Item.filter(id=item_id).using_db(conn).select_for_update().first()


async def say_me_too(principal: Principal, item_id: int) -> None:
    """Count `principal` among the people with the same problem (once)."""
    async with unit_of_work() as uow:
        item = await _locked(uow.conn, item_id)
        refusal(item, user_id=principal.user_id)
        if await MeToo.exists(item_id=item_id, user_id=principal.user_id, using_db=uow.conn):
            return
        await MeToo.create(item_id=item_id, user_id=principal.user_id, using_db=uow.conn)
        await Item.filter(id=item_id).using_db(uow.conn).update(me_too_count=F("me_too_count") + 1)


@dataclass(frozen=True, slots=True)
class AnonymousMeToo:
    item_id: int
    receipt_code: str  # shown once, never stored


async def say_me_too_anonymously(item_id: int, *, token: str, keys: TokenKeys) -> AnonymousMeToo:
    """The item first, then the token: a refusal of either spends and writes nothing."""
    refusal(await Item.get_or_none(id=item_id), user_id=None)
    checked = await checked_token(token, keys=keys, now=utcnow())
    receipt = new_receipt_code()
    async with unit_of_work() as uow:
        refusal(await _locked(uow.conn, item_id), user_id=None)
        await spend(uow.conn, checked)
        await MeToo.create(
            item_id=item_id,
            user_id=None,
            receipt_hash=receipt_hash(receipt),
            filed=False,
            using_db=uow.conn,
        )
    return AnonymousMeToo(item_id=item_id, receipt_code=receipt)


async def me_too_for_receipt(code: str, *, client: str, throttles: Throttles) -> MeToo:
    """The anonymous "me too" behind a receipt code; look-ups throttled per client as
    gripes' receipts are."""
    attempt = await throttles.receipt_lookup(client=client)
    canonical = normalise_receipt_code(code)
    found = (
        await MeToo.get_or_none(receipt_hash=receipt_hash(canonical))
        if canonical is not None
        else None
    )
    if found is None:
        raise NotFound(RECEIPT_NOT_FOUND)
    await attempt.give_back()
    return found


async def count_waiting(conn: BaseDBAsyncClient, me_too_id: object) -> bool:
    """For the filing: count one waiting anonymous "me too"; False if another worker
    counted it meanwhile."""
    flipped = await MeToo.filter(id=me_too_id, filed=False).using_db(conn).update(filed=True)
    if not flipped:
        return False
    me_too = await MeToo.filter(id=me_too_id).using_db(conn).get()
    await Item.filter(id=me_too.item_id).using_db(conn).update(me_too_count=F("me_too_count") + 1)
    return True


async def said_me_too(user_id: int, item_ids: list[int]) -> set[int]:
    """Which of these items `user_id` said "me too" to."""
    if not item_ids:
        return set()
    found = await MeToo.filter(user_id=user_id, item_id__in=item_ids).values("item_id")
    return {int(row["item_id"]) for row in found}
