"""The domain's expected failures. Each has a stable `code` the API passes on.

DomainError
├── ValidationFailed      VALIDATION      bad input; `fields` maps field -> message
├── Unauthenticated       UNAUTHENTICATED no (valid) session
├── InvalidCredentials    INVALID_CREDENTIALS  wrong email or password (never says which)
├── Forbidden             FORBIDDEN       the principal may not do this
├── NotFound              NOT_FOUND       no such thing, or not visible to the principal
├── InvalidTransition     INVALID_TRANSITION  the state machine does not allow it
├── StaleVersion          STALE_VERSION   someone changed the item since it was read
├── RateLimited           RATE_LIMITED    too many attempts; `retry_after` seconds
├── TokenRefused          an anonymous gripe's token was refused, nothing was written:
│                         TOKEN_MALFORMED  not a token at all
│                         TOKEN_INVALID    its signature is not ours (forged, altered)
│                         TOKEN_EXPIRED    its key is unknown or no longer accepted
│                         TOKEN_SPENT      it was used before
├── TokensAlreadyIssued   TOKENS_ALREADY_ISSUED  this person had this period's batch;
│                         `availableFrom`: when the next key period begins
└── TokenKeyChanged       TOKEN_KEY_CHANGED  the batch was blinded for a key that no
                          longer signs: fetch the current key and blind again
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum


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


class Refusal(StrEnum):
    """Why a token was refused (its code)."""

    MALFORMED = "TOKEN_MALFORMED"
    INVALID = "TOKEN_INVALID"
    EXPIRED = "TOKEN_EXPIRED"
    SPENT = "TOKEN_SPENT"


class TokenRefused(DomainError):
    def __init__(self, refusal: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = refusal.value


class TokensAlreadyIssued(DomainError):
    code = "TOKENS_ALREADY_ISSUED"

    def __init__(self, available_from: datetime) -> None:
        super().__init__(
            "This period's anonymous tokens were already given to you (on this or another "
            "device). New ones are available from the start of the next period."
        )
        self.available_from = available_from

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "availableFrom": self.available_from.isoformat()}


class TokenKeyChanged(DomainError):
    code = "TOKEN_KEY_CHANGED"

    def __init__(self) -> None:
        super().__init__("The token key has changed meanwhile. Fetch the current key and retry.")
