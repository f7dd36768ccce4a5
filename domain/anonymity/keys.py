"""The token keys: made and rotated by the server, shared by every API process through
the database, the private halves sealed with a key derived from MOPPER_SECRET_KEY.

Time is cut into key periods of MOPPER_ANONYMOUS_KEY_DAYS, counted from the Unix epoch.
Each period has one key, made by whichever process needs it first (the period is unique
in the table, so two processes racing to make it end up with the same one). The key of
the current period signs; a key's tokens are accepted until the end of the period after
its own, so tokens kept on a phone survive one rotation; then the key is deleted, and
with it the record of who had tokens of it.

Sealing: AES-256-GCM with a key from HKDF-SHA256 over MOPPER_SECRET_KEY, the key id as
associated data (a sealed key cannot be passed off as another). A copy of the database
alone cannot sign tokens. If MOPPER_SECRET_KEY changes, the sealed keys no longer open:
they are replaced, and devices fetch tokens of the new key.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from tortoise.exceptions import IntegrityError

from domain.anonymity import blind
from domain.anonymity.models import TokenKey
from domain.settings import get_settings

logger = logging.getLogger("mopper.anonymity")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NONCE_BYTES = 12
_SEALING_INFO = b"mopper anonymous token keys v1"


@dataclass(frozen=True, slots=True)
class KeyPeriod:
    number: int
    starts: datetime
    ends: datetime  # the key of this period signs until here

    @classmethod
    def of(cls, now: datetime, days: int) -> KeyPeriod:
        length = timedelta(days=days)
        number = (now - _EPOCH) // length
        starts = _EPOCH + number * length
        return cls(number=number, starts=starts, ends=starts + length)


@dataclass(frozen=True, slots=True)
class PublishedKey:
    """The current key as the browser receives it."""

    key_id: str
    spki_b64: str
    signs_until: datetime
    accepted_until: datetime
    batch_size: int


def _sealer() -> AESGCM:
    secret = get_settings().secret_key.get_secret_value().encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SEALING_INFO).derive(secret)
    return AESGCM(key)


def seal(private_key: rsa.RSAPrivateKey, key_id: str) -> str:
    # Unencrypted PKCS#8 inside: the AES-GCM seal around it is the encryption.
    pem = blind.private_key_to_pem(private_key, None)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _sealer().encrypt(nonce, pem, key_id.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(text: str, key_id: str) -> rsa.RSAPrivateKey:
    """Raises InvalidTag when the seal is not ours (another secret, or altered)."""
    raw = base64.b64decode(text)
    pem = _sealer().decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], key_id.encode())
    return blind.private_key_from_pem(pem)


class TokenKeys:
    """One process's view of the keys: the ring of accepted keys, read from the database
    once per key period, with the period's key made when it has none yet. (A key any
    process accepts was made in this period or the one before, so a ring read in this
    period knows every key there is.)"""

    def __init__(self, *, key_days: int, batch_size: int) -> None:
        self.key_days = key_days
        self.batch_size = batch_size
        self._ring: blind.KeyRing | None = None
        self._period: int | None = None
        self._rows: dict[str, TokenKey] = {}
        self._loading = asyncio.Lock()

    @property
    def period_length(self) -> timedelta:
        return timedelta(days=self.key_days)

    def period(self, now: datetime) -> KeyPeriod:
        return KeyPeriod.of(now, self.key_days)

    async def ring(self, now: datetime) -> blind.KeyRing:
        """The keys accepted at `now`."""
        period = self.period(now)
        if self._period != period.number:
            async with self._loading:
                if self._period != period.number:
                    await self._load(period, now)
        assert self._ring is not None
        return self._ring

    async def signing_key(self, now: datetime) -> blind.SigningKey:
        return (await self.ring(now)).signing_key(now)

    async def published(self, now: datetime) -> PublishedKey:
        key = await self.signing_key(now)
        row = self._rows[key.key_id]
        return PublishedKey(
            key_id=key.key_id,
            spki_b64=blind.public_key_spki_b64(key.public_key),
            signs_until=row.signs_until,
            accepted_until=row.accepted_until,
            batch_size=self.batch_size,
        )

    async def _load(self, period: KeyPeriod, now: datetime) -> None:
        # Keys past their time go, and with them (cascade) who had tokens of them.
        await TokenKey.filter(accepted_until__lte=now).delete()
        rows = {row.key_id: row for row in await TokenKey.filter(accepted_until__gt=now)}
        keys = {key_id: self._open(row) for key_id, row in rows.items()}
        usable = {key_id: key for key_id, key in keys.items() if key is not None}
        if not any(rows[k].period == period.number for k in usable):
            row, key = await self._make(period)
            rows[row.key_id], usable[row.key_id] = row, key
        self._rows = {key_id: rows[key_id] for key_id in usable}
        self._ring = blind.KeyRing(
            (
                blind.SigningKey(private_key=key, not_after=rows[key_id].signs_until)
                for key_id, key in usable.items()
            ),
            verify_grace=self.period_length,
        )
        self._period = period.number

    def _open(self, row: TokenKey) -> rsa.RSAPrivateKey | None:
        try:
            return unseal(row.sealed_private_key, row.key_id)
        except (InvalidTag, ValueError):
            logger.warning(
                "anonymous token key %s cannot be opened with this MOPPER_SECRET_KEY; "
                "it is replaced",
                row.key_id,
            )
            return None

    async def _make(self, period: KeyPeriod) -> tuple[TokenKey, rsa.RSAPrivateKey]:
        """The period's key: made here, or the one another process made first."""
        # Making an RSA key takes a fraction of a second of CPU: off the event loop.
        private_key = await asyncio.to_thread(blind.generate_private_key)
        key_id = blind.key_id(private_key.public_key())
        # One that no longer opens (another secret) is in the way: replace it.
        existing = await TokenKey.get_or_none(period=period.number)
        if existing is not None and self._open(existing) is None:
            await TokenKey.filter(key_id=existing.key_id).delete()
        try:
            row = await TokenKey.create(
                key_id=key_id,
                period=period.number,
                sealed_private_key=seal(private_key, key_id),
                signs_until=period.ends,
                accepted_until=period.ends + self.period_length,
            )
        except IntegrityError:  # another process made this period's key first
            row = await TokenKey.get(period=period.number)
            opened = self._open(row)
            if opened is None:
                raise
            return row, opened
        logger.info("made the anonymous token key %s", key_id)
        return row, private_key
