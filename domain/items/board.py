"""The resolution board: the items a manager may triage, filtered, sorted and paged.

A page costs a fixed number of queries whatever its size: one for the cards (team,
category, people and message counts joined in, `cards.py`) and one for the total.
The total is counted no further than COUNT_LIMIT (or the end of the page, when that is
further), so that a page costs the same on a board of 1,000 items as on one of
100,000: beyond it the board says "10,000+".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.db import count_up_to
from domain.items.cards import Card, cards
from domain.items.enums import OPEN_STATUSES, ItemKind, Status
from domain.items.models import Item
from domain.validation import Checker

MAX_PAGE = 100
COUNT_LIMIT = 10_000
TEXT_MAX = 100


class BoardSort(StrEnum):
    PRIORITY = "PRIORITY"  # most urgent first, then oldest
    OLDEST = "OLDEST"
    NEWEST = "NEWEST"
    TARGET = "TARGET"  # the soonest resolve-by first
    ME_TOO = "ME_TOO"  # the most "me too"s first, then oldest


_ORDER = {
    BoardSort.PRIORITY: ("-priority", "created_at", "id"),
    BoardSort.OLDEST: ("created_at", "id"),
    BoardSort.NEWEST: ("-created_at", "-id"),
    BoardSort.TARGET: ("resolve_due_at", "id"),
    BoardSort.ME_TOO: ("-me_too_count", "created_at", "id"),
}


@dataclass(frozen=True, slots=True)
class BoardFilter:
    statuses: tuple[Status, ...] = ()
    team_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    kinds: tuple[ItemKind, ...] = ()
    assignee_ids: tuple[int, ...] = ()
    unassigned: bool = False
    overdue: bool | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class BoardPage:
    cards: list[Card]
    total: int  # exact when total_is_exact, else a lower bound
    total_is_exact: bool
    offset: int
    limit: int


def overdue_condition(now: datetime) -> Q:
    """Late to be acknowledged, or late to be resolved."""
    return Q(status=Status.NEW, acknowledge_due_at__lt=now) | Q(
        status__in=list(OPEN_STATUSES), resolve_due_at__lt=now
    )


def board_query(principal: Principal, board_filter: BoardFilter) -> QuerySet[Item]:
    check = Checker()
    text = (
        check.single_line("text", board_filter.text, max_length=TEXT_MAX, required=False)
        if board_filter.text
        else ""
    )
    check.done()
    query = Item.filter(filed=True)  # anonymous gripes appear once filed
    if not principal.is_admin:
        query = query.filter(team_id__in=list(principal.team_ids))
    f = board_filter
    if f.statuses:
        query = query.filter(status__in=list(f.statuses))
    if f.team_ids:
        query = query.filter(team_id__in=list(f.team_ids))
    if f.category_ids:
        query = query.filter(category_id__in=list(f.category_ids))
    if f.kinds:
        query = query.filter(kind__in=list(f.kinds))
    if f.assignee_ids and f.unassigned:
        query = query.filter(Q(assignee_id__in=list(f.assignee_ids)) | Q(assignee_id=None))
    elif f.assignee_ids:
        query = query.filter(assignee_id__in=list(f.assignee_ids))
    elif f.unassigned:
        query = query.filter(assignee_id=None)
    if f.overdue is True:
        query = query.filter(overdue_condition(utcnow()))
    elif f.overdue is False:
        query = query.exclude(overdue_condition(utcnow()))
    if text:
        query = query.filter(Q(title__icontains=text) | Q(body__icontains=text))
    return query


async def board_page(
    principal: Principal,
    board_filter: BoardFilter,
    *,
    sort: BoardSort,
    offset: int,
    limit: int,
) -> BoardPage:
    """One page of the board. Only managers (of their teams) and admins get here."""
    limit = max(0, min(limit, MAX_PAGE))
    offset = max(0, offset)
    query = board_query(principal, board_filter)
    page = await cards(query, order=_ORDER[sort], offset=offset, limit=limit)
    # Counting one row past the bound tells whether there are more than the bound.
    bound = max(COUNT_LIMIT, offset + limit)
    counted = await count_up_to(query, bound + 1)
    return BoardPage(
        cards=page,
        total=min(counted, bound),
        total_is_exact=counted <= bound,
        offset=offset,
        limit=limit,
    )
