from __future__ import annotations

import strawberry

from domain.triage_aid import service
from graphql_schema.context import Info
from graphql_schema.enums import Priority
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.permissions import ADMIN, MANAGER, principal_of
from graphql_schema.triage_aid.types import TriageAidInput, TriageAidType


@strawberry.mutation(
    permission_classes=MANAGER,
    description="Acknowledge a new item with the triage aid's answers (positions of the "
    "chosen answers, from the first question on). `priority`: the one settled on; the "
    "proposal's when left out. A reportable concern starts its legal clocks.",
)
async def acknowledge_with_triage(
    info: Info,
    id: strawberry.ID,
    answers: list[int],
    priority: Priority | None = None,
    expected_version: int | None = None,
) -> ItemType:
    principal = await principal_of(info)
    triaged = await service.acknowledge_with_aid(
        principal,
        item_id(id),
        answers=answers,
        priority=priority,
        calendar=info.context.services.calendar,
        expected_version=expected_version,
    )
    return await ItemType.shown_to(principal, triaged.item)


@strawberry.mutation(
    permission_classes=ADMIN,
    description="Reword the triage aid (admins). The whole tree is checked before it is "
    "kept; every change is in the admin log.",
)
async def save_triage_aid(info: Info, tree: TriageAidInput) -> TriageAidType:
    principal = await principal_of(info)
    return TriageAidType.of(await service.save_tree(principal, tree.document()))


@strawberry.mutation(
    permission_classes=ADMIN, description="Back to the triage aid Mopper ships with (admins)."
)
async def reset_triage_aid(info: Info) -> TriageAidType:
    principal = await principal_of(info)
    return TriageAidType.of(await service.reset_tree(principal))
