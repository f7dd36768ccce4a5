from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    EMPLOYEE = "EMPLOYEE"
    MANAGER = "MANAGER"
    ADMIN = "ADMIN"


class Locale(StrEnum):
    EN = "en"
    NL = "nl"
