"""When a failed email is tried again, and when it is given up."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from workers.retry import DeliveryFailure, GiveUp, RetryAt, RetryPolicy

POLICY = RetryPolicy(max_attempts=5, base_seconds=10, max_seconds=60)
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_waits_double_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    for attempts, nominal in [(1, 10), (2, 20), (3, 40), (4, 60), (9, 60)]:
        waits = [POLICY.delay(attempts, rng) for _ in range(200)]
        assert all(timedelta(seconds=nominal / 2) <= w <= timedelta(seconds=nominal) for w in waits)
        assert len(set(waits)) > 150  # spread out, not all at the same moment


def test_a_temporary_failure_is_retried_until_the_last_attempt() -> None:
    busy = DeliveryFailure("451 4.3.0 try again later")
    assert isinstance(POLICY.decide(busy, attempts=4, now=NOW), RetryAt)
    decision = POLICY.decide(busy, attempts=4, now=NOW)
    assert isinstance(decision, RetryAt) and decision.at > NOW
    assert POLICY.decide(busy, attempts=5, now=NOW) == GiveUp(
        "gave up after 5 attempts; last: 451 4.3.0 try again later"
    )


def test_a_permanent_refusal_is_given_up_at_once() -> None:
    refused = DeliveryFailure("550 5.1.1 no such user", permanent=True)
    assert POLICY.decide(refused, attempts=1, now=NOW) == GiveUp("550 5.1.1 no such user")
