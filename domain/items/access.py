"""Finding an item for whoever asks: a logged-in person, a receipt holder, a customer link."""

from __future__ import annotations

from dataclasses import dataclass

from domain.auth.principal import Principal
from domain.auth.throttle import Throttles
from domain.crypto import customer_token_lookup, normalise_receipt_code, receipt_hash
from domain.errors import NotFound
from domain.items.cards import Card, card, cards
from domain.items.enums import Visibility
from domain.items.models import CustomerContact, Item
from domain.items.policy import audience_of

RECEIPT_NOT_FOUND = "No item matches this receipt code."


@dataclass(frozen=True, slots=True)
class Visible:
    item: Item
    audience: Visibility


async def item_for(principal: Principal | None, item_id: int) -> Visible:
    """The item and what `principal` may read of it; NOT_FOUND when it is not theirs,
    so that nobody learns which items exist."""
    item = await Item.get_or_none(id=item_id)
    audience = audience_of(principal, item) if item is not None else None
    if item is None or audience is None:
        raise NotFound("No such item.")
    return Visible(item, audience)


@dataclass(frozen=True, slots=True)
class VisibleCard:
    card: Card
    audience: Visibility


async def card_for(principal: Principal | None, item_id: int) -> VisibleCard:
    """Like `item_for`, as the card pages show."""
    found = await cards(Item.filter(id=item_id), order=("id",), offset=0, limit=1)
    audience = audience_of(principal, found[0]) if found else None
    if not found or audience is None:
        raise NotFound("No such item.")
    return VisibleCard(found[0], audience)


async def item_for_receipt(code: str, *, client: str, throttles: Throttles) -> Item:
    """The anonymous item behind a receipt code. Every look-up is counted against the
    client (its address) before the code is checked, and given back when it was right:
    failed look-ups use the client's window up (RATE_LIMITED)."""
    attempt = await throttles.receipt_lookup(client=client)
    canonical = normalise_receipt_code(code)
    item = (
        await Item.get_or_none(receipt_hash=receipt_hash(canonical), is_anonymous=True)
        if canonical is not None
        else None
    )
    if item is None:
        raise NotFound(RECEIPT_NOT_FOUND)
    await attempt.give_back()
    return item


async def contact_for_token(token: str) -> CustomerContact:
    if not token or len(token) > 128:
        raise NotFound("This link is not valid (any more).")
    contact = await CustomerContact.get_or_none(token_lookup=customer_token_lookup(token))
    if contact is None:
        raise NotFound("This link is not valid (any more).")
    return contact


@dataclass(frozen=True, slots=True)
class CustomerView:
    contact: CustomerContact
    card: Card  # what the customer may see of it is the API's to choose: no staff names


async def customer_view(token: str) -> CustomerView:
    """What the customer's status-page link opens: their item, and who handles it."""
    contact = await contact_for_token(token)
    found = await card(contact.item_id)
    if found.merged_into_id is not None:  # merged: the customer follows the survivor
        found = await card(found.merged_into_id)
    return CustomerView(contact=contact, card=found)
