"""A page of cards costs the same few SQL statements whether it holds 10 cards or 50:
every related field (assignee, team, category, message count) is batched or joined."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from domain.items import conversation, triage
from domain.items.enums import Visibility
from domain.logs import counting_sql_statements
from domain.org.models import User
from tests.support.api import client
from tests.support.domain import gripe
from tests.support.org import Org

CARD = """
  id reference title status priority targetState messageCount createdAt
  assignee { id displayName } team { id name } category { id nameEn team { name } }
"""
BOARD = (
    "query Board($first: Int!) { board(first: $first) "
    "{ totalCount edges { cursor node { " + CARD + " } } pageInfo { hasNextPage } } }"
)
MY_ITEMS = (
    "query Mine($first: Int!) { myItems(first: $first) "
    "{ totalCount edges { cursor node { " + CARD + " } } pageInfo { hasNextPage } } }"
)
MOST_STATEMENTS = 3  # the session with its teams, the page (joined, counts included), the total


@pytest.fixture
async def busy_org(org: Org) -> Org:
    """55 gripes to Facilities, mostly Alice's, half of them assigned, some talked about."""
    mia = await org.principal(org.mia)
    for n in range(55):
        made = await gripe(
            org,
            org.bob if n % 11 == 0 else org.alice,
            category=org.kitchen if n % 2 else org.building,
            title=f"Gripe number {n}",
        )
        if n % 2:
            await triage.acknowledge(mia, made.item.id)
            await triage.assign(
                mia, made.item.id, assignee_id=(org.mia if n % 4 == 1 else org.lou).id
            )
        if n % 3 == 0:
            await conversation.post_message(
                mia, made.item.id, body="Looking into it.", visibility=Visibility.SUBMITTER
            )
    return org


async def statements_for(app: Starlette, user: User, query: str, field: str, first: int) -> int:
    async with client(app, user) as person:
        with counting_sql_statements() as statements:
            data = await person.ok(query, {"first": first})
    assert len(data[field]["edges"]) == first
    assert any('FROM "items"' in sql for sql in statements), "the counter must see the page"
    return len(statements)


async def test_a_board_page_costs_the_same_for_10_and_50_cards(
    busy_org: Org, app: Starlette
) -> None:
    ten = await statements_for(app, busy_org.mia, BOARD, "board", 10)
    fifty = await statements_for(app, busy_org.mia, BOARD, "board", 50)
    assert ten == fifty <= MOST_STATEMENTS


async def test_my_items_costs_the_same_for_10_and_50_cards(busy_org: Org, app: Starlette) -> None:
    ten = await statements_for(app, busy_org.alice, MY_ITEMS, "myItems", 10)
    fifty = await statements_for(app, busy_org.alice, MY_ITEMS, "myItems", 50)
    assert ten == fifty <= MOST_STATEMENTS


async def test_the_cards_are_filled_in(busy_org: Org, app: Starlette) -> None:
    """The batching must not lose anything: every card carries its related data."""
    async with client(app, busy_org.mia) as mia:
        page = (await mia.ok(BOARD, {"first": 50}))["board"]
    cards = [edge["node"] for edge in page["edges"]]
    assert page["totalCount"] == 55 and page["pageInfo"]["hasNextPage"]
    assert {card["team"]["name"] for card in cards} == {"Facilities"}
    assert {card["category"]["nameEn"] for card in cards} == {"Building", "Coffee & kitchen"}
    assert {card["category"]["team"]["name"] for card in cards} == {"Facilities"}
    assigned = {card["assignee"]["displayName"] for card in cards if card["assignee"]}
    assert assigned == {"Mia Manager", "Lou Lead"}
    assert any(card["assignee"] is None for card in cards)
    assert {card["messageCount"] for card in cards} == {0, 1}
    assert all(card["targetState"] for card in cards)
