"""RSA blind signatures (RFC 9474, RSABSSA-SHA384-PSS-Randomized): tokens that prove "sent by
one of our employees" without saying who.

A logged-in employee's browser prepares TOKENS_PER_BATCH random messages, blinds them with
the current public key and sends the blinded messages; the server signs them blindly
(`blind_sign`), learning nothing about the messages; the browser unblinds ("finalizes") the
answers into ordinary RSASSA-PSS signatures and keeps the tokens on the device. An anonymous
action sends one token; the server checks it (`KeyRing.verify`) and stores
`spent_token_hash` to refuse it a second time. Nothing in a token links it to the request
that had it signed.

Pure: no database, no clock of its own (callers pass `now`), no network.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# 2048 bits. Blind signing is the raw RSA private operation, which `cryptography` does not
# offer, so it runs as Python big-integer arithmetic. Measured on our 2-core machines
# (2026-12, CPython 3.11, CRT plus the RFC's verification): ~9 ms per token at 2048 bits,
# ~23 ms at 3072, ~54 ms at 4096, with the GIL held throughout. A batch of 10 is ~0.1 s at
# 2048 bits against ~0.25 s at 3072, per login, on the API's event loop. 2048-bit RSA is
# what Privacy Pass uses for the same purpose (RFC 9578), and our keys are short-lived
# (rotated; see KeyRing), so the extra margin of 3072 is not worth blocking the API for.
KEY_BITS = 2048
MIN_KEY_BITS = 2048
MAX_KEY_BITS = 4096
PUBLIC_EXPONENT = 65537

SALT_BYTES = 48  # RFC 9474 §5: sLen = hLen = 48 for SHA-384
PREFIX_BYTES = 32  # the Randomized variant's msg_prefix (RFC 9474 §4.1)
TOKEN_MESSAGE_BYTES = 32  # the browser's random token message
PREPARED_MESSAGE_BYTES = PREFIX_BYTES + TOKEN_MESSAGE_BYTES

# Every employee gets the same number of tokens per request, so a batch's size says
# nothing about who asked for it.
TOKENS_PER_BATCH = 10

WIRE_VERSION = "bt1"
KEY_ID_CHARS = 16

# Keys verify this long after they stop signing, so tokens kept on a device stay usable
# across a rotation.
DEFAULT_VERIFY_GRACE = timedelta(days=30)

_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=SALT_BYTES)
_HEX = frozenset("0123456789abcdef")
_BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class InvalidBlindedMessage(ValueError):
    """A blinded message (or batch) the server refuses to sign: wrong length, or not a
    number below the modulus."""


class SigningFailure(RuntimeError):
    """The signature computed does not verify (a hardware or memory fault): it is not sent,
    because a faulty CRT signature can reveal the key's factors (RFC 9474 §4.3)."""


class NoSigningKey(LookupError):
    """No key in the ring is current: a new one must be added before signing."""


class TokenError(Exception):
    """A token was refused; the subclass says why."""


class MalformedToken(TokenError):
    """Not a token: wrong shape, version, encoding or lengths."""


class UnknownKey(TokenError):
    """Well-formed, but signed by a key this server does not (or no longer) accept."""


class BadSignature(TokenError):
    """Well-formed and from a known key, but the signature does not verify."""


# --- keys -----------------------------------------------------------------------------


def generate_private_key(key_bits: int = KEY_BITS) -> rsa.RSAPrivateKey:
    _check_key_bits(key_bits)
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=key_bits)


def private_key_to_pem(private_key: rsa.RSAPrivateKey, password: bytes | None) -> bytes:
    """PKCS#8 PEM, encrypted with `password` when given (pass None only to a store that
    encrypts on its own)."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password is not None
        else serialization.NoEncryption()
    )
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def private_key_from_pem(pem: bytes, password: bytes | None = None) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, password=password)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    _check_public_key(key.public_key())
    return key


def public_key_der(public_key: rsa.RSAPublicKey) -> bytes:
    """SubjectPublicKeyInfo, DER: what WebCrypto imports as "spki"."""
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key_spki_b64(public_key: rsa.RSAPublicKey) -> str:
    """The public key as the browser receives it: standard base64 of the SPKI DER."""
    return base64.b64encode(public_key_der(public_key)).decode("ascii")


def key_id(public_key: rsa.RSAPublicKey) -> str:
    """First 16 hex characters of SHA-256(SPKI DER); the browser computes the same from the
    key it was given, so it never trusts an id the server merely states."""
    return hashlib.sha256(public_key_der(public_key)).hexdigest()[:KEY_ID_CHARS]


def _modulus_bytes(public_key: rsa.RSAPublicKey) -> int:
    return (public_key.key_size + 7) // 8


def _check_key_bits(key_bits: int) -> None:
    if not MIN_KEY_BITS <= key_bits <= MAX_KEY_BITS or key_bits % 8:
        raise ValueError(f"key size {key_bits}: want a multiple of 8 in 2048..4096 bits")


def _check_public_key(public_key: rsa.RSAPublicKey) -> None:
    _check_key_bits(public_key.key_size)
    if public_key.public_numbers().e != PUBLIC_EXPONENT:
        raise ValueError("public exponent is not 65537")


# --- the server's part of the protocol ------------------------------------------------


def blind_sign(private_key: rsa.RSAPrivateKey, blinded: bytes) -> bytes:
    """RFC 9474 §4.3 BlindSign: the RSA private operation on the blinded message, checked."""
    numbers = private_key.private_numbers()
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    k = _modulus_bytes(private_key.public_key())
    if len(blinded) != k:
        raise InvalidBlindedMessage(f"a blinded message is {k} bytes, not {len(blinded)}")
    m = int.from_bytes(blinded, "big")
    if m >= n:
        raise InvalidBlindedMessage("the blinded message is not below the modulus")
    # Python's pow() does not run in constant time and the client chooses m. Blinding the
    # base once more with a fresh r (m·r^e)^d·r⁻¹ = m^d makes what a client could time
    # unrelated to the number it sent; the result is the same signature.
    r, r_inverse = _random_unit(n)
    s = _rsasp1_crt(numbers, m * pow(r, e, n) % n) * r_inverse % n
    # RFC 9474 §4.3 steps 3-4: a CRT result damaged by a fault leaks the factors of n.
    if pow(s, e, n) != m:
        raise SigningFailure("the blind signature does not verify")
    return s.to_bytes(k, "big")


def blind_sign_batch(private_key: rsa.RSAPrivateKey, blinded: Sequence[bytes]) -> list[bytes]:
    """One employee's batch: exactly TOKENS_PER_BATCH blinded messages, all or nothing."""
    if len(blinded) != TOKENS_PER_BATCH:
        raise InvalidBlindedMessage(f"a batch is {TOKENS_PER_BATCH} messages, not {len(blinded)}")
    return [blind_sign(private_key, message) for message in blinded]


def _rsasp1_crt(numbers: rsa.RSAPrivateNumbers, m: int) -> int:
    """m^d mod n through the Chinese remainder theorem (RFC 8017 §5.2.1, 2.b): two
    half-size exponentiations, about three times faster than pow(m, d, n)."""
    p, q = numbers.p, numbers.q
    s_p = pow(m % p, numbers.dmp1, p)
    s_q = pow(m % q, numbers.dmq1, q)
    h = numbers.iqmp * (s_p - s_q) % p  # iqmp = q⁻¹ mod p
    return s_q + h * q


def _random_unit(n: int) -> tuple[int, int]:
    while True:
        r = secrets.randbelow(n - 2) + 2
        try:
            return r, pow(r, -1, n)
        except ValueError:  # r shares a factor with n: never in practice
            continue


def verify_token(public_key: rsa.RSAPublicKey, prepared_message: bytes, signature: bytes) -> bool:
    """RSASSA-PSS verification (SHA-384, MGF1-SHA-384, 48-byte salt) of the *prepared*
    message (for the Randomized variant: msg_prefix || msg), which is what the finalized
    blind signature signs (RFC 9474 §4.4)."""
    if len(signature) != _modulus_bytes(public_key):
        return False
    try:
        public_key.verify(signature, prepared_message, _PSS, hashes.SHA384())
    except InvalidSignature:
        return False
    return True


def spent_token_hash(prepared_message: bytes) -> str:
    """What to store to refuse a token's second use. The message, not the signature: PSS is
    randomized, so a client that had one message signed twice holds two signatures for it,
    but only one token."""
    return hashlib.sha256(prepared_message).hexdigest()


# --- the token on the wire ------------------------------------------------------------
#
#   bt1.<key id>.<prepared message>.<signature>
#
# key id: 16 lowercase hex characters (key_id()); prepared message: the 64 bytes
# msg_prefix (32) || token message (32); signature: modulus-length bytes (256 for 2048-bit
# keys). Both binary parts are base64url without padding, canonical (exactly what the
# encoder writes). Dots and base64url are URL-, header- and JSON-safe, and the whole is
# readable in a log line without decoding.


@dataclass(frozen=True)
class Token:
    key_id: str
    prepared_message: bytes
    signature: bytes


def _b64url_chars(n_bytes: int) -> int:
    return math.ceil(n_bytes * 4 / 3)


MAX_TOKEN_CHARS = (
    len(WIRE_VERSION)
    + 3
    + KEY_ID_CHARS
    + _b64url_chars(PREPARED_MESSAGE_BYTES)
    + _b64url_chars(MAX_KEY_BITS // 8)
)


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url without padding: only the alphabet, and only the encoding the
    encoder itself produces, so one value has exactly one spelling."""
    if not set(text) <= _BASE64URL or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as error:
        raise ValueError("not base64url") from error
    if b64url_encode(data) != text:
        raise ValueError("not canonical base64url")
    return data


def format_token(token: Token) -> str:
    return ".".join(
        (
            WIRE_VERSION,
            token.key_id,
            b64url_encode(token.prepared_message),
            b64url_encode(token.signature),
        )
    )


def parse_token(text: str) -> Token:
    """The token's parts, checked for shape and lengths only (no key, no signature)."""
    if len(text) > MAX_TOKEN_CHARS:
        raise MalformedToken(f"longer than {MAX_TOKEN_CHARS} characters")
    parts = text.split(".")
    if len(parts) != 4:
        raise MalformedToken("not four dot-separated parts")
    version, kid, message_text, signature_text = parts
    if version != WIRE_VERSION:
        raise MalformedToken("unknown token version")
    if len(kid) != KEY_ID_CHARS or not set(kid) <= _HEX:
        raise MalformedToken("key id is not 16 lowercase hex characters")
    try:
        prepared_message = b64url_decode(message_text)
        signature = b64url_decode(signature_text)
    except ValueError as error:
        raise MalformedToken(str(error)) from None
    if len(prepared_message) != PREPARED_MESSAGE_BYTES:
        raise MalformedToken(f"prepared message is not {PREPARED_MESSAGE_BYTES} bytes")
    if not MIN_KEY_BITS // 8 <= len(signature) <= MAX_KEY_BITS // 8:
        raise MalformedToken("signature length is not that of an accepted key size")
    return Token(key_id=kid, prepared_message=prepared_message, signature=signature)


# --- keys over time -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SigningKey:
    """A signing key and the moment it stops signing. It still verifies for the ring's
    grace period after that."""

    private_key: rsa.RSAPrivateKey = field(repr=False)
    not_after: datetime
    key_id: str = field(init=False)

    def __post_init__(self) -> None:
        _check_aware(self.not_after)
        _check_public_key(self.private_key.public_key())
        object.__setattr__(self, "key_id", key_id(self.private_key.public_key()))

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self.private_key.public_key()


def _check_aware(moment: datetime) -> None:
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone")


class KeyRing:
    """The keys a server holds: the current one signs, older ones still verify.

    Current = the key with the latest `not_after` that has not passed: adding a new key
    makes it sign at once, and every employee gets the same key (one key at a time keeps
    the set of people a token could come from as large as possible). A key verifies until
    `not_after + verify_grace`, then its tokens are unknown.
    """

    def __init__(
        self, keys: Iterable[SigningKey], *, verify_grace: timedelta = DEFAULT_VERIFY_GRACE
    ) -> None:
        if verify_grace < timedelta(0):
            raise ValueError("a negative grace period")
        self.verify_grace = verify_grace
        self._keys: dict[str, SigningKey] = {}
        for key in keys:
            if key.key_id in self._keys:
                raise ValueError(f"key {key.key_id} is in the ring twice")
            self._keys[key.key_id] = key

    def signing_key(self, now: datetime) -> SigningKey:
        _check_aware(now)
        current = [key for key in self._keys.values() if now < key.not_after]
        if not current:
            raise NoSigningKey("every key has passed its not_after")
        return max(current, key=lambda key: key.not_after)

    def verification_key(self, kid: str, now: datetime) -> rsa.RSAPublicKey:
        _check_aware(now)
        key = self._keys.get(kid)
        if key is None or now >= key.not_after + self.verify_grace:
            raise UnknownKey(f"key {kid} is not accepted")
        return key.public_key

    def verify(self, text: str, now: datetime) -> Token:
        """The token, if it is well-formed, from a key accepted at `now`, and validly
        signed. Whether it was spent before is the caller's to check (spent_token_hash)."""
        token = parse_token(text)
        public_key = self.verification_key(token.key_id, now)
        if len(token.signature) != _modulus_bytes(public_key):
            raise MalformedToken("signature length does not match the key")
        if not verify_token(public_key, token.prepared_message, token.signature):
            raise BadSignature("the signature does not verify")
        return token
