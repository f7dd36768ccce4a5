"""The one source of 'now', so that time can be set in tests without patching datetime.

`recorded_at(moment)` makes everything written inside the block carry `moment` as its
time: an anonymous gripe and what its sender causes are written at the hour they
happened in, not to the microsecond (`domain/anonymity/`). Whatever stores a time takes
it from `utcnow()` for that reason, never from the ORM's `auto_now`. `running_from` lets
a test run a scenario on a clock that starts where it says (away from an hour's end).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

_fixed: ContextVar[datetime | None] = ContextVar("recorded_at", default=None)
_offset: ContextVar[timedelta] = ContextVar("running_from", default=timedelta(0))


def utcnow() -> datetime:
    fixed = _fixed.get()
    return fixed if fixed is not None else datetime.now(UTC) + _offset.get()


def to_the_hour(moment: datetime) -> datetime:
    """The start of the hour `moment` falls in (UTC)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@contextmanager
def recorded_at(moment: datetime) -> Iterator[datetime]:
    """Inside the block, `utcnow()` is `moment` (for this task and what it awaits)."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone")
    token = _fixed.set(moment)
    try:
        yield moment
    finally:
        _fixed.reset(token)


@contextmanager
def running_from(moment: datetime) -> Iterator[datetime]:
    """Inside the block, the clock ticks on from `moment` (for this task and what it
    awaits)."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone")
    token = _offset.set(moment - datetime.now(UTC))
    try:
        yield moment
    finally:
        _offset.reset(token)
