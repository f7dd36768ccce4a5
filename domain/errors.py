"""The domain's expected failures. Each has a stable `code` the API passes on.

DomainError
├── ValidationFailed      VALIDATION      bad input; `fields` maps field -> message
├── Unauthenticated       UNAUTHENTICATED no (valid) session
├── InvalidCredentials    INVALID_CREDENTIALS  wrong email or password (never says which)
├── Forbidden             FORBIDDEN       the principal may not do this
├── NotFound              NOT_FOUND       no such thing, or not visible to the principal
├── InvalidTransition     INVALID_TRANSITION  the state machine does not allow it
├── StaleVersion          STALE_VERSION   someone changed the item since it was read
└── RateLimited           RATE_LIMITED    too many attempts; `retry_after` seconds
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    code = "DOMAIN_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> dict[str, object]:
        return {"code": self.code}


class ValidationFailed(DomainError):
    code = "VALIDATION"

    def __init__(
        self, fields: Mapping[str, str], message: str = "Some fields need attention."
    ) -> None:
        super().__init__(message)
        self.fields = dict(fields)

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "fields": self.fields}


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Please log in.") -> None:
        super().__init__(message)


class InvalidCredentials(DomainError):
    code = "INVALID_CREDENTIALS"

    def __init__(self) -> None:
        super().__init__("That email and password do not match an account.")


class Forbidden(DomainError):
    code = "FORBIDDEN"

    def __init__(self, message: str = "You are not allowed to do that.") -> None:
        super().__init__(message)


class NotFound(DomainError):
    code = "NOT_FOUND"

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"


class StaleVersion(DomainError):
    code = "STALE_VERSION"

    def __init__(self, current_version: int) -> None:
        super().__init__("Someone else changed this item meanwhile. Reload it and try again.")
        self.current_version = current_version

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "currentVersion": self.current_version}


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many attempts. Please wait a while and try again.")
        self.retry_after = retry_after

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfter": self.retry_after}
