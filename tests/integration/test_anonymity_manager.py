"""A manager's attack: through the API, the reference, id and shown times of an anonymous
item reveal no order against named items.

Alice sends two named gripes and Bob an anonymous one, in the same few seconds; the
filing runs; Mia reads her board, the items and her emails. Played three times — the
anonymous gripe sent before, between and after the named ones — Mia sees the same:
the same order on the board whichever way it is sorted, the anonymous item's times on
the hour (so before both named items), its reference and id from a random number, and
its email after theirs (it comes with the filing).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.applications import Starlette
from tortoise.contrib.test import truncate_all_models

from domain.anonymity.filing import file_waiting
from domain.clock import running_from
from domain.items.numbering import ANONYMOUS_ID_BASE
from domain.notifications.models import Notification
from tests.support.anonymity import fetch_tokens, submit_anonymously
from tests.support.api import ANONYMOUS_PATH, client, make_app
from tests.support.org import Org, build_org

ITEM = """query($id: ID!) { item(id: $id) {
  id reference isAnonymous createdAt updatedAt acknowledgeDueAt resolveDueAt
  timeline { type at }
} }"""
BOARD = "query($sort: BoardSort!) { board(sort: $sort) { edges { node { id title } } } }"
NAMED_REFERENCE = re.compile(r"^MOP-\d{5,}$")
ANONYMOUS_REFERENCE = re.compile(r"^MOP-A[0-9A-HJKMNP-TV-Z]{6}$")


def on_the_hour(text: str) -> bool:
    moment = datetime.fromisoformat(text)
    return (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)


async def send(app: Starlette, org: Org, order: tuple[str, ...]) -> None:
    async with client(app, org.alice) as alice, client(app, org.bob) as bob:
        token = (await fetch_tokens(bob))[0]
        async with client(app, path=ANONYMOUS_PATH, cookies=bob.http.cookies) as anonymous:
            for what in order:
                if what == "anonymous":
                    await submit_anonymously(
                        anonymous, token, category_id=org.building.id, title="Anonymous"
                    )
                else:
                    await alice.ok(
                        "mutation($c: ID!, $t: String!) { submitGrievance(input: "
                        '{categoryId: $c, title: $t, body: "b"}) { item { id } } }',
                        {"c": str(org.building.id), "t": what},
                    )


async def what_mia_sees(order: tuple[str, ...]) -> dict[str, Any]:
    org = await build_org()
    app = make_app()
    start = datetime.now(UTC).replace(minute=20, second=0, microsecond=0)
    with running_from(start):
        await send(app, org, order)
        await file_waiting()
        async with client(app, org.mia) as mia:
            boards = {
                sort: [e["node"] for e in (await mia.ok(BOARD, {"sort": sort}))["board"]["edges"]]
                for sort in ("NEWEST", "OLDEST", "PRIORITY", "TARGET")
            }
            items = {
                node["title"]: (await mia.ok(ITEM, {"id": node["id"]}))["item"]
                for node in boards["OLDEST"]
            }
    emails = await Notification.filter(recipient_address="mia@example.com").order_by("id")
    titles = {node["id"]: node["title"] for node in boards["OLDEST"]}
    anonymous = items["Anonymous"]
    named = [items["First"], items["Second"]]
    seen = {
        "board orders": {sort: [n["title"] for n in nodes] for sort, nodes in boards.items()},
        "emails in order": [titles[str(row.item_id)] for row in emails],
        "anonymous times on the hour": [
            on_the_hour(anonymous[f])
            for f in ("createdAt", "updatedAt", "acknowledgeDueAt", "resolveDueAt")
        ]
        + [on_the_hour(step["at"]) for step in anonymous["timeline"]],
        "anonymous before the named ones": all(
            anonymous["createdAt"] < item["createdAt"] for item in named
        ),
        "named references": [bool(NAMED_REFERENCE.match(item["reference"])) for item in named],
        "anonymous reference": bool(ANONYMOUS_REFERENCE.match(anonymous["reference"])),
        "anonymous id apart": int(anonymous["id"]) >= ANONYMOUS_ID_BASE,
        "named ids in a row": int(named[1]["id"]) - int(named[0]["id"]) == 1,
    }
    await truncate_all_models()
    return seen


@pytest.mark.parametrize(
    "order",
    [("anonymous", "First", "Second"), ("First", "anonymous", "Second")],
    ids=["sent first", "sent between"],
)
async def test_mia_sees_the_same_whenever_the_anonymous_gripe_was_sent(
    db: str, order: tuple[str, ...]
) -> None:
    last = await what_mia_sees(("First", "Second", "anonymous"))
    assert await what_mia_sees(order) == last
    assert all(last["anonymous times on the hour"])
    assert last["anonymous before the named ones"]
    assert last["emails in order"] == ["First", "Second", "Anonymous"]
    assert last["board orders"]["NEWEST"] == ["Second", "First", "Anonymous"]
