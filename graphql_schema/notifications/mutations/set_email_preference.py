from __future__ import annotations

import strawberry

from domain.notifications import preferences
from domain.notifications.enums import Delivery, EmailKind
from graphql_schema.context import Info
from graphql_schema.notifications.types import EmailPreference
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Choose how one kind of email reaches me. Returns all my choices.",
)
async def set_email_preference(
    info: Info, kind: EmailKind, delivery: Delivery
) -> list[EmailPreference]:
    principal = await principal_of(info)
    await preferences.choose(principal.user_id, kind, delivery, is_manager=principal.is_manager)
    choices = await preferences.choices_of(principal.user_id, is_manager=principal.is_manager)
    return [EmailPreference(kind=k, delivery=d, is_default=default) for k, d, default in choices]
