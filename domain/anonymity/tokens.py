"""Giving out tokens (to logged-in employees, blindly) and spending them (anonymously).

Issuing: the browser sends a batch of blinded messages for the current key; each person
gets exactly one batch of MOPPER_ANONYMOUS_TOKENS_PER_PERIOD per key. The only record is
(person, key): no time, no count, nothing of the messages, which the server cannot read
anyway. Everybody's browser asks at the same moments (login, app start without a batch
for the current key), whether or not they ever write anonymously.

Spending: an anonymous gripe carries one unblinded token. It must be well-formed, signed
by a key accepted now, and never spent before; its hash is then stored in the
transaction that writes the gripe (no time, no item), so a refused gripe spends nothing
and a token is spent at most once, even by two requests at the same moment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import rsa
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from domain.anonymity import blind
from domain.anonymity.keys import TokenKeys
from domain.anonymity.models import SpentToken, TokenIssuance
from domain.errors import (
    TokenExpired,
    TokenInvalid,
    TokenKeyChanged,
    TokenMalformed,
    TokensAlreadyIssued,
    TokenSpent,
    ValidationFailed,
)

BLINDED_FIELD = "blinded"


@dataclass(frozen=True, slots=True)
class IssuedBatch:
    key_id: str
    blind_signatures: list[str]  # base64url, in the order of the blinded messages


def _decode_batch(blinded: Sequence[str], *, batch_size: int) -> list[bytes]:
    if len(blinded) != batch_size:
        raise ValidationFailed({BLINDED_FIELD: f"Send exactly {batch_size} blinded messages."})
    try:
        return [blind.b64url_decode(text) for text in blinded]
    except ValueError:
        raise ValidationFailed(
            {BLINDED_FIELD: "Every blinded message must be base64url without padding."}
        ) from None


def _sign_all(private_key: rsa.RSAPrivateKey, messages: list[bytes]) -> list[str]:
    return [blind.b64url_encode(blind.blind_sign(private_key, m)) for m in messages]


async def issue_tokens(
    user_id: int, *, key_id: str, blinded: Sequence[str], keys: TokenKeys, now: datetime
) -> IssuedBatch:
    """Blind-sign `user_id`'s batch for this key period, once."""
    messages = _decode_batch(blinded, batch_size=keys.batch_size)
    signing = await keys.signing_key(now)
    if key_id != signing.key_id:
        raise TokenKeyChanged()
    period_ends = signing.not_after
    # A cheap refusal first; the insert below is what holds against a race.
    if await TokenIssuance.exists(user_id=user_id, key_id=signing.key_id):
        raise TokensAlreadyIssued(available_from=period_ends)
    try:
        # ~10 ms of big-integer arithmetic per token: off the event loop, so that other
        # requests are served meanwhile.
        signatures = await asyncio.to_thread(_sign_all, signing.private_key, messages)
    except blind.InvalidBlindedMessage:
        raise ValidationFailed(
            {BLINDED_FIELD: "A blinded message does not fit the current key."}
        ) from None
    try:
        await TokenIssuance.create(user_id=user_id, key_id=signing.key_id)
    except IntegrityError:
        raise TokensAlreadyIssued(available_from=period_ends) from None
    return IssuedBatch(key_id=signing.key_id, blind_signatures=signatures)


async def checked_token(text: str, *, keys: TokenKeys, now: datetime) -> blind.Token:
    """The token if it is well-formed and validly signed by a key accepted now; whether
    it was spent is decided when it is spent."""
    ring = await keys.ring(now)
    try:
        return ring.verify(text, now)
    except blind.MalformedToken:
        raise TokenMalformed() from None
    except blind.UnknownKey:
        raise TokenExpired() from None
    except blind.BadSignature:
        raise TokenInvalid() from None


async def spend(conn: BaseDBAsyncClient, token: blind.Token) -> None:
    """Mark `token` spent inside the caller's transaction; TOKEN_SPENT if it was."""
    token_hash = blind.spent_token_hash(token.prepared_message)
    if await SpentToken.exists(token_hash=token_hash, using_db=conn):
        raise TokenSpent()
    try:
        await SpentToken.create(token_hash=token_hash, using_db=conn)
    except IntegrityError:  # spent by another request at the same moment
        raise TokenSpent() from None
