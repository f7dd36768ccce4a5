"""Logging in and out."""

from __future__ import annotations

from dataclasses import dataclass

from domain.auth.passwords import Passwords
from domain.auth.principal import Principal
from domain.auth.sessions import close_session, open_session, principal_for_user
from domain.auth.throttle import Throttles
from domain.errors import InvalidCredentials, ValidationFailed
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
    client_key: str,
    passwords: Passwords,
    throttles: Throttles,
    session_ttl_hours: int,
) -> LoggedIn:
    """Check the credentials and open a session.

    An unknown email and a wrong password get the same error after the same work, and
    both count against the account's and the client's throttles.
    """
    account_key = normalise_email(email)
    if not account_key or not password or len(password) > PASSWORD_MAX or len(account_key) > 254:
        raise ValidationFailed({"email": "Enter your email and password."})
    await throttles.login_client.check(client_key)
    await throttles.login_account.check(account_key)
    await throttles.login_client.hit(client_key)

    user = await User.get_or_none(email=account_key, is_active=True)
    if not await passwords.verify(user.password_hash if user else None, password) or user is None:
        await throttles.login_account.hit(account_key)
        raise InvalidCredentials()

    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await passwords.hash(password)
        await user.save(update_fields=["password_hash"])
    await throttles.login_account.clear(account_key)
    token = await open_session(user.id, ttl_hours=session_ttl_hours)
    return LoggedIn(principal=await principal_for_user(user), session_token=token)


async def logout(session_token: str | None) -> None:
    if session_token:
        await close_session(session_token)
