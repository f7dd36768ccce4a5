"""The domain's expected failures. Each has a stable `code` the API passes on.

DomainError
├── ValidationFailed      VALIDATION      bad input; `fields` maps field -> message
├── Unauthenticated       UNAUTHENTICATED no (valid) session
├── InvalidCredentials    INVALID_CREDENTIALS  wrong email or password (never says which)
├── PasswordLoginOff      PASSWORD_LOGIN_OFF  this organisation signs in with single sign-on only
├── Forbidden             FORBIDDEN       the principal may not do this
├── NotFound              NOT_FOUND       no such thing, or not visible to the principal
├── InvalidTransition     INVALID_TRANSITION  the state machine does not allow it
├── StaleVersion          STALE_VERSION   someone changed the item since it was read
├── RateLimited           RATE_LIMITED    too many attempts; `retry_after` seconds
├── TokenMalformed        TOKEN_MALFORMED an anonymous gripe's token is not a token at all
├── TokenInvalid          TOKEN_INVALID   its signature is not ours (forged, altered)
├── TokenExpired          TOKEN_EXPIRED   its key is unknown or no longer accepted
├── TokenSpent            TOKEN_SPENT     it was used before
├── TokensAlreadyIssued   TOKENS_ALREADY_ISSUED  this person had this period's batch;
│                         `availableFrom`: when the next key period begins
├── TokenKeyChanged       TOKEN_KEY_CHANGED  the batch was blinded for a key that no
│                         longer signs: fetch the current key and blind again
├── LinkInvalid           LINK_INVALID    a password link that is not one (forged, replaced)
├── LinkExpired           LINK_EXPIRED    a password link past its time
├── LinkUsed              LINK_USED       a password link used before
├── LastAdmin             LAST_ADMIN      the change would leave no active admin
├── MeTooRefused          ME_TOO_REFUSED  "me too" on one's own item, an item not shared,
│                         or a merged one; `reason` says which
└── MergeRefused          MERGE_REFUSED   a merge into itself, into a merged item, or
                          across kinds; `reason` says which
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime


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


class PasswordLoginOff(DomainError):
    code = "PASSWORD_LOGIN_OFF"

    def __init__(self) -> None:
        super().__init__("Passwords are switched off here: sign in with single sign-on.")


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


# A refused token writes nothing and spends nothing.
class TokenMalformed(DomainError):
    code = "TOKEN_MALFORMED"

    def __init__(self) -> None:
        super().__init__("This is not an anonymous-gripe token.")


class TokenInvalid(DomainError):
    code = "TOKEN_INVALID"

    def __init__(self) -> None:
        super().__init__("This token was not signed by Mopper.")


class TokenExpired(DomainError):
    code = "TOKEN_EXPIRED"

    def __init__(self) -> None:
        super().__init__("This token's key is no longer accepted; log in to get new ones.")


class TokenSpent(DomainError):
    code = "TOKEN_SPENT"

    def __init__(self) -> None:
        super().__init__("This token was used before.")


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


# Password links (invitation, reset): each says what happened, and the page offers a new one.
class LinkInvalid(DomainError):
    code = "LINK_INVALID"

    def __init__(self) -> None:
        super().__init__("This link is not valid. Ask for a new one.")


class LinkExpired(DomainError):
    code = "LINK_EXPIRED"

    def __init__(self) -> None:
        super().__init__("This link has expired. Ask for a new one.")


class LinkUsed(DomainError):
    code = "LINK_USED"

    def __init__(self) -> None:
        super().__init__("This link was used already. Sign in, or ask for a new one.")


class LastAdmin(DomainError):
    code = "LAST_ADMIN"

    def __init__(self) -> None:
        super().__init__("This is the last active admin. Make someone else admin first.")


class MeTooRefused(DomainError):
    code = "ME_TOO_REFUSED"
    # reason -> message
    REASONS = {
        "OWN_ITEM": "This is your own item; it counts you already.",
        "NOT_SHARED": "This item is not shared with colleagues.",
        "MERGED": 'This item was merged into another; say "me too" there.',
    }

    def __init__(self, reason: str) -> None:
        super().__init__(self.REASONS[reason])
        self.reason = reason

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "reason": self.reason}


class MergeRefused(DomainError):
    code = "MERGE_REFUSED"
    REASONS = {
        "SAME_ITEM": "An item cannot be merged into itself.",
        "INTO_MERGED": "That item was itself merged into another; merge into that one.",
        "ALREADY_MERGED": "This item was merged already.",
        "KINDS_DIFFER": "A gripe and a customer's problem cannot be merged.",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(self.REASONS[reason])
        self.reason = reason

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "reason": self.reason}
