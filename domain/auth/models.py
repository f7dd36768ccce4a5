from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.org.models import User


# A server-side login session. Only a hash of the cookie's token is stored, and
# nothing about the device or network it came from, nor when it began: a login's
# moment could be set beside an anonymous gripe's, so the session keeps only when it
# ends, to the hour (`sessions.py`).
class Session(Model):
    token_hash = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
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


class LinkPurpose(StrEnum):
    INVITATION = "INVITATION"  # set a first password (an invitation email): 7 days
    RESET = "RESET"  # set a new password ("Forgot your password?"): 1 hour
    SETUP = "SETUP"  # the first admin's link, printed by `server.admin create-admin`: 1 hour


# A single-use link that lets a person set their password. The token itself is never
# stored: only its keyed hash, to find the link, beside the random salt the token is
# recomputed from with the server secret when the email is written (domain/crypto.py).
class AccountLink(Model):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="account_links", on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(LinkPurpose, max_length=16)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "account_links"
