"""Response targets: by when an item should be acknowledged and resolved.

Targets count business hours only (by default weekdays 09:00-17:00, Amsterdam time,
minus holidays): a team that works office hours should not promise a Sunday answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.items.enums import OPEN_STATUSES, Priority, Status
from domain.settings import Settings

ACKNOWLEDGE_WITHIN_HOURS = {
    Priority.URGENT: 1,
    Priority.HIGH: 4,
    Priority.NORMAL: 8,
    Priority.LOW: 16,
}
RESOLVE_WITHIN_HOURS = {
    Priority.URGENT: 8,
    Priority.HIGH: 24,
    Priority.NORMAL: 40,
    Priority.LOW: 80,
}
_MAX_DAYS_SEARCHED = 3 * 366


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    zone: ZoneInfo
    opens: time
    closes: time
    weekdays: frozenset[int]
    holidays: frozenset[date]

    @classmethod
    def from_settings(cls, settings: Settings) -> BusinessCalendar:
        opens, _, closes = settings.business_hours.partition("-")
        return cls(
            zone=ZoneInfo(settings.business_timezone),
            opens=time.fromisoformat(opens.strip()),
            closes=time.fromisoformat(closes.strip()),
            weekdays=frozenset(int(d) for d in settings.business_days.split(",") if d.strip()),
            holidays=frozenset(
                date.fromisoformat(d.strip()) for d in settings.holidays.split(",") if d.strip()
            ),
        )

    def is_business_day(self, day: date) -> bool:
        return day.isoweekday() in self.weekdays and day not in self.holidays

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of business time after `start` (an aware datetime)."""
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(self.zone)
        for _ in range(_MAX_DAYS_SEARCHED):
            day = cursor.date()
            if self.is_business_day(day):
                window_start = datetime.combine(day, self.opens, tzinfo=self.zone)
                window_end = datetime.combine(day, self.closes, tzinfo=self.zone)
                cursor = max(cursor, window_start)
                if cursor < window_end:
                    available = window_end - cursor
                    if remaining <= available:
                        return (cursor + remaining).astimezone(UTC)
                    remaining -= available
            next_day = day + timedelta(days=1)
            cursor = datetime.combine(next_day, time(0), tzinfo=self.zone)
        raise ValueError("The business calendar has no working hours in the next three years.")


@dataclass(frozen=True, slots=True)
class Targets:
    acknowledge_by: datetime
    resolve_by: datetime


def targets_for(priority: Priority, since: datetime, calendar: BusinessCalendar) -> Targets:
    return Targets(
        acknowledge_by=calendar.add_business_hours(since, ACKNOWLEDGE_WITHIN_HOURS[priority]),
        resolve_by=calendar.add_business_hours(since, RESOLVE_WITHIN_HOURS[priority]),
    )


class TargetState(StrEnum):
    ON_TIME = "ON_TIME"
    DUE_SOON = "DUE_SOON"  # less than a quarter of the time to the target is left
    OVERDUE = "OVERDUE"
    DONE = "DONE"  # no longer open


def target_state(
    *,
    status: Status,
    created_at: datetime,
    acknowledge_due_at: datetime | None,
    resolve_due_at: datetime | None,
    now: datetime,
) -> TargetState:
    """Where an open item stands against the target that applies to it now: being
    acknowledged while NEW, being resolved after that."""
    if status not in OPEN_STATUSES:
        return TargetState.DONE
    due = acknowledge_due_at if status is Status.NEW else resolve_due_at
    if due is None:
        return TargetState.ON_TIME
    if now >= due:
        return TargetState.OVERDUE
    if (due - now) * 4 < (due - created_at):
        return TargetState.DUE_SOON
    return TargetState.ON_TIME
