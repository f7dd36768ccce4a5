"""Server-side sessions: the cookie holds a random token, the database only its hash."""

from __future__ import annotations

from datetime import timedelta

from server.auth.models import Session
from server.auth.principal import Principal
from server.clock import utcnow
from server.crypto import new_session_token, session_token_hash
from server.org.models import Membership, User


async def open_session(user_id: int, *, ttl_hours: int) -> str:
    token = new_session_token()
    await Session.create(
        token_hash=session_token_hash(token),
        user_id=user_id,
        expires_at=utcnow() + timedelta(hours=ttl_hours),
    )
    return token


async def close_session(token: str) -> None:
    await Session.filter(token_hash=session_token_hash(token)).delete()


async def close_all_sessions(user_id: int) -> None:
    await Session.filter(user_id=user_id).delete()


async def principal_for_token(token: str | None) -> Principal | None:
    """The person behind a session cookie, or None when it is unknown, expired or disabled."""
    if not token or len(token) > 128:
        return None
    session = (
        await Session.filter(
            token_hash=session_token_hash(token), expires_at__gt=utcnow(), user__is_active=True
        )
        .select_related("user")
        .first()
    )
    if session is None:
        return None
    return await principal_for_user(session.user)


async def principal_for_user(user: User) -> Principal:
    team_ids: list[int] = await Membership.filter(user_id=user.id).values_list("team_id", flat=True)  # type: ignore[assignment]
    return Principal(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        locale=user.locale,
        team_ids=frozenset(int(t) for t in team_ids),
    )
