"""Signing in with a verified ID token: who it is in Mopper, and their session.

The claims given here were verified by the HTTP edge (Authlib: signature against the
provider's published keys, `iss`, `aud`, `exp`, `nonce`). This module decides:

1. **Who.** The account linked to the token's `iss` + `sub`; else the active account
   with the token's email (linked now, so that a later change of email at the provider
   keeps the same person); else a new one, created just in time as an employee in the
   language of the `locale` claim, with no password (password login refuses it).
2. **Refusals** (`SignInRefused.reason`, shown on the login page): a person deactivated
   in Mopper (`deactivated`); no email, or one the provider says it has not verified
   (`email`); an email whose account is already linked to another identity at the same
   provider (`taken`). Nothing is written then.
3. **Groups.** Every sign-in applies the admins' group mappings (`mappings.py`).
4. **Session.** Opened as a password login opens it (`domain/auth/sessions.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.auth.service import LoggedIn
from domain.auth.sessions import close_all_sessions, open_session, principal_for_user
from domain.org.enums import Locale, Role
from domain.org.models import User
from domain.sso.mappings import apply_group_mappings
from domain.sso.models import SsoIdentity
from domain.validation import normalise_email, single_line_problem, strip_invisible

logger = logging.getLogger("mopper.sso")


class Refusal(StrEnum):
    """Why a sign-in was refused: `/login?sso=<this>`, which the login page says in the
    reader's language. The first four are the HTTP edge's (server/http/oidc.py)."""

    STATE = "state"  # the answer does not belong to a sign-in this browser started
    PROVIDER = "provider"  # the provider refused (cancelled, a used code, an error)
    # the ID token did not verify (signature, issuer, audience, expiry, nonce)
    UNVERIFIED = "unverified"
    UNAVAILABLE = "unavailable"  # the provider could not be reached
    DEACTIVATED = "deactivated"  # the person was deactivated in Mopper
    EMAIL = "email"  # no email, or one the provider has not verified
    TAKEN = "taken"  # the email's account is linked to someone else at the provider


DEACTIVATED = Refusal.DEACTIVATED
NO_EMAIL = Refusal.EMAIL
TAKEN = Refusal.TAKEN

# An account that signs in through the provider and has no password: not empty (that
# means "invited, no password yet", domain/org/people.py) and no argon2 hash, so a
# password login with it fails like a wrong password (after the same work). A password
# set later through a link replaces it.
NO_PASSWORD = "!sso"  # noqa: S105 - a marker, not a password
NAME_MAX = 80  # as users.display_name
EMAIL_MAX = 254


class SignInRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Identity:
    """What the provider says about the person, from the verified claims."""

    issuer: str
    subject: str
    email: str
    email_verified: bool | None
    name: str
    locale: Locale
    groups: frozenset[str]

    @classmethod
    def from_claims(cls, issuer: str, claims: Mapping[str, Any], *, groups_claim: str) -> Identity:
        email = claims.get("email")
        verified = claims.get("email_verified")
        return cls(
            issuer=issuer,
            subject=str(claims.get("sub") or ""),
            email=normalise_email(email) if isinstance(email, str) else "",
            # Some providers send "true"/"false" as strings (older Cognito, some SAML bridges).
            email_verified=verified if isinstance(verified, bool) else _truth(verified),
            name=_display_name(claims),
            # Entra ID sends no `locale`; its optional claim `xms_pl` is the user's language.
            locale=locale_of(claims.get("locale") or claims.get("xms_pl")),
            groups=_groups(claims.get(groups_claim)),
        )


def _truth(value: object) -> bool | None:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def locale_of(value: object) -> Locale:
    """`nl`, `nl-NL`, `nl_BE` → Dutch; anything else → English."""
    if isinstance(value, str) and value.strip().lower().replace("_", "-").split("-")[0] == "nl":
        return Locale.NL
    return Locale.EN


def _groups(value: object) -> frozenset[str]:
    """A list of group names (or ids), or one as a string (some providers send that)."""
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list | tuple):
        return frozenset(str(g) for g in value if isinstance(g, str | int) and str(g))
    return frozenset()


def _display_name(claims: Mapping[str, Any]) -> str:
    """`name`, else given and family name; only a clean single line (names go into email
    headers and onto the board), else empty (the email's local part is used)."""
    candidates = [
        claims.get("name"),
        " ".join(str(claims.get(k) or "") for k in ("given_name", "family_name")),
    ]
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        name = " ".join(strip_invisible(candidate).split())[:NAME_MAX]
        if name and single_line_problem(name) is None and single_line_problem(candidate) is None:
            return name
    return ""


async def sign_in(identity: Identity, *, session_ttl_hours: int) -> LoggedIn:
    """The session for a verified identity; `SignInRefused` when it may not have one."""
    if not identity.subject:
        raise SignInRefused(Refusal.UNVERIFIED)
    try:
        user = await _signed_in_user(identity)
    except IntegrityError:
        # Two first sign-ins of the same person at once: the other one created the
        # account or the link a moment ago; this one finds it now.
        user = await _signed_in_user(identity)
    token = await open_session(user.id, ttl_hours=session_ttl_hours)
    return LoggedIn(principal=await principal_for_user(user), session_token=token)


async def _signed_in_user(identity: Identity) -> User:
    async with in_transaction():
        link = await SsoIdentity.get_or_none(
            issuer=identity.issuer, subject=identity.subject
        ).select_related("user")
        user = link.user if link is not None else await _link_or_create(identity)
        if not user.is_active:
            # Raised inside the transaction: a link made just now is undone too.
            raise SignInRefused(DEACTIVATED)
        role_before = user.role
        await apply_group_mappings(user, identity.groups)
        if user.role is not role_before:
            # As an admin's change of role would: the person's other sessions end.
            await close_all_sessions(user.id)
        return user


async def _link_or_create(identity: Identity) -> User:
    email = identity.email
    if not email or len(email) > EMAIL_MAX or "@" not in email:
        raise SignInRefused(NO_EMAIL)
    if identity.email_verified is False:
        # An address the provider has not checked could be anybody's, Mopper account
        # included; one it does not mention (Entra ID) is the organisation's own.
        raise SignInRefused(NO_EMAIL)
    user = await User.get_or_none(email=email)
    if user is not None:
        if await SsoIdentity.filter(user_id=user.id, issuer=identity.issuer).exists():
            # Linked to another account at this provider: the address moved between
            # people there. An admin sorts that out; no silent take-over.
            raise SignInRefused(TAKEN)
    else:
        user = await User.create(
            email=email,
            display_name=identity.name or email.split("@")[0][:NAME_MAX],
            password_hash=NO_PASSWORD,
            role=Role.EMPLOYEE,
            locale=identity.locale,
        )
        logger.info("single sign-on created account %d just in time", user.id)
    if not user.password_hash:
        # Invited, and now signed in through the provider: no longer waiting for a password.
        user.password_hash = NO_PASSWORD
        await user.save(update_fields=["password_hash"])
    await SsoIdentity.create(issuer=identity.issuer, subject=identity.subject, user_id=user.id)
    return user
