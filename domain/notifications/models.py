from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from domain.items.models import Item, TimelineEvent
from domain.notifications.enums import Channel, DeliveryState, RecipientKind, Template
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
