"""The long-lived helpers a request needs, built once per app by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from server.auth.passwords import Passwords
from server.auth.throttle import Throttles
from server.items.targets import BusinessCalendar
from server.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    passwords: Passwords
    throttles: Throttles
    calendar: BusinessCalendar

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        return cls(
            settings=settings,
            passwords=Passwords(settings),
            throttles=Throttles(settings),
            calendar=BusinessCalendar.from_settings(settings),
        )
