"""What a new password must be (NIST SP 800-63B, 5.1.1.2): at least 12 characters and
not one of the commonly used ones; no rules about kinds of characters.

The list of common passwords is `common-passwords.txt.gz` beside this file: the 20,000
most common passwords (lower-cased), as Django ships it (BSD licence), from Royce
Williams's list. Most are shorter than 12 characters and refused for that already; the
list stays whole so that it still counts if the minimum ever changes.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from domain.errors import ValidationFailed
from domain.validation import PASSWORD_MAX

MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")
TOO_SHORT = f"At least {MIN_LENGTH} characters."
TOO_LONG = f"At most {PASSWORD_MAX} characters."
TOO_COMMON = "This password is too common. Choose another one."


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def problem(password: str) -> str | None:
    """Why `password` cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > PASSWORD_MAX:
        return TOO_LONG
    if password.strip().lower() in common_passwords():
        return TOO_COMMON
    return None


def check(password: str, *, field: str = "password") -> None:
    found = problem(password)
    if found:
        raise ValidationFailed({field: found})
