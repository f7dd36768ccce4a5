"""The triage aid's flows: read and save the tree, acknowledge an item with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.errors import Forbidden, ValidationFailed
from domain.items import triage
from domain.items.actors import Actor
from domain.items.changes import change_status, item_for_change, record_status_change
from domain.items.enums import Priority, Status
from domain.items.models import Item
from domain.items.targets import BusinessCalendar
from domain.items.transitions import Mover
from domain.org import admin_log
from domain.triage_aid import concerns
from domain.triage_aid.default_tree import DEFAULT_TREE
from domain.triage_aid.models import TriageDecision, TriageTreeVersion
from domain.triage_aid.tree import Outcome, Proposal, Tree, follow, parse, to_document
from domain.unit_of_work import unit_of_work

TREE_SAVED = "settings.triage_tree_saved"
MAX_ANSWERS = 20


@dataclass(frozen=True, slots=True)
class CurrentTree:
    tree: Tree
    version_id: int | None  # None: the tree Mopper ships with


async def current_tree(conn: BaseDBAsyncClient | None = None) -> CurrentTree:
    saved = await TriageTreeVersion.all().using_db(conn).order_by("-id").first()
    if saved is None:
        return CurrentTree(tree=parse(DEFAULT_TREE), version_id=None)
    return CurrentTree(tree=parse(saved.document), version_id=saved.id)


async def save_tree(principal: Principal, document: object) -> CurrentTree:
    """Admins reword the tree; the whole document is checked before anything is kept."""
    if not principal.is_admin:
        raise Forbidden("Only admins may change the triage aid.")
    tree = parse(document)
    async with in_transaction() as conn:
        before = await current_tree(conn)
        kept = to_document(tree)
        saved = await TriageTreeVersion.create(
            document=kept, saved_by_id=principal.user_id, saved_at=utcnow(), using_db=conn
        )
        await admin_log.record(
            principal,
            TREE_SAVED,
            admin_log.SubjectKind.SETTINGS,
            "triage_tree",
            before={"version": before.version_id},
            after={"version": saved.id},
            using_db=conn,
        )
    return CurrentTree(tree=tree, version_id=saved.id)


async def reset_tree(principal: Principal) -> CurrentTree:
    """Back to the wording Mopper ships with (kept as a new version, like any change)."""
    return await save_tree(principal, DEFAULT_TREE)


@dataclass(frozen=True, slots=True)
class Triaged:
    item: Item
    outcome: Outcome
    proposal: Proposal


async def acknowledge_with_aid(
    principal: Principal,
    item_id: int,
    *,
    answers: Sequence[int],
    priority: Priority | None = None,
    calendar: BusinessCalendar,
    expected_version: int | None = None,
) -> Triaged:
    """Acknowledge a NEW item with the tree's answers, in one transaction: the priority
    the manager settled on (the proposal's when not given), the decision, and for a
    reportable concern its legal clocks."""
    if len(answers) > MAX_ANSWERS:
        raise ValidationFailed({"answers": "More answers than questions."})
    async with unit_of_work() as uow:
        current = await current_tree(uow.conn)
        reached = follow(current.tree, answers)
        if reached.outcome is None or reached.proposal is None:
            raise ValidationFailed({"answers": "Answer every question of the triage aid."})
        item = await item_for_change(uow, principal, item_id, expected_version)
        chosen = priority or reached.proposal.priority
        if chosen is not item.priority and item.status is Status.NEW:
            await triage.reprioritise(uow, principal, item, chosen, calendar)
        change = await change_status(uow, item, Status.ACKNOWLEDGED, mover=Mover.MANAGER)
        now = utcnow()
        await TriageDecision.create(
            item_id=item.id,
            outcome=reached.outcome,
            answers=list(answers),
            tree_version_id=current.version_id,
            decided_at=now,
            using_db=uow.conn,
        )
        if reached.outcome is Outcome.CONCERN:
            await concerns.mark(uow.conn, item, now=now, acknowledged_at=item.acknowledged_at)
        await record_status_change(
            uow, item, change, actor=Actor.person(principal), data={"triage": reached.outcome.value}
        )
    return Triaged(item=item, outcome=reached.outcome, proposal=reached.proposal)
