"""Moving-window throttles for logins and receipt look-ups, kept in process memory.

Keys are keyed hashes, so that not even this memory holds an email or a client address.
In-memory counters suit the embedded single process; with several API processes each
keeps its own window, which still bounds guessing by the number of processes.
"""

from __future__ import annotations

import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from domain.crypto import keyed_hash
from domain.errors import RateLimited
from domain.settings import Settings


class Throttle:
    def __init__(self, name: str, limit: str, limiter: MovingWindowRateLimiter) -> None:
        self._name = name
        self._item: RateLimitItem = parse(limit)
        self._limiter = limiter

    def _key(self, key: str) -> str:
        return keyed_hash(f"throttle:{self._name}", key)

    async def check(self, key: str) -> None:
        """Raise RateLimited when `key` has used up its window."""
        hashed = self._key(key)
        if not await self._limiter.test(self._item, hashed):
            stats = await self._limiter.get_window_stats(self._item, hashed)
            raise RateLimited(retry_after=max(1, int(stats.reset_time - time.time())))

    async def hit(self, key: str) -> None:
        await self._limiter.hit(self._item, self._key(key))

    async def clear(self, key: str) -> None:
        await self._limiter.clear(self._item, self._key(key))


class Throttles:
    def __init__(self, settings: Settings) -> None:
        limiter = MovingWindowRateLimiter(MemoryStorage())
        self.login_account = Throttle("login-account", settings.login_account_limit, limiter)
        self.login_client = Throttle("login-client", settings.login_client_limit, limiter)
        self.receipt_client = Throttle("receipt-client", settings.receipt_lookup_limit, limiter)
