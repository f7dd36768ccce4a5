"""Anonymous-gripe tokens: one blind-signed batch per person per key period, and every
token spent once — with every refusal clear, and changing nothing.

Issued through the API as the web app does (logged in; the RFC 9474 client of
`tests/support/blind_client.py` plays the browser), spent through the anonymous channel.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key
from starlette.applications import Starlette
from tortoise import Tortoise

from domain.anonymity import blind
from domain.anonymity.keys import KeyPeriod, TokenKeys, unseal
from domain.anonymity.models import SpentToken, TokenIssuance, TokenKey
from domain.anonymity.tokens import checked_token, issue_tokens
from domain.errors import TokenExpired, TokenKeyChanged, TokensAlreadyIssued, ValidationFailed
from domain.items.models import Item
from domain.settings import get_settings
from tests.support.anonymity import ISSUE, KEY, Batch, fetch_tokens, submit_anonymously
from tests.support.api import ANONYMOUS_PATH, GraphQLClient, client
from tests.support.org import Org

BATCH = get_settings().anonymous_tokens_per_period


async def rows() -> dict[str, int]:
    """How many rows every table holds: a refusal must change none of them."""
    counts = {}
    for model in Tortoise.apps["models"].values():
        counts[model._meta.db_table] = await model.all().count()
    return counts


async def test_a_logged_in_employee_gets_one_batch_that_verifies(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        key = (await alice.ok(KEY))["anonymousTokenKey"]
        tokens = await fetch_tokens(alice)
    assert key["batchSize"] == BATCH == len(tokens) == len(set(tokens))
    valid_until = datetime.fromisoformat(key["validUntil"])
    accepted_until = datetime.fromisoformat(key["acceptedUntil"])
    assert accepted_until - valid_until == timedelta(days=get_settings().anonymous_key_days)
    public_key = load_der_public_key(base64.b64decode(key["publicKey"]))
    assert isinstance(public_key, rsa.RSAPublicKey)
    for token in tokens:  # ordinary RSA-PSS signatures, as anyone can check
        parsed = blind.parse_token(token)
        assert parsed.key_id == key["keyId"]
        assert blind.verify_token(public_key, parsed.prepared_message, parsed.signature)
    # The only record: Alice had this key's batch. No time, no count, no message.
    issued = await TokenIssuance.all().values()
    assert [(row["user_id"], row["key_id"]) for row in issued] == [(org.alice.id, key["keyId"])]
    assert set(issued[0]) == {"id", "user_id", "key_id"}


async def test_a_second_batch_in_the_same_period_is_refused(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        await fetch_tokens(alice)
        before = await rows()
        key = (await alice.ok(KEY))["anonymousTokenKey"]
        batch = Batch.for_key(key["keyId"], key["publicKey"], key["batchSize"])
        body = await alice.post(ISSUE, {"keyId": batch.key_id, "blinded": batch.wire})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "TOKENS_ALREADY_ISSUED"
    assert error["extensions"]["availableFrom"] == key["validUntil"].replace("Z", "+00:00")
    assert await rows() == before


async def test_parallel_requests_for_a_batch_get_one(org: Org, app: Starlette) -> None:
    async with client(app, org.bob) as bob:
        key = (await bob.ok(KEY))["anonymousTokenKey"]
        batches = [
            Batch.for_key(key["keyId"], key["publicKey"], key["batchSize"]) for _ in range(4)
        ]
        answers = await asyncio.gather(
            *(bob.post(ISSUE, {"keyId": b.key_id, "blinded": b.wire}) for b in batches)
        )
    codes = sorted(a["errors"][0]["extensions"]["code"] if "errors" in a else "ok" for a in answers)
    assert codes == ["TOKENS_ALREADY_ISSUED"] * 3 + ["ok"]
    assert await TokenIssuance.filter(user_id=org.bob.id).count() == 1


async def test_nobody_gets_tokens_without_logging_in(app: Starlette, db: str) -> None:
    async with client(app) as nobody:
        assert await nobody.error_code(KEY) == "UNAUTHENTICATED"
        assert (
            await nobody.error_code(ISSUE, {"keyId": "0" * 16, "blinded": []}) == "UNAUTHENTICATED"
        )
    assert await TokenIssuance.all().count() == 0


def _bad_batches(batch: Batch, modulus_bytes: int) -> dict[str, list[str]]:
    wire = batch.wire
    return {
        "too few": wire[:-1],
        "too many": [*wire, wire[0]],
        "not base64url": ["!" * len(wire[0]), *wire[1:]],
        "padded base64": [wire[0] + "=", *wire[1:]],
        "too short": [blind.b64url_encode(b"\x01" * (modulus_bytes - 1)), *wire[1:]],
        "not below the modulus": [blind.b64url_encode(b"\xff" * modulus_bytes), *wire[1:]],
    }


async def test_malformed_batches_are_refused_and_spend_nothing(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        key = (await alice.ok(KEY))["anonymousTokenKey"]
        batch = Batch.for_key(key["keyId"], key["publicKey"], key["batchSize"])
        before = await rows()
        for name, blinded in _bad_batches(batch, batch.public_key.key_size // 8).items():
            body = await alice.post(ISSUE, {"keyId": batch.key_id, "blinded": blinded})
            error = body["errors"][0]["extensions"]
            assert error["code"] == "VALIDATION", name
            assert "blinded" in error["fields"], name
        stale = await alice.post(ISSUE, {"keyId": "0123456789abcdef", "blinded": batch.wire})
        assert stale["errors"][0]["extensions"]["code"] == "TOKEN_KEY_CHANGED"
        assert await rows() == before
        # Her one batch is still hers to take.
        assert len(await fetch_tokens(alice)) == BATCH


# --- spending ------------------------------------------------------------------------


async def _tokens_and_channel(app: Starlette, org: Org) -> tuple[list[str], int]:
    async with client(app, org.alice) as alice:
        return await fetch_tokens(alice), org.building.id


def _forged(token: str) -> str:
    parsed = blind.parse_token(token)
    signature = bytearray(parsed.signature)
    signature[-1] ^= 1
    return blind.format_token(blind.Token(parsed.key_id, parsed.prepared_message, bytes(signature)))


def _other_message(token: str) -> str:
    parsed = blind.parse_token(token)
    message = bytes([parsed.prepared_message[0] ^ 1]) + parsed.prepared_message[1:]
    return blind.format_token(blind.Token(parsed.key_id, message, parsed.signature))


def _unknown_key(token: str) -> str:
    parsed = blind.parse_token(token)
    return blind.format_token(blind.Token("f" * 16, parsed.prepared_message, parsed.signature))


async def _refusal(anonymous: GraphQLClient, token: str, category_id: int) -> str:
    body = await anonymous.post(
        "mutation($t: String!, $c: ID!) { submitAnonymousGripe(input: {categoryId: $c, "
        'title: "t", body: "b"}, token: $t) { receiptCode } }',
        {"t": token, "c": str(category_id)},
    )
    assert body.get("errors"), body
    return str(body["errors"][0]["extensions"]["code"])


async def test_bad_tokens_are_refused_with_their_reason_and_change_nothing(
    org: Org, app: Starlette
) -> None:
    tokens, category_id = await _tokens_and_channel(app, org)
    good = tokens[0]
    cases = {
        "": "TOKEN_MALFORMED",
        "bt1.x.y.z": "TOKEN_MALFORMED",
        good[:-4]: "TOKEN_MALFORMED",
        good.replace("bt1.", "bt2.", 1): "TOKEN_MALFORMED",
        good + "=": "TOKEN_MALFORMED",
        "x" * 5000: "TOKEN_MALFORMED",
        _forged(good): "TOKEN_INVALID",
        _other_message(good): "TOKEN_INVALID",
        _unknown_key(good): "TOKEN_EXPIRED",
    }
    before = await rows()
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        for token, expected in cases.items():
            assert await _refusal(anonymous, token, category_id) == expected, token[:40]
        # Fields are checked first: a bad gripe spends no token.
        body = await anonymous.post(
            'mutation($t: String!) { submitAnonymousGripe(input: {categoryId: "0", '
            'title: "", body: "b"}, token: $t) { receiptCode } }',
            {"t": good},
        )
        assert body["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert await rows() == before
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        await submit_anonymously(anonymous, good, category_id=category_id)


async def test_a_token_is_spent_once(org: Org, app: Starlette) -> None:
    tokens, category_id = await _tokens_and_channel(app, org)
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        await submit_anonymously(anonymous, tokens[0], category_id=category_id)
        before = await rows()
        assert await _refusal(anonymous, tokens[0], category_id) == "TOKEN_SPENT"
        assert await rows() == before
        # A spent token is spent whoever replays it, and another of the batch still works.
        await submit_anonymously(anonymous, tokens[1], category_id=category_id)
    assert await Item.filter(is_anonymous=True).count() == 2
    assert [set(row) for row in await SpentToken.all().values()] == [{"token_hash"}] * 2


async def test_the_same_token_sent_twice_at_once_makes_one_gripe(org: Org, app: Starlette) -> None:
    tokens, category_id = await _tokens_and_channel(app, org)
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        answers: list[Any] = await asyncio.gather(
            *(
                anonymous.post(
                    "mutation($t: String!, $c: ID!) { submitAnonymousGripe(input: {categoryId: "
                    '$c, title: "t", body: "b"}, token: $t) { receiptCode } }',
                    {"t": tokens[0], "c": str(category_id)},
                )
                for _ in range(3)
            )
        )
    codes = sorted(a["errors"][0]["extensions"]["code"] if "errors" in a else "ok" for a in answers)
    assert codes == ["TOKEN_SPENT", "TOKEN_SPENT", "ok"]
    assert await Item.filter(is_anonymous=True).count() == 1
    assert await SpentToken.all().count() == 1


# --- keys ------------------------------------------------------------------------------

START = datetime(2026, 12, 3, 10, 30, tzinfo=UTC)


def _keys() -> TokenKeys:
    return TokenKeys(key_days=7, batch_size=BATCH)


async def test_keys_are_shared_sealed_and_rotated(org: Org) -> None:
    first_process, second_process = _keys(), _keys()
    key = await first_process.published(START)
    assert (await second_process.published(START)).key_id == key.key_id  # one key for all
    period = KeyPeriod.of(START, 7)
    assert (key.signs_until, key.accepted_until) == (period.ends, period.ends + timedelta(days=7))
    [row] = await TokenKey.all()
    private_pem = blind.private_key_to_pem(unseal(row.sealed_private_key, row.key_id), None)
    private_der = base64.b64decode(b"".join(private_pem.splitlines()[1:-1]))
    assert "PRIVATE KEY" not in row.sealed_private_key
    assert private_der[-64:] not in base64.b64decode(row.sealed_private_key)  # not in clear

    batch = Batch.for_key(key.key_id, key.spki_b64, key.batch_size)
    issued = await issue_tokens(
        org.alice.id, key_id=key.key_id, blinded=batch.wire, keys=first_process, now=START
    )
    old_token = batch.tokens(issued.blind_signatures)[0]

    # The next period: a new key signs, the old one's tokens are still accepted, and
    # Alice may have a batch of the new key.
    next_period = START + timedelta(days=7)
    newer = await second_process.published(next_period)
    assert newer.key_id != key.key_id
    assert (await checked_token(old_token, keys=first_process, now=next_period)).key_id == (
        key.key_id
    )
    new_batch = Batch.for_key(newer.key_id, newer.spki_b64, newer.batch_size)
    await issue_tokens(
        org.alice.id,
        key_id=newer.key_id,
        blinded=new_batch.wire,
        keys=first_process,
        now=next_period,
    )
    with pytest.raises(TokenKeyChanged):  # a batch blinded for the old key
        await issue_tokens(
            org.alice.id,
            key_id=key.key_id,
            blinded=batch.wire,
            keys=first_process,
            now=next_period,
        )

    # The period after: the old key is gone, with the record of who had its tokens.
    later = START + timedelta(days=14)
    await first_process.published(later)
    with pytest.raises(TokenExpired):
        await checked_token(old_token, keys=first_process, now=later)
    assert key.key_id not in {row.key_id for row in await TokenKey.all()}
    assert not await TokenIssuance.filter(key_id=key.key_id).exists()


async def test_a_key_sealed_with_another_secret_is_replaced(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = await _keys().published(START)
    settings = get_settings()
    monkeypatch.setattr(
        settings, "secret_key", type(settings.secret_key)("another-secret-key-long-enough")
    )
    new = await _keys().published(START)
    assert new.key_id != old.key_id
    assert [row.key_id for row in await TokenKey.all()] == [new.key_id]


async def test_issuing_refuses_a_second_batch_in_the_domain_too(org: Org) -> None:
    keys = _keys()
    key = await keys.published(START)
    batch = Batch.for_key(key.key_id, key.spki_b64, key.batch_size)
    await issue_tokens(org.bob.id, key_id=key.key_id, blinded=batch.wire, keys=keys, now=START)
    with pytest.raises(TokensAlreadyIssued) as again:
        await issue_tokens(org.bob.id, key_id=key.key_id, blinded=batch.wire, keys=keys, now=START)
    assert again.value.available_from == key.signs_until
    with pytest.raises(ValidationFailed):
        await issue_tokens(org.mia.id, key_id=key.key_id, blinded=[], keys=keys, now=START)
