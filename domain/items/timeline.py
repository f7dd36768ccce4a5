"""Recording a step on an item's timeline together with its notifications.

The one way in for "something happened to an item": every flow calls `record()` inside
its unit of work, so that the event and its outbox rows commit or vanish together —
emails, the in-app notifications of signed-in people, and what waits for their digest.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.clock import utcnow
from domain.items.actors import Actor
from domain.items.cards import ItemNames
from domain.items.enums import ActorKind, EventType, ItemKind, Status, Visibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.notifications import inbox, outbox, preferences
from domain.notifications.audience import load_audience
from domain.notifications.enums import RecipientKind
from domain.notifications.payloads import EventFacts, ItemFacts, payload_for
from domain.notifications.rules import Audience, Happening, recipients_for
from domain.org.enums import Locale
from domain.unit_of_work import UnitOfWork

_NEEDS_MANAGERS = {
    EventType.SUBMITTED,
    EventType.MESSAGE,
    EventType.CUSTOMER_FEEDBACK,
    EventType.SUBMITTER_FEEDBACK,
    EventType.TARGET_MISSED,
}

# Events that followers ("me too", merged items' senders) may hear of.
_TO_FOLLOWERS = {EventType.ACKNOWLEDGED, EventType.STATUS_CHANGED, EventType.MERGED}


async def record(
    uow: UnitOfWork,
    item: Item,
    *,
    type: EventType,
    actor: Actor,
    visibility: Visibility,
    from_status: Status | None = None,
    to_status: Status | None = None,
    message: str | None = None,
    data: dict[str, object] | None = None,
    first_assignment: bool = False,
    escalate_to_lead: bool = False,
    by_submitter: bool = False,
    names: ItemNames | None = None,
) -> TimelineEvent:
    """`by_submitter`: the submitter (named or anonymous) caused this step, so it goes to
    the people handling the item, not back out to the submitter or the customer."""
    event = await TimelineEvent.create(
        item_id=item.id,
        created_at=utcnow(),  # to the hour, for what an anonymous sender caused
        type=type,
        actor_kind=actor.kind,
        actor_id=actor.user_id,
        visibility=visibility,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data or {},
        using_db=uow.conn,
    )
    happening = Happening(
        type=type,
        visibility=visibility,
        actor_user_id=actor.user_id,
        by_submitter=by_submitter,
        by_customer=actor.kind is ActorKind.CUSTOMER,
        first_assignment=first_assignment,
        escalate_to_lead=escalate_to_lead,
        from_status=from_status,
        to_status=to_status,
        has_message=bool(message),
    )
    audience = await load_audience(
        uow.conn,
        item,
        with_managers=type in _NEEDS_MANAGERS,
        with_leads=type is EventType.TARGET_MISSED and escalate_to_lead,
        with_followers=type in _TO_FOLLOWERS and visibility is not Visibility.INTERNAL,
    )
    recipients = recipients_for(happening, audience)
    await _tell_merged_customers(uow, item, event, happening, names)
    if not recipients:
        return event
    # Signed-in people: their notifications menu, and email as each chose.
    people = preferences.people_of(recipients)
    chosen = await preferences.chosen_by(uow.conn, people) if people else {}
    routed = preferences.route(recipients, chosen)
    submitter_name = audience.submitter.first_name if audience.submitter else None
    facts = _item_facts(item, names or await _names(uow.conn, item), submitter_name)
    event_facts = EventFacts(
        type=type,
        visibility=visibility,
        actor_name=actor.name,
        from_status=from_status,
        to_status=to_status,
        message=message,
        details=data or {},
    )
    payloads = {r: payload_for(facts, event_facts, r) for r in recipients}
    rows = await outbox.enqueue(
        uow.conn,
        item_id=item.id,
        event_id=event.id,
        recipients=routed.outbox,
        payloads=payloads,
    )
    await inbox.add(
        uow.conn, item_id=item.id, event_id=event.id, entries=routed.inbox, payloads=payloads
    )
    uow.queued_email = uow.queued_email or outbox.has_email(rows)
    return event


async def _names(conn: BaseDBAsyncClient, item: Item) -> ItemNames:
    row = (
        await Item.filter(id=item.id)
        .using_db(conn)
        .values("team__name", "category__name_en", "category__name_nl")
    )[0]
    return ItemNames(
        team=str(row["team__name"]),
        category_en=str(row["category__name_en"]),
        category_nl=str(row["category__name_nl"]),
    )


def _item_facts(item: Item, names: ItemNames, submitter_first_name: str | None) -> ItemFacts:
    return ItemFacts(
        item_id=item.id,
        reference=item.reference,
        kind=item.kind,
        title=item.title,
        status=item.status,
        priority=item.priority,
        team_name=names.team,
        category_en=names.category_en,
        category_nl=names.category_nl,
        submitter_first_name=submitter_first_name,
        acknowledge_due_at=item.acknowledge_due_at,
        resolve_due_at=item.resolve_due_at,
    )


def _reaches_a_customer(happening: Happening) -> bool:
    """Whether a customer would hear of this happening at all (the rules, without the
    database: an audience of one customer)."""
    probe = Audience(
        submitter=None,
        is_anonymous=False,
        customer_address="customer@example.invalid",
        customer_locale=Locale.EN,
        assignee=None,
        managers=(),
        leads=(),
    )
    return any(r.kind is RecipientKind.CUSTOMER for r in recipients_for(happening, probe))


async def _tell_merged_customers(
    uow: UnitOfWork,
    item: Item,
    event: TimelineEvent,
    happening: Happening,
    names: ItemNames | None,
) -> None:
    """The customers of relayed problems merged into `item` follow it: each hears of
    what its own customer would, in a thread of their own item (their status link)."""
    if item.kind is not ItemKind.CUSTOMER_ISSUE or happening.visibility is not Visibility.PUBLIC:
        return
    if not _reaches_a_customer(happening):
        return  # e.g. a customer's own reply: no customer hears of it, nothing to look up
    contacts = await CustomerContact.filter(
        item__merged_into_id=item.id, unsubscribed_at__isnull=True
    ).using_db(uow.conn)
    if not contacts:
        return
    facts = _item_facts(item, names or await _names(uow.conn, item), None)
    for contact in contacts:
        audience = Audience(
            submitter=None,
            is_anonymous=False,
            customer_address=contact.email,
            customer_locale=contact.locale,
            assignee=None,
            managers=(),
            leads=(),
        )
        recipients = [
            r for r in recipients_for(happening, audience) if r.kind is RecipientKind.CUSTOMER
        ]
        event_facts = EventFacts(
            type=event.type,
            visibility=event.visibility,
            actor_name=None,
            from_status=event.from_status,
            to_status=event.to_status,
            message=event.message,
            details=event.data or {},
        )
        rows = await outbox.enqueue(
            uow.conn,
            item_id=contact.item_id,
            event_id=event.id,
            recipients=recipients,
            payloads={r: payload_for(facts, event_facts, r) for r in recipients},
        )
        uow.queued_email = uow.queued_email or outbox.has_email(rows)
