"""Throttles for logins and receipt look-ups, counted in the database.

Why the database: every API process shares it (several uvicorn processes on
PostgreSQL), and one statement counts atomically, so attempts sent in parallel cannot
all pass a check before any of them is counted (120 parallel logins once did). The
`limits` library has no SQL storage (memory, Redis, Memcached, MongoDB only); its parser
still reads the limit settings ("5 per 15 minutes").

A counter is one row per key. The key is a keyed hash (HMAC with the server secret, one
purpose per kind of counter), so the table holds no email or client address, and keys
of two kinds of counter — the login's client and the anonymous channel's — cannot be
joined without the secret.

Counting: an attempt is counted BEFORE the password or receipt code is checked, with
one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE <one more is allowed> RETURNING`
per counter. The row is created, or its window restarted when it has ended, or its
count raised only while the counter allows one more; a statement that returns no row
was refused and counted nothing. So exactly `limit` attempts get through a window,
however many arrive at once and in however many processes.

The counters of one attempt are counted in order, the narrowest first; the first
refusal stops, and what the attempt had counted is given back. So an attempt counts
either everywhere or nowhere: a guesser who has used up their own window (one account
from one client) spends nothing of what the account's owner shares with them. An
attempt that succeeds is given back as well: only failures use a window up.

Two kinds of counter:
- STOPS: once used up, refused until the window ends (one account from one client;
  receipt look-ups from one client).
- SLOWS: beyond its limit, one more attempt after 10 s, the next 20 s after that, then
  40 s, ... until the window ends (an account from all clients; a client over all
  accounts). Under attack the owner, or a colleague behind the same NAT, waits the time
  the answer states (`retryAfter`) instead of being locked out.

A window starts at a key's first attempt and lasts the limit's period; the workers'
schedule deletes rows whose window has ended (`forget_ended`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from limits import parse
from tortoise import connections

from domain import clock
from domain.crypto import keyed_hash
from domain.db import bind
from domain.errors import RateLimited
from domain.settings import Settings
from domain.validation import normalise_email

# A SLOWS counter beyond its limit: the first extra attempt waits this long after the
# last one counted, and every next one twice as long as the one before.
FIRST_DELAY_SECONDS = 10
# Doublings stop here (10 s x 2^16 is longer than any window).
_MOST_DOUBLINGS = 16

_COUNT = """
INSERT INTO throttle_counters (key, attempts, last_at, ends_at)
VALUES (:key, 1, :now, :ends)
ON CONFLICT (key) DO UPDATE SET
  attempts = CASE WHEN throttle_counters.ends_at <= :now THEN 1
             ELSE throttle_counters.attempts + 1 END,
  ends_at = CASE WHEN throttle_counters.ends_at <= :now THEN :ends
            ELSE throttle_counters.ends_at END,
  last_at = :now
WHERE throttle_counters.ends_at <= :now OR throttle_counters.attempts < :limit{slows}
RETURNING attempts
"""
# ... or, for a SLOWS counter, the wait after the last counted attempt has passed.
_SLOWS = """
  OR (throttle_counters.attempts - :limit < :most_doublings
      AND :now >= throttle_counters.last_at
                  + (CAST(:first_delay AS BIGINT) << (throttle_counters.attempts - :limit)))"""
_READ = "SELECT attempts, last_at, ends_at FROM throttle_counters WHERE key = :key"
_FORGET = "DELETE FROM throttle_counters WHERE ends_at <= :now"


@dataclass(frozen=True, slots=True)
class Limit:
    attempts: int
    window_seconds: int
    slows: bool

    @classmethod
    def parse(cls, text: str, *, slows: bool) -> Limit:
        """From a setting like "5 per 15 minutes" (checked when the settings load)."""
        item = parse(text)
        return cls(attempts=item.amount, window_seconds=item.get_expiry(), slows=slows)

    def retry_after(self, *, attempts: int, last_at: int, ends_at: int, now: int) -> int:
        """Seconds until a refused key may try again."""
        allowed_at = ends_at
        if self.slows and attempts >= self.attempts:
            doublings = min(attempts - self.attempts, _MOST_DOUBLINGS)
            allowed_at = min(ends_at, last_at + (FIRST_DELAY_SECONDS << doublings))
        return max(1, allowed_at - now)


@dataclass(frozen=True, slots=True)
class Counter:
    """One kind of counter: what it counts (its purpose) and its limit."""

    purpose: str
    limit: Limit

    def key(self, *subject: str) -> str:
        return keyed_hash(f"throttle:{self.purpose}", "\x1f".join(subject))


@dataclass(slots=True)
class Attempt:
    """An attempt that was counted. `give_back()` when it succeeded: only failures use
    up a window."""

    keys: list[str] = field(default_factory=list)

    async def give_back(self) -> None:
        keys, self.keys = self.keys, []
        if not keys:
            return
        names = {f"key{i}": key for i, key in enumerate(keys)}
        listed = ", ".join(f":{name}" for name in names)
        db = connections.get("default")
        await db.execute_query(
            *bind(
                db,
                # Only `:keyN` names are joined in; the keys are parameters.
                f"UPDATE throttle_counters SET attempts = attempts - 1"  # noqa: S608
                f" WHERE key IN ({listed}) AND attempts > 0",
                names,
            )
        )


def _now() -> int:
    return int(clock.utcnow().timestamp())


async def _count(counter: Counter, key: str, now: int) -> bool:
    """Count one attempt of `key`; False when the counter refused it (nothing counted)."""
    limit = counter.limit
    db = connections.get("default")
    statement = _COUNT.format(slows=_SLOWS if limit.slows else "")
    values = {
        "key": key,
        "now": now,
        "ends": now + limit.window_seconds,
        "limit": limit.attempts,
        "most_doublings": _MOST_DOUBLINGS,
        "first_delay": FIRST_DELAY_SECONDS,
    }
    # `execute_query_dict` fetches what RETURNING gives on both databases
    # (`execute_query` drops it for an INSERT on PostgreSQL).
    rows = await db.execute_query_dict(*bind(db, statement, values))
    return bool(rows)


async def _refusal(counter: Counter, key: str, now: int) -> RateLimited:
    db = connections.get("default")
    rows = await db.execute_query_dict(*bind(db, _READ, {"key": key}))
    if not rows:  # forgotten meanwhile: the window had ended
        return RateLimited(retry_after=1)
    row = rows[0]
    return RateLimited(
        retry_after=counter.limit.retry_after(
            attempts=int(row["attempts"]),
            last_at=int(row["last_at"]),
            ends_at=int(row["ends_at"]),
            now=now,
        )
    )


async def count_attempt(counted: Sequence[tuple[Counter, Sequence[str]]]) -> Attempt:
    """Count one attempt against each (counter, subject), in order. Raises RateLimited
    (with the wait the refusing counter asks for) and counts nothing when any refuses."""
    now = _now()
    attempt = Attempt()
    for counter, subject in counted:
        key = counter.key(*subject)
        if not await _count(counter, key, now):
            await attempt.give_back()
            raise await _refusal(counter, key, now)
        attempt.keys.append(key)
    return attempt


async def forget_ended() -> int:
    """Delete the counters whose window has ended; how many."""
    db = connections.get("default")
    result = await db.execute_query(*bind(db, _FORGET, {"now": _now()}))
    return int(result[0])


class Throttles:
    """The counters of this deployment, with the limits from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.login_account_client = Counter(
            "login-account-client", Limit.parse(settings.login_account_client_limit, slows=False)
        )
        self.login_account = Counter(
            "login-account", Limit.parse(settings.login_account_limit, slows=True)
        )
        self.login_client = Counter(
            "login-client", Limit.parse(settings.login_client_limit, slows=True)
        )
        # Its own purpose: a client's key here is not its key at login.
        self.receipt_client = Counter(
            "receipt-client", Limit.parse(settings.receipt_lookup_limit, slows=False)
        )

        self.reset_account = Counter(
            "reset-account", Limit.parse(settings.password_reset_account_limit, slows=False)
        )
        self.reset_client = Counter(
            "reset-client", Limit.parse(settings.password_reset_client_limit, slows=False)
        )

    async def password_reset(self, *, account: str, client: str) -> Attempt:
        """Count a request for a reset email to `account` (the address as typed, known or
        not) from `client`. Raises RateLimited."""
        return await count_attempt(
            [
                (self.reset_client, (client,)),
                (self.reset_account, (normalise_email(account)[:254],)),
            ]
        )

    async def login(self, *, account: str, client: str) -> Attempt:
        """Count a login attempt for `account` (the normalised email, known or not) from
        `client` (its address). Raises RateLimited."""
        return await count_attempt(
            [
                (self.login_account_client, (account, client)),
                (self.login_client, (client,)),
                (self.login_account, (account,)),
            ]
        )

    async def receipt_lookup(self, *, client: str) -> Attempt:
        """Count a look-up by receipt code from `client` (its address). Raises
        RateLimited. Give the attempt back when the code was right."""
        return await count_attempt([(self.receipt_client, (client,))])
