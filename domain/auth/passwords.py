"""argon2id password hashing, off the event loop and with a cap on concurrent hashes.

Each hash takes ~170 ms and 64 MiB with the library's defaults; hashing in a thread keeps
the server responsive, and the cap keeps a login storm from eating all memory.
"""

from __future__ import annotations

import asyncio
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from domain.settings import Settings


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
        self._slots = asyncio.Semaphore(settings.password_hash_concurrency)

    @cached_property
    def _dummy_hash(self) -> str:
        # Verified against when the email is unknown, so that the answer takes as long.
        return self._hasher.hash("not-a-real-password-but-costs-the-same")

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches; an unknown account (None) costs the same and fails."""
        target = password_hash if password_hash is not None else self._dummy_hash
        async with self._slots:
            try:
                await asyncio.to_thread(self._hasher.verify, target, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
