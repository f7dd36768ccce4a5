from __future__ import annotations

import strawberry

from domain.auth import service
from graphql_schema.auth.cookies import start_session
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
    start_session(info, logged_in)
    return Me.of(logged_in.principal)
