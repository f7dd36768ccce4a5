"""What the anonymous channel keeps. None of it holds a time, and nothing in it points
from an anonymous item to a person.

- `TokenKey`: the blind-signature keys, one per key period, the private key sealed with
  a key derived from MOPPER_SECRET_KEY (`keys.py`).
- `TokenIssuance`: who has had this period's batch of tokens — only (person, key), the
  cap of one batch per person per key; no time, no count, nothing of the tokens.
- `SpentToken`: the hash of each token spent, to refuse it a second time; no time, no
  item, no key.
- `WaitingReply`: an anonymous reply until the next filing (`filing.py`).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.items.models import Item
from domain.org.models import User


class TokenKey(Model):
    key_id = fields.CharField(max_length=16, primary_key=True)
    # Key periods are counted from the Unix epoch in MOPPER_ANONYMOUS_KEY_DAYS; one key
    # per period, whichever API process makes it first.
    period = fields.IntField(unique=True)
    sealed_private_key = fields.TextField()
    signs_until = fields.DatetimeField()
    accepted_until = fields.DatetimeField()

    class Meta:
        table = "anonymous_token_keys"


class TokenIssuance(Model):
    # Random, so that not even an id orders who had their tokens when.
    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="token_issuances", on_delete=fields.CASCADE
    )
    key: fields.ForeignKeyRelation[TokenKey] = fields.ForeignKeyField(
        "models.TokenKey", related_name="issuances", on_delete=fields.CASCADE
    )

    user_id: int
    key_id: str

    class Meta:
        table = "anonymous_token_issuances"
        unique_together = (("user", "key"),)


class SpentToken(Model):
    token_hash = fields.CharField(max_length=64, primary_key=True)

    class Meta:
        table = "anonymous_spent_tokens"


class WaitingReply(Model):
    id = fields.UUIDField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="waiting_replies", on_delete=fields.CASCADE
    )
    # The order of this item's waiting replies among themselves, and nothing else.
    position = fields.IntField()
    body = fields.TextField()

    item_id: int

    class Meta:
        table = "anonymous_waiting_replies"
        unique_together = (("item", "position"),)
