"""The resolution board: filters, sorting and paging through the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from starlette.applications import Starlette

from domain.clock import utcnow
from domain.items import board
from domain.items.enums import Priority
from domain.items.models import Item
from tests.support.api import GraphQLClient, client
from tests.support.domain import gripe, relay
from tests.support.org import Org

BOARD = """query($filter: BoardFilterInput, $sort: BoardSort!, $first: Int, $after: String) {
  board(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount totalCountIsExact
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { title priority kind targetState team { name } category { nameEn }
                          assignee { displayName } } }
  }
}"""


async def titles(api: GraphQLClient, **variables: Any) -> list[str]:
    data = await api.ok(BOARD, {"sort": "PRIORITY", **variables})
    return [edge["node"]["title"] for edge in data["board"]["edges"]]


async def test_a_manager_sees_only_their_teams_and_the_admin_sees_all(
    org: Org, app: Starlette
) -> None:
    await gripe(org, org.alice, title="Leaky tap", category=org.kitchen)
    await relay(org, org.bob)
    async with client(app, org.mia) as mia, client(app, org.ada) as ada:
        assert await titles(mia) == ["Leaky tap"]
        assert sorted(await titles(ada)) == ["Internet drops every evening", "Leaky tap"]


async def test_filters_narrow_the_board(org: Org, app: Starlette) -> None:
    tap = (await gripe(org, org.alice, title="Leaky tap", category=org.kitchen)).item
    await gripe(org, org.bob, title="Broken window", category=org.building, anonymous=True)
    await relay(org, org.bob)
    await Item.filter(id=tap.id).update(assignee_id=org.mia.id)
    # The window should have been acknowledged an hour ago.
    await Item.filter(title="Broken window").update(
        acknowledge_due_at=utcnow() - timedelta(hours=1)
    )

    async with client(app, org.ada) as ada:
        assert await titles(ada, filter={"kinds": ["CUSTOMER_ISSUE"]}) == [
            "Internet drops every evening"
        ]
        assert await titles(ada, filter={"categoryIds": [str(org.building.id)]}) == [
            "Broken window"
        ]
        assert await titles(ada, filter={"teamIds": [str(org.care.id)]}) == [
            "Internet drops every evening"
        ]
        assert await titles(ada, filter={"assigneeIds": [str(org.mia.id)]}) == ["Leaky tap"]
        assert sorted(await titles(ada, filter={"unassigned": True})) == [
            "Broken window",
            "Internet drops every evening",
        ]
        assert await titles(ada, filter={"overdue": True}) == ["Broken window"]
        assert await titles(ada, filter={"text": "WINDOW"}) == ["Broken window"]
        assert await titles(ada, filter={"statuses": ["RESOLVED"]}) == []
        # A team that does not exist matches nothing instead of being ignored (an id
        # that is not written like one is VALIDATION: test_bad_ids.py).
        assert await titles(ada, filter={"teamIds": ["999999"]}) == []
        overdue = await ada.ok(BOARD, {"sort": "PRIORITY", "filter": {"overdue": True}})
    assert overdue["board"]["edges"][0]["node"]["targetState"] == "OVERDUE"


async def test_sorting_and_paging_through_a_large_board(org: Org, app: Starlette) -> None:
    for n in range(25):
        item = (await gripe(org, org.alice, title=f"Gripe {n:02d}")).item
        if n % 5 == 0:
            await Item.filter(id=item.id).update(priority=Priority.URGENT)

    async with client(app, org.mia) as mia:
        seen: list[str] = []
        after = None
        pages = 0
        while True:
            data = (await mia.ok(BOARD, {"sort": "PRIORITY", "first": 10, "after": after}))["board"]
            assert data["totalCount"] == 25
            seen += [edge["node"]["title"] for edge in data["edges"]]
            pages += 1
            if not data["pageInfo"]["hasNextPage"]:
                break
            after = data["pageInfo"]["endCursor"]
        newest_first = await titles(mia, sort="NEWEST", first=3)

    assert pages == 3
    assert len(seen) == len(set(seen)) == 25
    assert seen[:5] == ["Gripe 00", "Gripe 05", "Gripe 10", "Gripe 15", "Gripe 20"]  # urgent
    assert newest_first == ["Gripe 24", "Gripe 23", "Gripe 22"]


async def test_a_huge_board_counts_up_to_a_bound_and_still_pages_to_the_end(
    org: Org, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound is 10,000 items; 12 stand in for them here.
    monkeypatch.setattr(board, "COUNT_LIMIT", 5)
    for n in range(12):
        await gripe(org, org.alice, title=f"Gripe {n:02d}")

    async with client(app, org.mia) as mia:
        pages, after, seen = [], None, 0
        while True:
            data = (await mia.ok(BOARD, {"sort": "OLDEST", "first": 4, "after": after}))["board"]
            pages.append((data["totalCount"], data["totalCountIsExact"]))
            seen += len(data["edges"])
            if not data["pageInfo"]["hasNextPage"]:
                break
            after = data["pageInfo"]["endCursor"]
        few = (await mia.ok(BOARD, {"sort": "OLDEST", "filter": {"text": "Gripe 1"}}))["board"]

    # "5+" on the first page, "8+" once the page itself reaches past the bound, then exact.
    assert pages == [(5, False), (8, False), (12, True)]
    assert seen == 12
    assert (few["totalCount"], few["totalCountIsExact"]) == (2, True)


async def test_asking_for_no_cards_gives_only_the_count(org: Org, app: Starlette) -> None:
    """`first: 0` (a count badge) must not read, or send, the whole board."""
    for n in range(3):
        await gripe(org, org.alice, title=f"Gripe {n}")
    async with client(app, org.mia) as mia:
        data = (await mia.ok(BOARD, {"sort": "PRIORITY", "first": 0}))["board"]
    assert data["edges"] == []
    assert data["totalCount"] == 3 and data["pageInfo"]["hasNextPage"] is True


async def test_bad_paging_arguments_get_clear_errors(org: Org, app: Starlette) -> None:
    async with client(app, org.mia) as mia:
        assert await mia.error_code(BOARD, {"sort": "PRIORITY", "first": 1000}) == "VALIDATION"
        assert (
            await mia.error_code(BOARD, {"sort": "PRIORITY", "after": "nonsense"}) == "VALIDATION"
        )
        long_text = {"text": "x" * 101}
        assert (
            await mia.error_code(BOARD, {"sort": "PRIORITY", "filter": long_text}) == "VALIDATION"
        )


async def test_my_items_lists_only_named_items_newest_first(org: Org, app: Starlette) -> None:
    await gripe(org, org.alice, title="First")
    await gripe(org, org.alice, title="Secret", anonymous=True)
    await relay(org, org.alice)
    await gripe(org, org.bob, title="Bob's")
    async with client(app, org.alice) as alice:
        data = await alice.ok("{ myItems { totalCount edges { node { title kind } } } }")
    assert data["myItems"]["totalCount"] == 2
    assert [e["node"]["title"] for e in data["myItems"]["edges"]] == [
        "Internet drops every evening",
        "First",
    ]
