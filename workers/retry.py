"""When to try a failed email again, and when to give up.

Temporary failures back off exponentially with jitter, so that a mail server coming
back is not hit by every waiting email at the same moment; a permanent refusal, or the
last allowed attempt, makes the email DEAD.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.settings import Settings


class DeliveryFailure(Exception):
    """Why an email did not go out. `permanent`: the server refused this message for
    good. `unreachable`: no connection to the server at all, so the other emails of the
    batch would fail the same way."""

    def __init__(self, reason: str, *, permanent: bool = False, unreachable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.unreachable = unreachable


@dataclass(frozen=True, slots=True)
class RetryAt:
    at: datetime


@dataclass(frozen=True, slots=True)
class GiveUp:
    reason: str


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_attempts=settings.delivery_max_attempts,
            base_seconds=settings.delivery_backoff_seconds,
            max_seconds=settings.delivery_backoff_max_seconds,
        )

    def delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """The wait after the `attempts`-th failure: the nominal delay doubles every time
        up to the cap; half of it is fixed and half random ("equal jitter"), so waits
        still grow while the emails of one outage spread out."""
        nominal = min(self.max_seconds, self.base_seconds * 2 ** max(0, attempts - 1))
        jitter = (rng or random).uniform(0, nominal / 2)
        return timedelta(seconds=nominal / 2 + jitter)

    def decide(self, failure: DeliveryFailure, *, attempts: int, now: datetime) -> RetryAt | GiveUp:
        if failure.permanent:
            return GiveUp(failure.reason)
        if attempts >= self.max_attempts:
            return GiveUp(f"gave up after {attempts} attempts; last: {failure.reason}")
        return RetryAt(now + self.delay(attempts))
