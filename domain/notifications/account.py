"""Emails about a person's account (an invitation, a password reset), written into the
outbox inside the caller's transaction like every other email.

The row carries the link's random salt, never its token: the worker recomputes the token
with the server secret when it writes the email (`domain/crypto.account_link_token`).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.clock import utcnow
from domain.notifications.enums import Channel, RecipientKind, Template
from domain.notifications.models import Notification
from domain.notifications.outbox import mail_domain
from domain.org.models import User


async def enqueue_account_email(
    conn: BaseDBAsyncClient,
    *,
    user: User,
    template: Template,
    salt: str,
    expires_at: datetime,
    inviter_name: str | None = None,
) -> Notification:
    now = utcnow()
    own = uuid.uuid4().hex
    return await Notification.create(
        created_at=now,
        item_id=None,
        event_id=None,
        channel=Channel.EMAIL,
        recipient_kind=RecipientKind.EMPLOYEE,
        recipient_user_id=user.id,
        recipient_address=user.email,
        locale=user.locale,
        template=template,
        payload={
            "salt": salt,
            "name": user.display_name,
            "inviter_name": inviter_name,
            "expires_at": expires_at.isoformat(),
        },
        next_attempt_at=now,
        message_id=f"<{own}@{mail_domain()}>",
        thread_id=f"<account-{own}@{mail_domain()}>",
        using_db=conn,
    )
