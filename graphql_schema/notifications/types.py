"""The notifications menu and the email choices, as a signed-in person sees them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.notifications.enums import Delivery, EmailKind, Template
from domain.notifications.inbox import InAppNotification
from graphql_schema.enums import Status
from graphql_schema.outbox import types as outbox_types

strawberry.enum(EmailKind, description="A kind of email a person chooses about.")
strawberry.enum(
    Delivery,
    name="EmailDelivery",
    description="IMMEDIATE: an email for each; DIGEST: one a day at the start of the "
    "working day; OFF: none (the notifications menu still shows them).",
)
_ = outbox_types  # EmailTemplate is declared there


@strawberry.type(name="Notification", description="One entry of the notifications menu.")
class NotificationType:
    id: strawberry.ID
    item_id: strawberry.ID | None = strawberry.field(description="The item it is about.")
    reference: str
    title: str
    template: Template = strawberry.field(description="What happened, as the email says it.")
    status: Status | None = strawberry.field(description="The item's status at that moment.")
    actor_name: str | None = strawberry.field(description="Who did it; null for no one named.")
    created_at: datetime
    read: bool

    @classmethod
    def of(cls, entry: InAppNotification) -> NotificationType:
        return cls(
            id=strawberry.ID(str(entry.id)),
            item_id=strawberry.ID(str(entry.item_id)) if entry.item_id is not None else None,
            reference=entry.reference,
            title=entry.title,
            template=entry.template,
            status=Status(entry.status)
            if entry.status is not None and entry.status in Status.__members__
            else None,
            actor_name=entry.actor_name,
            created_at=entry.created_at,
            read=entry.read,
        )


@strawberry.type(description="The notifications menu: the newest entries and the unread count.")
class NotificationMenu:
    unread_count: int
    entries: list[NotificationType]


@strawberry.type(description="How one kind of email reaches me.")
class EmailPreference:
    kind: EmailKind
    delivery: Delivery
    is_default: bool = strawberry.field(description="Not chosen: the default for this kind.")
