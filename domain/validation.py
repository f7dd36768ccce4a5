"""Input rules shared by every form: lengths, single-line text, email addresses.

Collect problems per field and raise one `ValidationFailed`, so that a person sees
everything to fix at once and a failed request changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

from domain.errors import ValidationFailed

# C0/C1 controls, DEL, and the Unicode line/paragraph separators: never in a one-line field,
# since single-line values end up in email headers and subjects.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In multi-line text, tabs and newlines are fine; other controls are not.
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

TITLE_MAX = 140
BODY_MAX = 5000
MESSAGE_MAX = 5000
NAME_MAX = 100
EMAIL_MAX = 254
PASSWORD_MAX = 256


class Checker:
    """Collects field errors; `done()` raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def single_line(self, field: str, value: str, *, max_length: int, required: bool = True) -> str:
        value = unicodedata.normalize("NFC", value).strip()
        if _SINGLE_LINE_FORBIDDEN.search(value):
            self.errors[field] = "Must be a single line without control characters."
        elif required and not value:
            self.errors[field] = "Required."
        elif len(value) > max_length:
            self.errors[field] = f"At most {max_length} characters."
        return value

    def text(self, field: str, value: str, *, max_length: int, required: bool = True) -> str:
        value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        value = value.strip()
        if _MULTI_LINE_FORBIDDEN.search(value):
            self.errors[field] = "Contains control characters."
        elif required and not value:
            self.errors[field] = "Required."
        elif len(value) > max_length:
            self.errors[field] = f"At most {max_length} characters."
        return value

    def email(self, field: str, value: str) -> str:
        value = value.strip()
        if not value:
            self.errors[field] = "Required."
            return value
        if len(value) > EMAIL_MAX or _SINGLE_LINE_FORBIDDEN.search(value):
            self.errors[field] = "Not a valid email address."
            return value
        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            self.errors[field] = "Not a valid email address."
            return value
        return str(checked.normalized)

    def require(self, field: str, ok: bool, message: str) -> None:
        if not ok and field not in self.errors:
            self.errors[field] = message

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def normalise_email(value: str) -> str:
    """The form an email takes as a login name: trimmed and lower-cased."""
    return value.strip().lower()
