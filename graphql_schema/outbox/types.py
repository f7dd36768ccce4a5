"""The email outbox as admins see it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.items.numbering import item_reference
from domain.notifications.enums import DeliveryState, RecipientKind, Template
from domain.notifications.models import Notification
from graphql_schema.enums import Locale

strawberry.enum(DeliveryState, description="Where an email is in its delivery.")
strawberry.enum(RecipientKind, description="Who an email is for.")
strawberry.enum(Template, name="EmailTemplate", description="Which email it is.")


@strawberry.type(description="How many emails are in each delivery state.")
class OutboxCounts:
    pending: int
    sending: int
    sent: int
    dead: int
    cancelled: int

    @classmethod
    def of(cls, counts: dict[DeliveryState, int]) -> OutboxCounts:
        return cls(
            pending=counts[DeliveryState.PENDING],
            sending=counts[DeliveryState.SENDING],
            sent=counts[DeliveryState.SENT],
            dead=counts[DeliveryState.DEAD],
            cancelled=counts[DeliveryState.CANCELLED],
        )


@strawberry.type(description="One email in the outbox.")
class OutboxEmail:
    id: strawberry.ID
    state: DeliveryState
    template: Template
    recipient_kind: RecipientKind
    recipient_address: str | None
    locale: Locale
    item_reference: str | None
    attempts: int
    last_error: str | None = strawberry.field(
        description="The last failure (often the mail server's reply)."
    )
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, email: Notification) -> OutboxEmail:
        return cls(
            id=strawberry.ID(str(email.id)),
            state=email.state,
            template=email.template,
            recipient_kind=email.recipient_kind,
            recipient_address=email.recipient_address,
            locale=email.locale,
            item_reference=item_reference(email.item_id) if email.item_id else None,
            attempts=email.attempts,
            last_error=email.last_error,
            created_at=email.created_at,
            sent_at=email.sent_at,
        )
