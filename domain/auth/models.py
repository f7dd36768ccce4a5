from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.org.models import User


# A server-side login session. Only a hash of the cookie's token is stored, and
# nothing about the device or network it came from.
class Session(Model):
    token_hash = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    user_id: int

    class Meta:
        table = "sessions"


# One throttle counter (domain/auth/throttle.py): how many attempts a key made in its
# current window. The key is a keyed hash, so the table holds no email or address.
class ThrottleCounter(Model):
    key = fields.CharField(max_length=64, primary_key=True)
    attempts = fields.IntField()
    # Unix seconds: the last attempt counted, and when the window ends.
    last_at = fields.BigIntField()
    ends_at = fields.BigIntField()

    class Meta:
        table = "throttle_counters"
