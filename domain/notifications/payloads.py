"""What a notification carries: plain JSON data, cut to what its recipient may read.

Workers render emails from this alone (plus the item id for links); they never see ORM
objects. A message travels only to recipients its visibility reaches; customers are
never told the names of staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from domain.items.enums import EventType, ItemKind, Priority, Status, Visibility
from domain.notifications.enums import RecipientKind
from domain.notifications.rules import Recipient


@dataclass(frozen=True, slots=True)
class ItemFacts:
    item_id: int
    reference: str
    kind: ItemKind
    title: str
    status: Status
    priority: Priority
    team_name: str
    category_en: str
    category_nl: str
    submitter_first_name: str | None
    acknowledge_due_at: datetime | None
    resolve_due_at: datetime | None


@dataclass(frozen=True, slots=True)
class EventFacts:
    type: EventType
    visibility: Visibility
    actor_name: str | None
    from_status: Status | None
    to_status: Status | None
    message: str | None
    # The event's data; only the keys in _SHARED_DETAILS travel (never a staff name).
    details: Mapping[str, object] = field(default_factory=dict)


# What a template needs to say beyond the status: the customer's or submitter's answer
# ("solved"), for a missed target which one it was, when it was due, and whether this is
# the escalation to the lead, and for a reply by email how many attachments were left out.
# For a merge, the item it went into.
_SHARED_DETAILS = (
    "solved",
    "target",
    "due_at",
    "escalated",
    "attachments_left_out",
    "into_id",
    "into_reference",
    "into_title",
)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def payload_for(item: ItemFacts, event: EventFacts, recipient: Recipient) -> dict[str, object]:
    is_customer = recipient.kind is RecipientKind.CUSTOMER
    message_visible = event.visibility.visible_to(recipient.audience)
    return {
        "item_id": item.item_id,
        "reference": item.reference,
        "kind": item.kind.value,
        "title": item.title,
        "status": item.status.value,
        "priority": item.priority.name,
        "team": item.team_name,
        "category": {"en": item.category_en, "nl": item.category_nl},
        "event": event.type.value,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value if event.to_status else None,
        "message": event.message if message_visible else None,
        # Who the step was shown to: a question PUBLIC on a relayed problem is the customer's.
        "visibility": event.visibility.value,
        "actor_name": None if is_customer else event.actor_name,
        "employee_first_name": item.submitter_first_name if is_customer else None,
        "acknowledge_due_at": _iso(item.acknowledge_due_at),
        "resolve_due_at": _iso(item.resolve_due_at),
        **{key: event.details.get(key) for key in _SHARED_DETAILS},
    }
