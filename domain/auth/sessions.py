"""Server-side sessions: the cookie holds a random token, the database only its hash."""

from __future__ import annotations

from datetime import timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.auth.models import Session
from domain.auth.principal import Principal
from domain.clock import to_the_hour, utcnow
from domain.crypto import new_session_token, session_token_hash
from domain.db import connection, placeholder
from domain.org.enums import Locale, Role
from domain.org.models import Membership, User


async def open_session(user_id: int, *, ttl_hours: int) -> str:
    """A new session for `user_id`. It ends at the end of the hour `ttl_hours` from now:
    stored to the hour, its end does not tell the moment of the login (which could be set
    beside an anonymous gripe's arrival)."""
    token = new_session_token()
    await Session.create(
        token_hash=session_token_hash(token),
        user_id=user_id,
        expires_at=to_the_hour(utcnow() + timedelta(hours=ttl_hours)) + timedelta(hours=1),
    )
    return token


async def close_session(token: str) -> None:
    await Session.filter(token_hash=session_token_hash(token)).delete()


async def close_all_sessions(
    user_id: int, *, keep: str | None = None, using_db: BaseDBAsyncClient | None = None
) -> None:
    """End every session of `user_id` (but the one whose token is `keep`): after a
    password change or reset, a deactivation or a change of role."""
    query = Session.filter(user_id=user_id)
    if keep:
        query = query.exclude(token_hash=session_token_hash(keep))
    await query.using_db(using_db).delete()


# The session, its person and their teams: one row per team, or one row with no team.
# Written out rather than built by the ORM for every request that needs its person
# (building this join cost more than running it).
_PRINCIPAL = (
    "SELECT u.id AS user_id, u.email AS email, u.display_name AS display_name,"
    " u.role AS role, u.locale AS locale, m.team_id AS team_id"
    " FROM sessions AS s JOIN users AS u ON u.id = s.user_id"
    " LEFT JOIN memberships AS m ON m.user_id = u.id"
    " WHERE s.token_hash = {token_hash} AND s.expires_at > {now} AND u.is_active"
)


async def principal_for_token(token: str | None) -> Principal | None:
    """The person behind a session cookie, or None when it is unknown, expired or disabled.
    One query for every request that needs it."""
    if not token or len(token) > 128:
        return None
    db = connection()
    statement = _PRINCIPAL.format(token_hash=placeholder(db, 1), now=placeholder(db, 2))
    _, rows = await db.execute_query(statement, [session_token_hash(token), utcnow()])
    if not rows:
        return None
    person = rows[0]
    return Principal(
        user_id=int(person["user_id"]),
        email=str(person["email"]),
        display_name=str(person["display_name"]),
        role=Role(person["role"]),
        locale=Locale(person["locale"]),
        team_ids=frozenset(int(row["team_id"]) for row in rows if row["team_id"] is not None),
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
