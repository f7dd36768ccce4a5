"""The admin log: every admin action, who took it, on what, the state before and after,
and when. Append-only (the database refuses changes, migration 0007).

`record` is called inside the transaction of the change it describes, so that a change
and its entry are written together or not at all:

    async with in_transaction() as conn:
        ... the change, with using_db=conn ...
        await admin_log.record(actor, "team.renamed", "team", team.id,
                               before={"name": old}, after={"name": new}, using_db=conn)

Nothing about items goes in here: the log is about people, teams, categories and
settings (and so never about an anonymous item).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.org.models import AdminLogEntry

COMMAND_LINE = "command line"


class SubjectKind(StrEnum):
    """What an admin action is about. Items are not among them, on purpose."""

    PERSON = "person"
    TEAM = "team"
    CATEGORY = "category"
    WORKING_HOURS = "working_hours"
    GROUP_MAPPING = "group_mapping"
    SETTINGS = "settings"


class Action(StrEnum):
    """The actions this package writes; other packages may write their own names
    (`<subject>.<verb>`, at most 48 characters)."""

    ADMIN_CREATED = "person.admin_created"  # `server.admin create-admin`
    INVITED = "person.invited"
    INVITATION_RESENT = "person.invitation_resent"
    IMPORTED = "person.imported"
    CHANGED = "person.changed"  # role, teams, name or language
    DEACTIVATED = "person.deactivated"
    REACTIVATED = "person.reactivated"
    EXPORTED = "people.exported"


async def record(
    actor: Principal | None,
    action: str,
    subject_kind: str,
    subject_id: int | str | None,
    before: Mapping[str, object],
    after: Mapping[str, object],
    *,
    using_db: BaseDBAsyncClient | None = None,
) -> AdminLogEntry:
    """Append one entry. `actor` None: the command line. `before`/`after` hold plain
    JSON values (no passwords, tokens or item content)."""
    if subject_kind not in SubjectKind.__members__.values():
        raise ValueError(f"the admin log is not about {subject_kind!r}")
    if len(action) > 48:
        raise ValueError("an admin action's name has at most 48 characters")
    return await AdminLogEntry.create(
        at=utcnow(),
        actor_id=actor.user_id if actor else None,
        actor_name=actor.display_name if actor else COMMAND_LINE,
        action=action,
        subject_kind=str(subject_kind),
        subject_id=None if subject_id is None else str(subject_id),
        before=dict(before),
        after=dict(after),
        using_db=using_db,
    )


@dataclass(frozen=True, slots=True)
class LogFilter:
    action: str | None = None
    actor_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


async def entries(where: LogFilter, *, offset: int, limit: int) -> tuple[list[AdminLogEntry], int]:
    """A page of the log, newest first, and how many entries match in all."""
    query = AdminLogEntry.all()
    if where.action:
        query = query.filter(action=where.action)
    if where.actor_id is not None:
        query = query.filter(actor_id=where.actor_id)
    if where.since is not None:
        query = query.filter(at__gte=where.since)
    if where.until is not None:
        query = query.filter(at__lt=where.until)
    total = await query.count()
    rows = await query.order_by("-at", "-id").offset(offset).limit(limit)
    return rows, total
