from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from domain.items.models import Item, TimelineEvent
from domain.notifications.enums import (
    Channel,
    Delivery,
    DeliveryState,
    DigestState,
    EmailKind,
    RecipientKind,
    Template,
)
from domain.org.enums import Locale
from domain.org.models import User


# An outbox row: written in the same transaction as the change it reports.
#
# Workers deliver EMAIL rows at least once; `message_id` stays the same across retries
# so that a duplicate after an unknown outcome is recognisable as the same message.
class Notification(Model):
    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    item: fields.ForeignKeyNullableRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyNullableRelation[TimelineEvent] = fields.ForeignKeyField(
        "models.TimelineEvent", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    channel = fields.CharEnumField(Channel, max_length=8)
    recipient_kind = fields.CharEnumField(RecipientKind, max_length=16)
    recipient_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    recipient_address = fields.CharField(max_length=254, null=True)
    locale = fields.CharEnumField(Locale, max_length=8)
    template = fields.CharEnumField(Template, max_length=40)
    payload: dict[str, object] = fields.JSONField(default=dict)
    state = fields.CharEnumField(DeliveryState, max_length=12, default=DeliveryState.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    locked_until = fields.DatetimeField(null=True)
    locked_by = fields.CharField(max_length=64, null=True)
    last_error = fields.TextField(null=True)
    message_id = fields.CharField(max_length=255, unique=True)
    thread_id = fields.CharField(max_length=255)
    sent_at = fields.DatetimeField(null=True)

    item_id: int | None
    event_id: int | None
    recipient_user_id: int | None

    class Meta:
        table = "notifications"
        indexes = (
            Index(fields=("channel", "state", "next_attempt_at")),
            Index(fields=("recipient_user_id", "channel", "state")),
            Index(fields=("item_id", "recipient_kind", "state")),
        )


# One entry of a signed-in person's notifications menu, written with the event it
# reports (`timeline.record`), unread until `read_at`; those the person gets as a daily
# digest wait for it (`digest_state`). The payload is the one their email would carry,
# cut to what they may read.
class InboxEntry(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="inbox_entries", on_delete=fields.CASCADE
    )
    item: fields.ForeignKeyNullableRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="inbox_entries", null=True, on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyNullableRelation[TimelineEvent] = fields.ForeignKeyField(
        "models.TimelineEvent", related_name="inbox_entries", null=True, on_delete=fields.CASCADE
    )
    recipient_kind = fields.CharEnumField(RecipientKind, max_length=16)
    template = fields.CharEnumField(Template, max_length=40)
    payload: dict[str, object] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)
    digest_state = fields.CharEnumField(DigestState, max_length=10, default=DigestState.NONE)

    user_id: int
    item_id: int | None
    event_id: int | None

    class Meta:
        table = "inbox_entries"
        indexes = (
            Index(fields=("user_id", "read_at")),
            Index(fields=("user_id", "item_id", "read_at")),
            Index(fields=("digest_state", "user_id")),
        )


# What one person chose for one kind of email; a kind without a row has its default
# (`domain/notifications/preferences.py`).
class NotificationPreference(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notification_preferences", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(EmailKind, max_length=16)
    delivery = fields.CharEnumField(Delivery, max_length=12)
    updated_at = fields.DatetimeField()

    user_id: int

    class Meta:
        table = "notification_preferences"
        unique_together = (("user", "kind"),)


# One person's digest of one day: the unique (user, day) is what makes the daily job
# write it once, however many workers run it at the same moment.
class Digest(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="digests", on_delete=fields.CASCADE
    )
    day = fields.DateField()
    created_at = fields.DatetimeField()
    updates = fields.IntField()

    user_id: int

    class Meta:
        table = "digests"
        unique_together = (("user", "day"),)
