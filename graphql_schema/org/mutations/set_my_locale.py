from __future__ import annotations

import dataclasses

import strawberry

from domain.org import service as org
from graphql_schema.context import Info
from graphql_schema.enums import Locale
from graphql_schema.org.types import Me
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Choose the language Mopper and its emails speak to me in.",
)
async def set_my_locale(info: Info, locale: Locale) -> Me:
    principal = await principal_of(info)
    await org.set_locale(principal.user_id, locale)
    updated = dataclasses.replace(principal, locale=locale)
    info.context.forget_principal(updated)
    return Me.of(updated)
