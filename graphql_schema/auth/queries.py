from __future__ import annotations

import strawberry

from domain.auth import links
from domain.auth.models import LinkPurpose
from domain.org.people import has_active_admin
from graphql_schema.enums import Locale
from graphql_schema.people import types as _people_types  # noqa: F401 - registers the enums


@strawberry.type(description="A password link that can be used, and whose it is.")
class AccountLinkInfo:
    purpose: LinkPurpose
    email: str
    display_name: str
    locale: Locale


@strawberry.type
class AuthQueries:
    @strawberry.field(
        description="Whether a password link (invitation, reset) can be used: its "
        "person, or LINK_INVALID, LINK_EXPIRED or LINK_USED."
    )
    async def account_link(self, token: str) -> AccountLinkInfo:
        facts = await links.inspect(token)
        return AccountLinkInfo(
            purpose=facts.purpose,
            email=facts.email,
            display_name=facts.display_name,
            locale=facts.locale,
        )

    @strawberry.field(
        description="True while nobody can sign in: no active admin yet (the login page "
        "says how to create one)."
    )
    async def setup_needed(self) -> bool:
        return not await has_active_admin()
