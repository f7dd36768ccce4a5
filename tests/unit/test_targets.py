"""Response targets count business hours only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.items.enums import Priority, Status
from domain.items.targets import BusinessCalendar, TargetState, target_state, targets_for

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CALENDAR = BusinessCalendar(
    zone=AMSTERDAM,
    opens=time(9),
    closes=time(17),
    weekdays=frozenset({1, 2, 3, 4, 5}),
    holidays=frozenset({date(2026, 12, 25), date(2026, 12, 28)}),
)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_hours_inside_one_working_day() -> None:
    assert CALENDAR.add_business_hours(local(2026, 11, 24, 10), 4) == local(2026, 11, 24, 14)


def test_a_friday_evening_gripe_is_due_on_monday() -> None:
    due = CALENDAR.add_business_hours(local(2026, 11, 27, 18, 30), 1)
    assert due == local(2026, 11, 30, 10)


def test_holidays_and_weekends_do_not_count() -> None:
    # Thursday 24 Dec 16:00 + 2 h: one hour on Thursday, then Friday 25 (holiday),
    # the weekend and Monday 28 (holiday) are skipped: Tuesday 29 at 10:00.
    assert CALENDAR.add_business_hours(local(2026, 12, 24, 16), 2) == local(2026, 12, 29, 10)


def test_daylight_saving_change_does_not_shift_office_hours() -> None:
    # Clocks go back on Sunday 25 Oct 2026; Friday 17:00 + 1 h is Monday 10:00 local.
    assert CALENDAR.add_business_hours(local(2026, 10, 23, 16), 2) == local(2026, 10, 26, 10)


def test_urgent_items_are_due_sooner_than_low_ones() -> None:
    start = local(2026, 11, 24, 9)
    urgent, low = (
        targets_for(Priority.URGENT, start, CALENDAR),
        targets_for(Priority.LOW, start, CALENDAR),
    )
    assert urgent.acknowledge_by < low.acknowledge_by
    assert urgent.resolve_by < low.resolve_by
    assert urgent.acknowledge_by == local(2026, 11, 24, 10).astimezone(UTC)


def test_target_state_follows_the_target_that_applies_now() -> None:
    created = datetime(2026, 11, 24, 9, tzinfo=UTC)
    ack, resolve = created + timedelta(hours=8), created + timedelta(hours=40)

    def state(status: Status, now: datetime) -> TargetState:
        return target_state(
            status=status,
            created_at=created,
            acknowledge_due_at=ack,
            resolve_due_at=resolve,
            now=now,
        )

    assert state(Status.NEW, created + timedelta(hours=1)) is TargetState.ON_TIME
    assert state(Status.NEW, created + timedelta(hours=7)) is TargetState.DUE_SOON
    assert state(Status.NEW, created + timedelta(hours=9)) is TargetState.OVERDUE
    # Once acknowledged, the resolve target applies.
    assert state(Status.IN_PROGRESS, created + timedelta(hours=9)) is TargetState.ON_TIME
    assert state(Status.IN_PROGRESS, created + timedelta(hours=41)) is TargetState.OVERDUE
    assert state(Status.RESOLVED, created + timedelta(hours=99)) is TargetState.DONE
