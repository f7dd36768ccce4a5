"""How items look to each audience. The shapes themselves keep secrets: the customer's
view has no staff names and no internal events, and an anonymous item's `submitter` is
always null. (The receipt holder's view is the anonymous channel's:
`graphql_schema/anonymous/types.py`.)"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import strawberry
from strawberry.types import get_object_definition

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.errors import NotFound
from domain.items.cards import Card, card
from domain.items.enums import OPEN_STATUSES
from domain.items.enums import ActorKind as DomainActorKind
from domain.items.enums import ItemKind as DomainItemKind
from domain.items.enums import Status as DomainStatus
from domain.items.enums import Visibility as DomainVisibility
from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.items.overdue import current_miss
from domain.items.policy import audience_of
from domain.items.targets import target_state
from domain.items.transitions import Mover, allowed_targets
from graphql_schema.context import Info
from graphql_schema.enums import (
    ActorKind,
    EventType,
    ItemKind,
    Locale,
    Priority,
    Status,
    TargetState,
    Visibility,
)
from graphql_schema.org.types import CategoryType, Person, TeamType
from graphql_schema.triage_aid.types import ConcernClocksType


@strawberry.type(
    description="Who took a step. `name` is null for the anonymous submitter, "
    "the customer and the system."
)
class TimelineActor:
    kind: ActorKind
    name: str | None
    is_submitter: bool = strawberry.field(
        description="The item's submitter (named or anonymous) took this step."
    )


@strawberry.type(description="One step in an item's life, as the viewer may see it.")
class TimelineEntry:
    id: strawberry.ID
    type: EventType
    at: datetime
    visibility: Visibility
    actor: TimelineActor
    from_status: Status | None
    to_status: Status | None
    message: str | None
    assignee: Person | None
    priority: Priority | None
    solved: bool | None
    via_email: bool = strawberry.field(description="The message came as a reply by email.")
    attachments_left_out: int = strawberry.field(
        description="Attachments of a reply by email that were not kept."
    )

    @classmethod
    def of(cls, event: TimelineEvent, *, submitter_id: int | None = None) -> TimelineEntry:
        """`submitter_id`: the item's named submitter, to tell their steps apart."""
        data = event.data or {}
        assignee_id, assignee_name = data.get("assignee_id"), data.get("assignee_name")
        priority_name = data.get("to")
        solved = data.get("solved")
        return cls(
            id=strawberry.ID(str(event.id)),
            type=event.type,
            at=event.created_at,
            visibility=event.visibility,
            actor=TimelineActor(
                kind=event.actor_kind,
                name=event.actor.display_name if event.actor_id and event.actor else None,
                is_submitter=event.actor_kind is DomainActorKind.SUBMITTER
                or (event.actor_id is not None and event.actor_id == submitter_id),
            ),
            from_status=event.from_status,
            to_status=event.to_status,
            message=event.message,
            assignee=Person(id=strawberry.ID(str(assignee_id)), display_name=str(assignee_name))
            if assignee_id is not None
            else None,
            priority=Priority[str(priority_name)] if isinstance(priority_name, str) else None,
            solved=solved if isinstance(solved, bool) else None,
            via_email=_via_email(data),
            attachments_left_out=_attachments_left_out(data),
        )


def _via_email(data: dict[str, object]) -> bool:
    return data.get("via") == "EMAIL"


def _attachments_left_out(data: dict[str, object]) -> int:
    count = data.get("attachments_left_out")
    return count if isinstance(count, int) else 0


@strawberry.type(description="A step as the customer sees it: no staff names.")
class PublicTimelineEntry:
    id: strawberry.ID
    type: EventType
    at: datetime
    to_status: Status | None
    message: str | None
    by_customer: bool
    solved: bool | None = strawberry.field(
        description="The customer's answer, on their CUSTOMER_FEEDBACK step."
    )
    via_email: bool = strawberry.field(description="The customer's reply came by email.")
    attachments_left_out: int = strawberry.field(
        description="Attachments of the customer's email that were not kept."
    )

    @classmethod
    def of(cls, event: TimelineEvent) -> PublicTimelineEntry:
        data = event.data or {}
        solved = data.get("solved")
        return cls(
            id=strawberry.ID(str(event.id)),
            type=event.type,
            at=event.created_at,
            to_status=event.to_status,
            message=event.message,
            by_customer=event.actor_kind.value == "CUSTOMER",
            solved=solved if isinstance(solved, bool) else None,
            via_email=_via_email(data),
            attachments_left_out=_attachments_left_out(data),
        )


@strawberry.type(name="CustomerContact")
class CustomerContactType:
    name: str
    email: str
    locale: Locale
    consent_at: datetime
    emails_stopped: bool

    @classmethod
    def of(cls, contact: CustomerContact) -> CustomerContactType:
        return cls(
            name=contact.name,
            email=contact.email,
            locale=contact.locale,
            consent_at=contact.consent_at,
            emails_stopped=contact.unsubscribed_at is not None,
        )


@strawberry.interface(description="What every view of an item shares.")
class ItemSummary:
    # A field without a resolver is the card's field of the same name, copied by
    # `from_card` (domain/items/cards.py declares them); a resolver is what is derived.
    reference: str
    kind: ItemKind
    title: str
    body: str
    status: Status
    created_at: datetime
    acknowledge_due_at: datetime | None
    resolve_due_at: datetime | None
    _card: strawberry.Private[Card]
    _now: strawberry.Private[datetime]  # read once for a whole page

    @strawberry.field
    def target_state(self) -> TargetState:
        card = self._card
        return target_state(
            status=card.status,
            created_at=card.created_at,
            acknowledge_due_at=card.acknowledge_due_at,
            resolve_due_at=card.resolve_due_at,
            now=self._now,
        )

    @strawberry.field
    def team(self) -> TeamType:
        return _team(self._card)

    @strawberry.field
    def category(self) -> CategoryType:
        card = self._card
        return CategoryType(
            id=strawberry.ID(str(card.category_id)),
            name_en=card.category_name_en,
            name_nl=card.category_name_nl,
            team=_team(card),
        )


def _team(card: Card) -> TeamType:
    return TeamType(id=strawberry.ID(str(card.team_id)), name=card.team_name)


def card_fields(graphql_type: type) -> tuple[str, ...]:
    """The fields of `graphql_type` that are a card's own: those without a resolver,
    named like a field (or property) of `Card`."""
    definition = get_object_definition(graphql_type, strict=True)
    return tuple(
        field.python_name
        for field in definition.fields
        if field.base_resolver is None
        and not field.python_name.startswith("_")
        and hasattr(Card, field.python_name)
    )


def from_card(graphql_type: type, card: Card) -> dict[str, Any]:
    """The values of `graphql_type`'s card fields, read off `card` by name."""
    return {name: getattr(card, name) for name in _card_fields_of(graphql_type)}


@cache
def _card_fields_of(graphql_type: type) -> tuple[str, ...]:
    return card_fields(graphql_type)


def _person(user_id: int | None, name: str | None) -> Person | None:
    if user_id is None or name is None:
        return None
    return Person(id=strawberry.ID(str(user_id)), display_name=name)


@strawberry.type(name="Item", description="An item as staff and its named submitter see it.")
class ItemType(ItemSummary):
    # The card's `id` is a number; GraphQL's ID writes it as a string.
    id: strawberry.ID
    priority: Priority
    is_anonymous: bool
    updated_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    version: int = strawberry.field(description="Pass back as `expectedVersion` when changing it.")
    _audience: strawberry.Private[DomainVisibility]

    @strawberry.field
    def viewer_can_triage(self) -> bool:
        return self._audience is DomainVisibility.INTERNAL

    @strawberry.field
    def assignee(self) -> Person | None:
        return _person(self._card.assignee_id, self._card.assignee_name)

    @strawberry.field(description="Null for an anonymous item: nothing records who sent it.")
    def submitter(self) -> Person | None:
        return _person(self._card.submitter_id, self._card.submitter_name)

    message_count: int

    @strawberry.field(
        description="When the team was told that the response target that applies now "
        "was missed; null while it is not missed (or not reported yet)."
    )
    def target_missed_reported_at(self) -> datetime | None:
        return current_miss(self._card).reported_at

    @strawberry.field(
        description="When the team lead was told that this missed target is still not "
        "handled; null until then."
    )
    def target_missed_escalated_at(self) -> datetime | None:
        return current_miss(self._card).escalated_at

    @strawberry.field(description="Where a manager may move the item from here.")
    def allowed_transitions(self) -> list[Status]:
        if self._audience is not DomainVisibility.INTERNAL:
            return []
        return allowed_targets(self._card.status, Mover.MANAGER)

    @strawberry.field(
        description="The viewer submitted this resolved gripe and may say whether it is solved."
    )
    def viewer_can_give_feedback(self) -> bool:
        card = self._card
        return (
            self._audience is DomainVisibility.SUBMITTER
            and card.kind is DomainItemKind.GRIEVANCE
            and card.status is DomainStatus.RESOLVED
        )

    shared: bool = strawberry.field(description='Colleagues may see it and say "me too".')
    me_too_count: int = strawberry.field(description='How many people said "me too".')
    merged_into_id: strawberry.ID | None = strawberry.field(
        description="Merged as a duplicate into this item."
    )

    @strawberry.field(description="The customer of a relayed problem.")
    async def customer(self, info: Info) -> CustomerContactType | None:
        contact = await info.context.loaders.customer.load(self._card.id)
        return CustomerContactType.of(contact) if contact else None

    @strawberry.field(
        description="How many of the viewer's notifications about this item are unread "
        "(the unread marker on a card)."
    )
    async def unread_count(self, info: Info) -> int:
        principal = await info.context.principal()
        if principal is None:
            return 0
        return await info.context.loaders.unread.load((principal.user_id, self._card.id))

    @strawberry.field(
        description="The latest message is the submitter's or the customer's: someone "
        "answered and the team has not written since."
    )
    async def answered_by_submitter(self, info: Info) -> bool:
        return await info.context.loaders.answered.load(self._card.id)

    @strawberry.field(description="The steps the viewer may see, oldest first.")
    async def timeline(self, info: Info) -> list[TimelineEntry]:
        events = await info.context.loaders.timeline.load((self._card.id, self._audience))
        return [TimelineEntry.of(e, submitter_id=self._card.submitter_id) for e in events]

    @strawberry.field(
        description="A reportable concern's legal clocks (safety, law, integrity); null for "
        "other items and for viewers who do not triage it."
    )
    async def concern(self, info: Info) -> ConcernClocksType | None:
        if self._audience is not DomainVisibility.INTERNAL:
            return None
        clocks = await info.context.loaders.concern.load(self._card.id)
        return ConcernClocksType.of(clocks) if clocks else None

    @classmethod
    async def shown_to(cls, principal: Principal, item: Item) -> ItemType:
        """The item as `principal` may see it, right after they changed it."""
        return cls.card_shown_to(principal, await card(item.id))

    @classmethod
    def card_shown_to(cls, principal: Principal, card: Card) -> ItemType:
        audience = audience_of(principal, card)
        if audience is None:
            raise NotFound("No such item.")
        return cls.of(card, audience)

    @classmethod
    def of(cls, card: Card, audience: DomainVisibility, *, now: datetime | None = None) -> ItemType:
        """`now`, for target states, is read once for a whole page when given."""
        return cls(
            **from_card(cls, card),
            _card=card,
            _now=now or utcnow(),
            _audience=audience,
        )


@strawberry.type(description="A relayed problem, as its customer sees it from the email link.")
class CustomerStatus:
    # Read off the card by name (no staff names among them); the rest is derived.
    reference: str
    title: str
    body: str = strawberry.field(description="The problem as it was described when passed on.")
    status: Status
    created_at: datetime
    team_name: str
    _card: strawberry.Private[Card]
    _contact: strawberry.Private[CustomerContact]

    @strawberry.field
    def locale(self) -> Locale:
        return self._contact.locale

    @strawberry.field
    def emails_stopped(self) -> bool:
        return self._contact.unsubscribed_at is not None

    @strawberry.field
    def can_give_feedback(self) -> bool:
        return self._card.status is DomainStatus.RESOLVED

    @strawberry.field
    def is_open(self) -> bool:
        return self._card.status in OPEN_STATUSES

    @strawberry.field(description="The customer may write to the team.")
    def can_reply(self) -> bool:
        return self._card.status is not DomainStatus.CLOSED

    @strawberry.field
    async def timeline(self, info: Info) -> list[PublicTimelineEntry]:
        events = await info.context.loaders.timeline.load((self._card.id, DomainVisibility.PUBLIC))
        return [PublicTimelineEntry.of(e) for e in events]

    @strawberry.field(description="While the team waits for the customer: the question they asked.")
    async def question(self, info: Info) -> str | None:
        if self._card.status is not DomainStatus.WAITING_FOR_INFO:
            return None
        events = await info.context.loaders.timeline.load((self._card.id, DomainVisibility.PUBLIC))
        asked = [e for e in events if e.to_status is DomainStatus.WAITING_FOR_INFO]
        return asked[-1].message if asked else None

    @classmethod
    def of(cls, card: Card, contact: CustomerContact) -> CustomerStatus:
        return cls(**from_card(cls, card), _card=card, _contact=contact)
