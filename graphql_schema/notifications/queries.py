from __future__ import annotations

import strawberry

from domain.notifications import inbox, preferences
from graphql_schema.context import Info
from graphql_schema.notifications.types import EmailPreference, NotificationMenu, NotificationType
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.type
class NotificationQueries:
    @strawberry.field(
        permission_classes=LOGGED_IN,
        description="What is new for me: my newest notifications (at most 50) and how "
        "many are unread.",
    )
    async def notifications(
        self, info: Info, first: int = 20, unread_only: bool = False
    ) -> NotificationMenu:
        principal = await principal_of(info)
        entries = await inbox.latest(principal.user_id, limit=first, unread_only=unread_only)
        return NotificationMenu(
            unread_count=await inbox.unread_count(principal.user_id),
            entries=[NotificationType.of(e) for e in entries],
        )

    @strawberry.field(
        permission_classes=LOGGED_IN,
        description="Each kind of email I can get, and how it reaches me.",
    )
    async def email_preferences(self, info: Info) -> list[EmailPreference]:
        principal = await principal_of(info)
        choices = await preferences.choices_of(principal.user_id, is_manager=principal.is_manager)
        return [
            EmailPreference(kind=kind, delivery=delivery, is_default=default)
            for kind, delivery, default in choices
        ]
