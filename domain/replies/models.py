from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.items.models import Item
from domain.notifications.enums import RecipientKind
from domain.org.models import User


# The reply address of one email thread: one item, one recipient.
#
# The token in `reply+<token>@…` is derived from the server secret and `token_salt`, and
# found again by a keyed hash of it, so the database alone can neither show nor
# recompute an address (as with the customer's status link). A reply is taken only from
# the address the token was given to, while the address has not expired.
class ReplyAddress(Model):
    id = fields.IntField(primary_key=True)
    thread_id = fields.CharField(max_length=255, unique=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="reply_addresses", on_delete=fields.CASCADE
    )
    recipient_kind = fields.CharEnumField(RecipientKind, max_length=16)
    # The employee or manager it was given to; None for the item's customer.
    recipient_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reply_addresses", null=True, on_delete=fields.CASCADE
    )
    token_salt = fields.CharField(max_length=32)
    token_lookup = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Pushed forward every time an email goes out with it.
    expires_at = fields.DatetimeField()

    item_id: int
    recipient_user_id: int | None

    class Meta:
        table = "reply_addresses"
