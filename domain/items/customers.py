"""What a customer can do from the status-page link: answer "solved?", stop emails and
start them again (writing to the team: `conversation.reply_as_customer`)."""

from __future__ import annotations

from domain.clock import utcnow
from domain.items import feedback
from domain.items.models import CustomerContact, Item


async def give_feedback(
    contact: CustomerContact, *, solved: bool, reason: str | None = None
) -> Item:
    """ "Solved" closes a resolved item; "not solved" reopens it and tells the assignee."""
    return await feedback.from_customer(contact, solved=solved, reason=reason)


async def stop_emails(contact: CustomerContact) -> None:
    if contact.unsubscribed_at is None:
        contact.unsubscribed_at = utcnow()
        await contact.save(update_fields=["unsubscribed_at"])


async def resume_emails(contact: CustomerContact) -> None:
    """Undo `stop_emails` from the status page: the next steps that matter are emailed
    again (what happened meanwhile is on the page, not sent after)."""
    if contact.unsubscribed_at is not None:
        contact.unsubscribed_at = None
        await contact.save(update_fields=["unsubscribed_at"])
