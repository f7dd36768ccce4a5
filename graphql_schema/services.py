"""The long-lived helpers a request needs, built once per app by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from domain.anonymity.keys import TokenKeys
from domain.auth.passwords import Passwords
from domain.auth.throttle import Throttles
from domain.items.targets import BusinessCalendar
from domain.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    passwords: Passwords
    throttles: Throttles
    calendar: BusinessCalendar
    token_keys: TokenKeys

    @classmethod
    def from_settings(cls, settings: Settings) -> Services:
        return cls(
            settings=settings,
            passwords=Passwords(settings),
            throttles=Throttles(settings),
            calendar=BusinessCalendar.from_settings(settings),
            token_keys=TokenKeys(
                key_days=settings.anonymous_key_days,
                batch_size=settings.anonymous_tokens_per_period,
            ),
        )
