"""Single-use links that let a person set a password: an invitation (7 days), a reset
(1 hour) and the first admin's setup link (1 hour).

A token has 256 bits; the database keeps only its keyed hash. Issuing a new link of a
kind replaces the person's earlier open ones; using one ends every session of the person
and opens a new one here. An unknown (forged, replaced), expired or used token each gets
its own error, and the page that shows it offers a new link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.auth import password_policy
from domain.auth.models import AccountLink, LinkPurpose
from domain.auth.passwords import Passwords
from domain.auth.principal import Principal
from domain.auth.service import LoggedIn
from domain.auth.sessions import close_all_sessions, open_session, principal_for_user
from domain.clock import utcnow
from domain.crypto import account_link_lookup, account_link_token, new_token_salt
from domain.errors import LinkExpired, LinkInvalid, LinkUsed
from domain.notifications.account import enqueue_account_email
from domain.notifications.enums import Template
from domain.org.enums import Locale
from domain.org.models import User
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import normalise_email

LIFETIME = {
    LinkPurpose.INVITATION: timedelta(days=7),
    LinkPurpose.RESET: timedelta(hours=1),
    LinkPurpose.SETUP: timedelta(hours=1),
}
TOKEN_MAX = 128
EMAILED = {LinkPurpose.INVITATION: Template.INVITATION, LinkPurpose.RESET: Template.PASSWORD_RESET}


@dataclass(frozen=True, slots=True)
class Issued:
    link: AccountLink
    token: str
    salt: str


async def issue(
    uow: UnitOfWork, user: User, purpose: LinkPurpose, *, inviter_name: str | None = None
) -> Issued:
    """A new link for `user`, replacing their open ones of any kind; emailed (through the
    outbox) unless it is the setup link, whose token the caller shows."""
    conn = uow.conn
    now = utcnow()
    await AccountLink.filter(user_id=user.id, used_at__isnull=True).using_db(conn).delete()
    salt = new_token_salt()
    token = account_link_token(salt)
    expires_at = now + LIFETIME[purpose]
    link = await AccountLink.create(
        token_hash=account_link_lookup(token),
        user_id=user.id,
        purpose=purpose,
        created_at=now,
        expires_at=expires_at,
        using_db=conn,
    )
    template = EMAILED.get(purpose)
    if template is not None:
        uow.queued_email = True
        await enqueue_account_email(
            conn,
            user=user,
            template=template,
            salt=salt,
            expires_at=expires_at,
            inviter_name=inviter_name,
        )
    return Issued(link=link, token=token, salt=salt)


@dataclass(frozen=True, slots=True)
class LinkFacts:
    """What the page of a valid link shows."""

    purpose: LinkPurpose
    email: str
    display_name: str
    locale: Locale


async def _valid(token: str, conn: BaseDBAsyncClient | None = None) -> tuple[AccountLink, User]:
    if not token or len(token) > TOKEN_MAX:
        raise LinkInvalid()
    # Single use rests on the conditional UPDATE in `use`, not on a lock.
    query = AccountLink.filter(token_hash=account_link_lookup(token)).select_related("user")
    link = await query.using_db(conn).first()
    if link is None or not link.user.is_active:
        raise LinkInvalid()
    if link.used_at is not None:
        raise LinkUsed()
    if link.expires_at <= utcnow():
        raise LinkExpired()
    return link, link.user


async def inspect(token: str) -> LinkFacts:
    link, user = await _valid(token)
    return LinkFacts(
        purpose=link.purpose, email=user.email, display_name=user.display_name, locale=user.locale
    )


async def use(
    token: str,
    *,
    password: str,
    locale: Locale | None,
    passwords: Passwords,
    session_ttl_hours: int,
) -> LoggedIn:
    """Set the password (and language) the link allows, once; every other session of the
    person ends, and a new one starts here."""
    password_policy.check(password)
    password_hash = await passwords.hash(password)  # before the transaction: it is slow
    async with unit_of_work() as uow:
        conn = uow.conn
        link, user = await _valid(token, conn)
        updated = (
            await AccountLink.filter(id=link.id, used_at__isnull=True)
            .using_db(conn)
            .update(used_at=utcnow())
        )
        if updated != 1:
            raise LinkUsed()
        user.password_hash = password_hash
        fields = ["password_hash"]
        if locale is not None:
            user.locale = locale
            fields.append("locale")
        await user.save(update_fields=fields, using_db=conn)
        await close_all_sessions(user.id, using_db=conn)
    session = await open_session(user.id, ttl_hours=session_ttl_hours)
    principal: Principal = await principal_for_user(user)
    return LoggedIn(principal=principal, session_token=session)


async def request_reset(email: str) -> None:
    """ "Forgot your password?": a reset link by email when the address is an active
    person's, nothing otherwise; the caller answers the same either way. A person still
    invited gets a new invitation instead (their first password)."""
    address = normalise_email(email)
    if not address or len(address) > 254:
        return
    async with unit_of_work() as uow:
        user = await User.filter(email=address, is_active=True).using_db(uow.conn).first()
        if user is None:
            return
        purpose = LinkPurpose.INVITATION if not user.password_hash else LinkPurpose.RESET
        await issue(uow, user, purpose)
