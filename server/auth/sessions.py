"""Server-side sessions: the cookie holds a random token, the database only its hash."""

from __future__ import annotations

from datetime import timedelta

from server.auth.models import Session
from server.auth.principal import Principal
from server.clock import utcnow
from server.crypto import new_session_token, session_token_hash
from server.org.enums import Locale, Role
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
    """The person behind a session cookie, or None when it is unknown, expired or disabled.

    One query for every request that needs it: the session, its person and their teams
    (one row per team, or one row with no team)."""
    if not token or len(token) > 128:
        return None
    rows = await Session.filter(
        token_hash=session_token_hash(token), expires_at__gt=utcnow(), user__is_active=True
    ).values(
        "user_id",
        "user__email",
        "user__display_name",
        "user__role",
        "user__locale",
        "user__memberships__team_id",
    )
    if not rows:
        return None
    first = rows[0]
    return Principal(
        user_id=int(first["user_id"]),
        email=str(first["user__email"]),
        display_name=str(first["user__display_name"]),
        role=Role(first["user__role"]),
        locale=Locale(first["user__locale"]),
        team_ids=frozenset(
            int(row["user__memberships__team_id"])
            for row in rows
            if row["user__memberships__team_id"] is not None
        ),
    )


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
