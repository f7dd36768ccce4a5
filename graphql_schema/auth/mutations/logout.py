from __future__ import annotations

import strawberry

from domain.auth import service
from graphql_schema.context import Info


@strawberry.mutation(description="End this session, here and on the server.")
async def logout(info: Info) -> bool:
    await service.logout(info.context.session_token)
    settings = info.context.services.settings
    info.context.response.delete_cookie(
        settings.session_cookie,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    info.context.forget_principal(None)
    return True
