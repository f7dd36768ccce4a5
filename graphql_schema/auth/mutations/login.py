from __future__ import annotations

import strawberry

from domain.auth import service
from graphql_schema.context import Info
from graphql_schema.org.types import Me


@strawberry.mutation(description="Log in with email and password; sets the session cookie.")
async def login(info: Info, email: str, password: str) -> Me:
    services = info.context.services
    logged_in = await service.login(
        email=email,
        password=password,
        client=info.context.client_address,
        passwords=services.passwords,
        throttles=services.throttles,
        session_ttl_hours=services.settings.session_ttl_hours,
        password_login=services.settings.password_login,
    )
    settings = services.settings
    info.context.response.set_cookie(
        settings.session_cookie, logged_in.session_token, **settings.session_cookie_attributes
    )
    info.context.forget_principal(logged_in.principal)
    return Me.of(logged_in.principal)
