"""The browser's part of RFC 9474 (prepare, blind, finalize), in Python, for tests only.

The web app uses @cloudflare/blindrsa-ts; this lets the server's tests play the client
without Node, and is itself checked against the RFC's test vectors (the vectors' salt and
blinding inverse can be passed in, everything else is what the RFC says).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HASH_BYTES = 48  # SHA-384
PREFIX_BYTES = 32


@dataclass(frozen=True)
class Blinded:
    blinded_message: bytes
    inv: bytes  # the client's secret, needed to finalize


def prepare(message: bytes, *, randomized: bool = True, prefix: bytes | None = None) -> bytes:
    """RFC 9474 §4.1: msg_prefix (32 random bytes) || msg, or msg itself (Deterministic)."""
    if not randomized:
        return message
    if prefix is None:
        prefix = secrets.token_bytes(PREFIX_BYTES)
    assert len(prefix) == PREFIX_BYTES
    return prefix + message


def _mgf1_sha384(seed: bytes, length: int) -> bytes:
    out = b"".join(
        hashlib.sha384(seed + counter.to_bytes(4, "big")).digest()
        for counter in range(math.ceil(length / HASH_BYTES))
    )
    return out[:length]


def emsa_pss_encode(message: bytes, em_bits: int, salt: bytes) -> bytes:
    """RFC 8017 §9.1.1 with SHA-384 and MGF1-SHA-384."""
    em_len = math.ceil(em_bits / 8)
    m_hash = hashlib.sha384(message).digest()
    if em_len < HASH_BYTES + len(salt) + 2:
        raise ValueError("encoding error")
    h = hashlib.sha384(b"\x00" * 8 + m_hash + salt).digest()
    db = b"\x00" * (em_len - len(salt) - HASH_BYTES - 2) + b"\x01" + salt
    masked = bytes(a ^ b for a, b in zip(db, _mgf1_sha384(h, len(db)), strict=True))
    top_bits = 8 * em_len - em_bits
    masked = bytes([masked[0] & (0xFF >> top_bits)]) + masked[1:]
    return masked + h + b"\xbc"


def blind(
    public_key: rsa.RSAPublicKey,
    prepared: bytes,
    *,
    salt_length: int = 48,
    salt: bytes | None = None,
    r: int | None = None,
) -> Blinded:
    """RFC 9474 §4.2 Blind. `salt` and `r` are random unless a test vector fixes them."""
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    k = (public_key.key_size + 7) // 8
    if salt is None:
        salt = secrets.token_bytes(salt_length)
    encoded = emsa_pss_encode(prepared, public_key.key_size - 1, salt)
    m = int.from_bytes(encoded, "big")
    if math.gcd(m, n) != 1:
        raise ValueError("invalid input")
    if r is None:
        r = secrets.randbelow(n - 1) + 1
    inv = pow(r, -1, n)
    z = m * pow(r, e, n) % n
    return Blinded(blinded_message=z.to_bytes(k, "big"), inv=inv.to_bytes(k, "big"))


def finalize(
    public_key: rsa.RSAPublicKey,
    prepared: bytes,
    blind_signature: bytes,
    inv: bytes,
    *,
    salt_length: int = 48,
) -> bytes:
    """RFC 9474 §4.4 Finalize: unblind, then refuse a signature that does not verify."""
    n = public_key.public_numbers().n
    k = (public_key.key_size + 7) // 8
    if len(blind_signature) != k or len(inv) != k:
        raise ValueError("unexpected input size")
    s = int.from_bytes(blind_signature, "big") * int.from_bytes(inv, "big") % n
    signature = s.to_bytes(k, "big")
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=salt_length)
    try:
        public_key.verify(signature, prepared, pss, hashes.SHA384())
    except InvalidSignature:
        raise ValueError("invalid signature") from None
    return signature
