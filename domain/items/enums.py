from __future__ import annotations

from enum import IntEnum, StrEnum


class ItemKind(StrEnum):
    GRIEVANCE = "GRIEVANCE"
    CUSTOMER_ISSUE = "CUSTOMER_ISSUE"


class Status(StrEnum):
    NEW = "NEW"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    IN_PROGRESS = "IN_PROGRESS"
    WAITING_FOR_INFO = "WAITING_FOR_INFO"
    RESOLVED = "RESOLVED"
    DECLINED = "DECLINED"
    CLOSED = "CLOSED"


OPEN_STATUSES = frozenset(
    {Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING_FOR_INFO}
)


class Priority(IntEnum):
    """Stored as a number so that the board can sort by it."""

    LOW = 1
    NORMAL = 2
    HIGH = 3
    URGENT = 4


class Visibility(StrEnum):
    """Who may see an event: each level includes the ones above it."""

    INTERNAL = "INTERNAL"  # managers and admins
    SUBMITTER = "SUBMITTER"  # ... and the employee or anonymous submitter
    PUBLIC = "PUBLIC"  # ... and the customer

    def visible_to(self, audience: Visibility) -> bool:
        """Whether an event of this visibility reaches a viewer of the given audience."""
        return _RANK[self] >= _RANK[audience]


_RANK = {Visibility.INTERNAL: 0, Visibility.SUBMITTER: 1, Visibility.PUBLIC: 2}


class EventType(StrEnum):
    SUBMITTED = "SUBMITTED"
    ACKNOWLEDGED = "ACKNOWLEDGED"
    ASSIGNED = "ASSIGNED"
    PRIORITY_CHANGED = "PRIORITY_CHANGED"
    STATUS_CHANGED = "STATUS_CHANGED"
    MESSAGE = "MESSAGE"
    CUSTOMER_FEEDBACK = "CUSTOMER_FEEDBACK"  # the customer: solved or not (and why)
    SUBMITTER_FEEDBACK = "SUBMITTER_FEEDBACK"  # the named submitter of a gripe: the same
    TARGET_MISSED = "TARGET_MISSED"
    MERGED = "MERGED"  # this item was merged into another (data: into_id, into_reference)
    MERGED_IN = "MERGED_IN"  # another item was merged into this one (data: from_...)


class ActorKind(StrEnum):
    USER = "USER"  # a logged-in person, named on the timeline
    SUBMITTER = "SUBMITTER"  # the anonymous submitter, holding the receipt code
    CUSTOMER = "CUSTOMER"  # the customer, through the status-page link
    SYSTEM = "SYSTEM"
