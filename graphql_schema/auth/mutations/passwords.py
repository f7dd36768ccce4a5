"""Setting a password through a link (invitation, reset), asking for a reset link, and
changing one's own password."""

from __future__ import annotations

import strawberry

from domain.auth import links, service
from domain.errors import PasswordLoginOff
from graphql_schema.auth.cookies import start_session
from graphql_schema.context import Info
from graphql_schema.enums import Locale
from graphql_schema.org.types import Me
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    description="Set my password (and language) with the token of an invitation or reset "
    "link; signs me in here and out everywhere else. LINK_INVALID, LINK_EXPIRED or "
    "LINK_USED when the link cannot be used."
)
async def set_password_with_link(
    info: Info, token: str, password: str, locale: Locale | None = None
) -> Me:
    services = info.context.services
    if not services.settings.password_login:
        raise PasswordLoginOff()
    logged_in = await links.use(
        token,
        password=password,
        locale=locale,
        passwords=services.passwords,
        session_ttl_hours=services.settings.session_ttl_hours,
    )
    start_session(info, logged_in)
    return Me.of(logged_in.principal)


@strawberry.mutation(
    description='"Forgot your password?": emails a reset link (valid 1 hour) when the '
    "address is a person's. Always true: the answer never says whether it is."
)
async def request_password_reset(info: Info, email: str) -> bool:
    if not info.context.services.settings.password_login:
        raise PasswordLoginOff()
    await info.context.services.throttles.password_reset(
        account=email, client=info.context.client_address
    )
    await links.request_reset(email)
    return True


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Change my password; my other sessions end, this one stays.",
)
async def change_my_password(info: Info, current_password: str, new_password: str) -> bool:
    if not info.context.services.settings.password_login:
        raise PasswordLoginOff()
    await service.change_password(
        await principal_of(info),
        current=current_password,
        new=new_password,
        session_token=info.context.session_token,
        passwords=info.context.services.passwords,
    )
    return True
