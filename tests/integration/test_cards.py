"""Cards are read with a statement of our own (domain/items/cards.py), not through the
ORM: what they show must be exactly what the ORM reads for the same item, on both
databases, down to every timestamp, name and count."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.items import conversation, triage
from domain.items.cards import Card, ItemNames, card, cards
from domain.items.enums import EventType, Status, Visibility
from domain.items.models import Item, TimelineEvent
from domain.org.models import Category, User
from tests.support.domain import anonymous_gripe, gripe
from tests.support.org import Org


async def _as_the_orm_reads_it(item_id: int) -> Card:
    item = await Item.get(id=item_id)
    category = await Category.get(id=item.category_id).select_related("team")
    assignee = await User.get_or_none(id=item.assignee_id) if item.assignee_id else None
    submitter = await User.get_or_none(id=item.submitter_id) if item.submitter_id else None
    messages = await TimelineEvent.filter(item_id=item_id, type=EventType.MESSAGE).count()
    return Card.of_model(
        item,
        ItemNames.of_category(category),
        assignee_name=assignee.display_name if assignee else None,
        submitter_name=submitter.display_name if submitter else None,
        message_count=messages,
    )


async def test_a_card_shows_what_the_orm_reads_for_every_field(org: Org) -> None:
    made = await gripe(org, org.alice, category=org.building, title="Lift stuck on 3")
    mia = await org.principal(org.mia)
    await triage.acknowledge(mia, made.item.id)
    await triage.assign(mia, made.item.id, assignee_id=org.lou.id)
    for text in ("Looking into it.", "The mechanic comes on Monday."):
        await conversation.post_message(
            mia, made.item.id, body=text, visibility=Visibility.SUBMITTER
        )
    await conversation.post_message(
        mia, made.item.id, body="Internal: ask facilities.", visibility=Visibility.INTERNAL
    )
    await triage.transition(mia, made.item.id, to=Status.IN_PROGRESS)
    await triage.transition(mia, made.item.id, to=Status.RESOLVED, message="The mechanic fixed it.")
    # The columns no flow above fills, with a whole second (no fraction) for good measure.
    await Item.filter(id=made.item.id).update(
        missed_due_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        missed_reported_at=datetime(2026, 3, 2, 9, 5, 30, 123456, tzinfo=UTC),
        missed_escalated_at=datetime(2026, 3, 3, 10, 0, 1, tzinfo=UTC),
    )

    read = await card(made.item.id)

    assert read == await _as_the_orm_reads_it(made.item.id)
    assert read.message_count == 3  # every message, internal notes too
    assert read.assignee_name == "Lou Lead" and read.submitter_name == "Alice Jansen"
    assert read.resolved_at is not None and read.closed_at is None
    assert read.missed_escalated_at == datetime(2026, 3, 3, 10, 0, 1, tzinfo=UTC)
    assert read.is_anonymous is False


async def test_an_anonymous_card_has_no_submitter_and_matches_the_orm(org: Org) -> None:
    made = await anonymous_gripe(org, org.alice)

    read = await card(made.card.id)

    assert read == await _as_the_orm_reads_it(made.card.id)
    assert read.is_anonymous is True
    assert read.submitter_id is None and read.submitter_name is None
    assert read.assignee_name is None and read.message_count == 0


async def test_a_page_of_cards_keeps_the_order_it_was_asked_for(org: Org) -> None:
    made = [await gripe(org, org.alice, title=f"Gripe {n}") for n in range(5)]
    ids = [m.item.id for m in made]

    newest_first = await cards(
        Item.filter(id__in=ids), order=("-created_at", "-id"), offset=1, limit=3
    )

    assert [c.id for c in newest_first] == list(reversed(ids))[1:4]
    assert await cards(Item.filter(id__in=ids), order=("id",), offset=0, limit=0) == []
