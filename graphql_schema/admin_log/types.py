from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from domain.org.models import AdminLogEntry


@strawberry.type(
    name="AdminLogEntry",
    description="One admin action: who, what, on what, before and after, when.",
)
class AdminLogEntryType:
    id: strawberry.ID
    at: datetime
    actor_id: strawberry.ID | None = strawberry.field(
        description="Who did it; null when it was done on the command line."
    )
    actor_name: str
    action: str = strawberry.field(description='What was done, e.g. "person.invited".')
    subject_kind: str = strawberry.field(description='"person", "team", "category", …')
    subject_id: str | None
    before: JSON
    after: JSON

    @classmethod
    def of(cls, entry: AdminLogEntry) -> AdminLogEntryType:
        return cls(
            id=strawberry.ID(str(entry.id)),
            at=entry.at,
            actor_id=strawberry.ID(str(entry.actor_id)) if entry.actor_id is not None else None,
            actor_name=entry.actor_name,
            action=entry.action,
            subject_kind=entry.subject_kind,
            subject_id=entry.subject_id,
            before=cast(JSON, entry.before),
            after=cast(JSON, entry.after),
        )
