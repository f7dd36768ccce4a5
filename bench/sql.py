"""How many SQL statements a page of cards costs through the API, for 10 and for 50."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from domain.auth.sessions import open_session
from domain.logs import counting_sql_statements
from domain.org.models import User
from domain.settings import get_settings
from server.app import create_app

CARD = """
  id reference title status priority targetState messageCount
  assignee { displayName } team { name } category { nameEn }
"""
PAGE = "totalCount edges { node { " + CARD + " } }"
BOARD = "query Board($first: Int!) { board(first: $first) { " + PAGE + " } }"
MY_ITEMS = "query Mine($first: Int!) { myItems(first: $first) { " + PAGE + " } }"
SIZES = (10, 50)


@dataclass(frozen=True, slots=True)
class PageCost:
    name: str
    statements: dict[int, int]  # page size -> statements

    @property
    def equal(self) -> bool:
        return len(set(self.statements.values())) == 1


async def _statements(user: User, query: str, field: str, first: int) -> int:
    app = create_app(get_settings(), manage_database=False)
    token = await open_session(user.id, ttl_hours=1)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        http.cookies.set(get_settings().session_cookie, token)
        with counting_sql_statements() as statements:
            response = await http.post(
                "/graphql", json={"query": query, "variables": {"first": first}}
            )
        body = response.json()
    if response.status_code != 200 or "errors" in body:
        raise RuntimeError(f"{field} failed: {response.status_code} {body}")
    cards = len(body["data"][field]["edges"])
    if cards != first:
        raise RuntimeError(f"{field} returned {cards} cards, not {first}: seed more items")
    return len(statements)


async def page_costs(*, manager: User, employee: User) -> list[PageCost]:
    return [
        PageCost("board", {n: await _statements(manager, BOARD, "board", n) for n in SIZES}),
        PageCost(
            "myItems", {n: await _statements(employee, MY_ITEMS, "myItems", n) for n in SIZES}
        ),
    ]
