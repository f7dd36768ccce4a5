"""Logging in and out."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain.auth import password_policy
from domain.auth.passwords import Passwords
from domain.auth.principal import Principal
from domain.auth.sessions import (
    close_all_sessions,
    close_session,
    open_session,
    principal_for_user,
)
from domain.auth.throttle import Throttles
from domain.errors import InvalidCredentials, PasswordLoginOff, ValidationFailed
from domain.org.models import User
from domain.validation import PASSWORD_MAX, normalise_email


@dataclass(frozen=True, slots=True)
class LoggedIn:
    principal: Principal
    session_token: str


async def login(
    *,
    email: str,
    password: str,
    client: str,
    passwords: Passwords,
    throttles: Throttles,
    session_ttl_hours: int,
    password_login: bool = True,
) -> LoggedIn:
    """Check the credentials and open a session.

    The attempt is counted by the throttles before the password is checked (RATE_LIMITED
    when they refuse it); a successful one is given back. An unknown email and a wrong
    password get the same error after the same work, and count the same. `client` is
    the client's address, only ever kept as a keyed hash. With password login switched
    off (single sign-on only) every attempt is refused with PASSWORD_LOGIN_OFF.
    """
    if not password_login:
        # Before anything is counted or hashed: there is no password to guess here.
        raise PasswordLoginOff()
    account_key = normalise_email(email)
    if not account_key or not password or len(password) > PASSWORD_MAX or len(account_key) > 254:
        raise ValidationFailed({"email": "Enter your email and password."})
    attempt = await throttles.login(account=account_key, client=client)

    user = await User.get_or_none(email=account_key, is_active=True)
    # An invited person without a password yet costs the same as an unknown one.
    known = user.password_hash if user is not None and user.password_hash else None
    if not await passwords.verify(known, password) or user is None:
        raise InvalidCredentials()

    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash(password)
        await user.save(update_fields=["password_hash"])
    await attempt.give_back()
    token = await open_session(user.id, ttl_hours=session_ttl_hours)
    return LoggedIn(principal=await principal_for_user(user), session_token=token)


async def logout(session_token: str | None) -> None:
    if session_token:
        await close_session(session_token)


async def change_password(
    principal: Principal,
    *,
    current: str,
    new: str,
    session_token: str | None,
    passwords: Passwords,
) -> None:
    """Change one's own password: the current one first. Every other session of the
    person ends; this one stays."""
    user = await User.get_or_none(id=principal.user_id, is_active=True)
    if user is None:
        raise InvalidCredentials()
    if len(current) > PASSWORD_MAX or not await passwords.verify(
        user.password_hash or None, current
    ):
        raise ValidationFailed({"currentPassword": "This is not your current password."})
    password_policy.check(new, field="newPassword")
    user.password_hash = await passwords.hash(new)
    async with in_transaction() as conn:
        await user.save(update_fields=["password_hash"], using_db=conn)
        await close_all_sessions(user.id, keep=session_token, using_db=conn)
