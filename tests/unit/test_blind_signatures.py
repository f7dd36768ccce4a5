"""Blind-signed tokens (RFC 9474, RSABSSA-SHA384-PSS-Randomized): the server's blind
signature and verification against the RFC's test vectors, the token's wire format, key
rotation, and every way a token or a blinded message is refused."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from domain.anonymity import blind
from domain.anonymity.blind import (
    BadSignature,
    InvalidBlindedMessage,
    KeyRing,
    MalformedToken,
    NoSigningKey,
    SigningFailure,
    SigningKey,
    Token,
    UnknownKey,
)
from tests.support import blind_client

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "vectors" / "rfc9474.json").read_text()
)["vectors"]
PSS_VECTORS = [v for v in VECTORS if "-PSS-" in v["name"]]
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _int(hex_text: str) -> int:
    return int(hex_text, 16)


def _bytes(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text)


def vector_key(v: dict[str, Any]) -> rsa.RSAPrivateKey:
    p, q, d = _int(v["p"]), _int(v["q"]), _int(v["d"])
    public = rsa.RSAPublicNumbers(e=_int(v["e"]), n=_int(v["n"]))
    assert p * q == public.n
    return rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=public,
    ).private_key()


def by_name(vectors: list[dict[str, Any]]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("v", vectors, ids=[v["name"] for v in vectors])


# --- RFC 9474 Appendix A ---------------------------------------------------------------


@by_name(VECTORS)
def test_blind_sign_gives_the_vectors_blind_signature(v: dict[str, Any]) -> None:
    blind_sig = blind.blind_sign(vector_key(v), _bytes(v["blinded_msg"]))
    assert blind_sig.hex() == v["blind_sig"]


@by_name(PSS_VECTORS)
def test_the_vectors_final_signature_verifies_over_the_prepared_message(
    v: dict[str, Any],
) -> None:
    public_key = vector_key(v).public_key()
    prepared = _bytes(v["msg_prefix"]) + _bytes(v["msg"])
    assert prepared.hex() == v["input_msg"]
    assert blind.verify_token(public_key, prepared, _bytes(v["sig"]))
    # The signature covers the prefix: the bare message does not verify (Randomized only).
    if v["msg_prefix"]:
        assert not blind.verify_token(public_key, _bytes(v["msg"]), _bytes(v["sig"]))


@by_name([v for v in VECTORS if "PSSZERO" in v["name"]])
def test_a_signature_without_salt_is_not_ours(v: dict[str, Any]) -> None:
    public_key = vector_key(v).public_key()
    assert not blind.verify_token(public_key, _bytes(v["input_msg"]), _bytes(v["sig"]))


@by_name(VECTORS)
def test_the_test_client_follows_the_vectors(v: dict[str, Any]) -> None:
    """tests/support/blind_client.py is checked too, so the round trips below mean something."""
    public_key = vector_key(v).public_key()
    randomized = _int(v["is_randomized"]) == 1
    prepared = blind_client.prepare(
        _bytes(v["msg"]), randomized=randomized, prefix=_bytes(v["msg_prefix"]) or None
    )
    assert prepared.hex() == v["input_msg"]
    n = public_key.public_numbers().n
    blinded = blind_client.blind(
        public_key,
        prepared,
        salt_length=len(_bytes(v["salt"])),
        salt=_bytes(v["salt"]),
        r=pow(_int(v["inv"]), -1, n),
    )
    assert blinded.blinded_message.hex() == v["blinded_msg"]
    signature = blind_client.finalize(
        public_key,
        prepared,
        _bytes(v["blind_sig"]),
        blinded.inv,
        salt_length=len(_bytes(v["salt"])),
    )
    assert signature.hex() == v["sig"]


# --- a fresh key, end to end --------------------------------------------------------------


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey(blind.generate_private_key(), not_after=NOW + timedelta(days=30))


@pytest.fixture(scope="module")
def other_key() -> SigningKey:
    return SigningKey(blind.generate_private_key(), not_after=NOW + timedelta(days=30))


def issue(key: SigningKey, prepared: bytes | None = None) -> str:
    """What the browser ends up holding: prepare, blind, server blind-signs, finalize."""
    if prepared is None:
        prepared = blind_client.prepare(secrets.token_bytes(32))
    blinded = blind_client.blind(key.public_key, prepared)
    blind_sig = blind.blind_sign(key.private_key, blinded.blinded_message)
    signature = blind_client.finalize(key.public_key, prepared, blind_sig, blinded.inv)
    return blind.format_token(Token(key.key_id, prepared, signature))


def test_a_token_issued_blindly_verifies(key: SigningKey) -> None:
    token = issue(key)
    assert len(token) <= blind.MAX_TOKEN_CHARS
    verified = KeyRing([key]).verify(token, NOW)
    assert verified.key_id == key.key_id
    assert len(verified.prepared_message) == blind.PREPARED_MESSAGE_BYTES
    assert blind.verify_token(key.public_key, verified.prepared_message, verified.signature)


def test_the_wire_format_is_exactly_as_documented(key: SigningKey) -> None:
    prepared = bytes(range(64))
    signature = b"\xff" * 256
    text = blind.format_token(Token(key.key_id, prepared, signature))
    version, kid, message, sig = text.split(".")
    assert (version, kid) == ("bt1", key.key_id)
    assert (
        message
        == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw"
    )
    assert sig == "_" * 341 + "w"
    assert blind.parse_token(text) == Token(key.key_id, prepared, signature)


def test_the_key_id_is_the_start_of_the_spki_hash(key: SigningKey) -> None:
    spki = blind.public_key_der(key.public_key)
    assert key.key_id == hashlib.sha256(spki).hexdigest()[:16]
    assert blind.public_key_spki_b64(key.public_key).startswith("MIIBIjAN")  # RSA 2048 SPKI


def test_a_replayed_token_has_the_same_spent_hash(key: SigningKey) -> None:
    ring = KeyRing([key])
    token = issue(key)
    first, again = ring.verify(token, NOW), ring.verify(token, NOW)
    assert blind.spent_token_hash(first.prepared_message) == blind.spent_token_hash(
        again.prepared_message
    )
    # One message signed twice: two different signatures (PSS salts), still one token.
    prepared = first.prepared_message
    twice = issue(key, prepared)
    assert twice != token
    assert blind.spent_token_hash(ring.verify(twice, NOW).prepared_message) == (
        blind.spent_token_hash(prepared)
    )
    assert blind.spent_token_hash(prepared) == hashlib.sha256(prepared).hexdigest()


def test_a_batch_is_exactly_the_fixed_size(key: SigningKey) -> None:
    n = key.public_key.public_numbers().n
    message = (n // 3).to_bytes(256, "big")
    assert len(blind.blind_sign_batch(key.private_key, [message] * blind.TOKENS_PER_BATCH)) == 10
    for size in (0, blind.TOKENS_PER_BATCH - 1, blind.TOKENS_PER_BATCH + 1):
        with pytest.raises(InvalidBlindedMessage):
            blind.blind_sign_batch(key.private_key, [message] * size)


# --- blinded messages the server refuses ---------------------------------------------------


@pytest.mark.parametrize("length", [0, 1, 255, 257, 512])
def test_a_blinded_message_of_the_wrong_length_is_refused(key: SigningKey, length: int) -> None:
    with pytest.raises(InvalidBlindedMessage, match="256 bytes"):
        blind.blind_sign(key.private_key, b"\x01" * length)


def test_a_blinded_message_not_below_the_modulus_is_refused(key: SigningKey) -> None:
    n = key.public_key.public_numbers().n
    for m in (n, n + 1, 2**2048 - 1):
        with pytest.raises(InvalidBlindedMessage, match="modulus"):
            blind.blind_sign(key.private_key, m.to_bytes(256, "big"))
    assert len(blind.blind_sign(key.private_key, (n - 1).to_bytes(256, "big"))) == 256


def test_a_faulty_signature_is_never_returned(key: SigningKey) -> None:
    """A key whose CRT exponent is damaged (as a fault would) signs wrongly: the RFC's
    check refuses to hand out the result, which would reveal a factor of n."""
    good = key.private_key.private_numbers()
    damaged = rsa.RSAPrivateNumbers(
        p=good.p,
        q=good.q,
        d=good.d,
        dmp1=good.dmp1 ^ 2,
        dmq1=good.dmq1,
        iqmp=good.iqmp,
        public_numbers=good.public_numbers,
    ).private_key(unsafe_skip_rsa_key_validation=True)
    with pytest.raises(SigningFailure):
        blind.blind_sign(damaged, (good.public_numbers.n // 5).to_bytes(256, "big"))


# --- tokens the server refuses -----------------------------------------------------------


def test_a_forged_signature_is_refused(key: SigningKey) -> None:
    ring = KeyRing([key])
    token = blind.parse_token(issue(key))
    flipped = bytes([token.signature[0] ^ 1]) + token.signature[1:]
    random_sig = secrets.token_bytes(255).rjust(256, b"\x00")
    other = blind.parse_token(issue(key))
    for forged in (
        Token(key.key_id, token.prepared_message, flipped),
        Token(key.key_id, token.prepared_message, random_sig),
        Token(key.key_id, other.prepared_message, token.signature),  # another message
    ):
        with pytest.raises(BadSignature):
            ring.verify(blind.format_token(forged), NOW)


def test_a_token_signed_by_another_key_is_refused(key: SigningKey, other_key: SigningKey) -> None:
    signed_elsewhere = blind.parse_token(issue(other_key))
    claims_ours = Token(key.key_id, signed_elsewhere.prepared_message, signed_elsewhere.signature)
    with pytest.raises(BadSignature):
        KeyRing([key, other_key]).verify(blind.format_token(claims_ours), NOW)


def test_a_token_of_an_unknown_key_is_refused(key: SigningKey, other_key: SigningKey) -> None:
    token = issue(other_key)
    KeyRing([other_key]).verify(token, NOW)  # a good token...
    with pytest.raises(UnknownKey):
        KeyRing([key]).verify(token, NOW)  # ...of a key this ring does not hold


def test_a_truncated_token_is_refused(key: SigningKey) -> None:
    token = issue(key)
    ring = KeyRing([key])
    for cut in (1, 2, 3, 4, 100, len(token) - 3):
        with pytest.raises(MalformedToken):
            ring.verify(token[:-cut], NOW)
    with pytest.raises(MalformedToken):
        ring.verify("", NOW)


def test_malformed_tokens_are_refused_with_a_reason(key: SigningKey) -> None:
    token = issue(key)
    version, kid, message, sig = token.split(".")

    def non_canonical(part: str) -> str:
        # The last character of a 64- or 256-byte value carries 4 unused bits: one with a
        # bit set there decodes to the same bytes, a second spelling of the same token.
        assert part[-1] in "AQgw"
        return part[:-1] + {"A": "B", "Q": "R", "g": "h", "w": "x"}[part[-1]]

    cases = {
        "bt2." + token[4:]: "version",
        ".".join((version, "0123456789ABCDEF", message, sig)): "key id",
        ".".join((version, kid[:-1], message, sig)): "key id",
        ".".join((version, kid, message + "==", sig)): "base64url",
        ".".join((version, kid, message[:10] + "+" + message[11:], sig)): "base64url",
        ".".join((version, kid, message[:10] + "/" + message[11:], sig)): "base64url",
        ".".join((version, kid, non_canonical(message), sig)): "canonical",
        ".".join((version, kid, message, non_canonical(sig))): "canonical",
        ".".join((version, kid, blind.b64url_encode(b"\x00" * 63), sig)): "64 bytes",
        ".".join((version, kid, message, blind.b64url_encode(b"\x01" * 128))): "key size",
        ".".join((version, kid, message, sig, "x")): "four",
        token.replace(".", ":"): "four",
        token + " ": "base64url",
        "bt1.é" + token[5:]: "key id",
        token + "A" * blind.MAX_TOKEN_CHARS: "longer",
    }
    ring = KeyRing([key])
    for text, reason in cases.items():
        with pytest.raises(MalformedToken, match=reason):
            ring.verify(text, NOW)


def test_a_signature_of_the_wrong_length_for_its_key_is_malformed(key: SigningKey) -> None:
    token = blind.parse_token(issue(key))
    longer = Token(key.key_id, token.prepared_message, b"\x00" + token.signature)
    with pytest.raises(MalformedToken, match="match the key"):
        KeyRing([key]).verify(blind.format_token(longer), NOW)


# --- keys over time -------------------------------------------------------------------------


def test_the_newest_key_signs_and_older_ones_verify_until_their_grace_ends(
    key: SigningKey,
) -> None:
    old = SigningKey(key.private_key, not_after=NOW + timedelta(days=1))
    new = SigningKey(blind.generate_private_key(), not_after=NOW + timedelta(days=31))
    ring = KeyRing([old, new], verify_grace=timedelta(days=7))
    assert ring.signing_key(NOW) is new
    token = issue(old)
    ring.verify(token, NOW)
    ring.verify(token, NOW + timedelta(days=7, hours=23))  # past not_after, inside grace
    with pytest.raises(UnknownKey):
        ring.verify(token, NOW + timedelta(days=8))
    assert KeyRing([old]).signing_key(NOW) is old
    with pytest.raises(NoSigningKey):
        KeyRing([old]).signing_key(NOW + timedelta(days=1))
    with pytest.raises(NoSigningKey):
        KeyRing([]).signing_key(NOW)


def test_a_ring_refuses_a_key_twice_and_moments_without_a_zone(key: SigningKey) -> None:
    with pytest.raises(ValueError, match="twice"):
        KeyRing([key, SigningKey(key.private_key, not_after=NOW)])
    with pytest.raises(ValueError, match="time zone"):
        KeyRing([key]).signing_key(datetime(2026, 12, 1))
    with pytest.raises(ValueError, match="time zone"):
        SigningKey(key.private_key, not_after=datetime(2026, 12, 1))


def test_a_key_survives_pem_with_a_password(key: SigningKey) -> None:
    pem = blind.private_key_to_pem(key.private_key, b"correct horse")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    again = blind.private_key_from_pem(pem, b"correct horse")
    assert blind.key_id(again.public_key()) == key.key_id
    n = key.public_key.public_numbers().n
    message = (n // 7).to_bytes(256, "big")
    assert blind.blind_sign(again, message) == blind.blind_sign(key.private_key, message)
    with pytest.raises(ValueError, match="password"):
        blind.private_key_from_pem(pem, b"wrong")
    plain = blind.private_key_to_pem(key.private_key, None)
    assert blind.key_id(blind.private_key_from_pem(plain).public_key()) == key.key_id


def test_weak_or_foreign_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="key size"):
        blind.generate_private_key(1024)
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 (on purpose)
    with pytest.raises(ValueError, match="key size"):
        blind.private_key_from_pem(blind.private_key_to_pem(weak, None))
    with pytest.raises(ValueError, match="key size"):
        SigningKey(weak, not_after=NOW)
    curve = ec.generate_private_key(ec.SECP256R1())
    pem = curve.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ValueError, match="not an RSA"):
        blind.private_key_from_pem(pem)
