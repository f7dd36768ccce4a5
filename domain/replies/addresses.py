"""Reply addresses: one per email thread (an item and one recipient), given out with
every email to a person and found again when a reply comes back.

The address is `reply+<token>@<reply domain>`. Only the local part identifies the
thread; the domain is there for the organisation's mail server to route replies to the
inbound service, which may see it rewritten on the way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.crypto import new_token_salt, reply_token, reply_token_lookup
from domain.notifications.enums import RecipientKind
from domain.replies.models import ReplyAddress

LOCAL_PART_PREFIX = "reply+"
_LOCAL_PART = re.compile(r"reply\+([a-z2-7]{32})")


@dataclass(frozen=True, slots=True)
class Thread:
    """Who an email goes to, about which item: the owner of a reply address."""

    thread_id: str
    item_id: int
    recipient_kind: RecipientKind
    recipient_user_id: int | None


def reply_address(token: str, domain: str) -> str:
    return f"{LOCAL_PART_PREFIX}{token}@{domain}"


def token_in(address: str) -> str | None:
    """The token of a reply address, or None when `address` is not one of ours."""
    local_part = address.strip().rpartition("@")[0].lower()
    found = _LOCAL_PART.fullmatch(local_part)
    return found.group(1) if found else None


async def issue(threads: Sequence[Thread], *, now: datetime, lifetime: timedelta) -> dict[str, str]:
    """The reply token of each thread (by thread id), made on its first email. Every
    address given out works for `lifetime` from now. Three statements for a batch."""
    wanted = {t.thread_id: t for t in threads}
    if not wanted:
        return {}
    found = await _salts(list(wanted))
    missing = [t for thread_id, t in wanted.items() if thread_id not in found]
    if missing:
        # Another worker may make the same thread's address at the same moment: the
        # unique thread id keeps one, and both read it back.
        await ReplyAddress.bulk_create(
            [_new_address(t, now + lifetime) for t in missing], ignore_conflicts=True
        )
        found |= await _salts([t.thread_id for t in missing])
    await ReplyAddress.filter(thread_id__in=list(found)).update(expires_at=now + lifetime)
    return {thread_id: reply_token(salt) for thread_id, salt in found.items()}


async def _salts(thread_ids: list[str]) -> dict[str, str]:
    rows = await ReplyAddress.filter(thread_id__in=thread_ids).values_list(
        "thread_id", "token_salt"
    )
    return {str(thread_id): str(salt) for thread_id, salt in rows}


def _new_address(thread: Thread, expires_at: datetime) -> ReplyAddress:
    salt = new_token_salt()
    return ReplyAddress(
        thread_id=thread.thread_id,
        item_id=thread.item_id,
        recipient_kind=thread.recipient_kind,
        recipient_user_id=thread.recipient_user_id,
        token_salt=salt,
        token_lookup=reply_token_lookup(reply_token(salt)),
        expires_at=expires_at,
    )


async def find(token: str) -> ReplyAddress | None:
    return await ReplyAddress.get_or_none(token_lookup=reply_token_lookup(token))
