"""The logged-in person a request acts for, and what their role lets them reach."""

from __future__ import annotations

from dataclasses import dataclass

from domain.org.enums import Locale, Role


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    email: str
    display_name: str
    role: Role
    locale: Locale
    team_ids: frozenset[int]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)

    def manages(self, team_id: int) -> bool:
        """Managers triage their own teams' items; admins every team's."""
        return self.is_admin or (self.role is Role.MANAGER and team_id in self.team_ids)
