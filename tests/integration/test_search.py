"""Similar items (domain/search/): the same results for the same data on SQLite (FTS5
over Snowball stems) and PostgreSQL (tsvector, `dutch` and `english`), in both
languages; whatever is typed, results or nothing, never an error; nobody finds what is
not theirs to see; an anonymous gripe enters the index only at the filing."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from tortoise import connections

from domain import search
from domain.anonymity.filing import file_waiting
from domain.items import submission
from domain.search import Scope
from tests.support.api import client
from tests.support.domain import anonymous_gripe, calendar
from tests.support.org import Org

ITEMS = {
    "coffee_nl": ("De koffieautomaat lekt", "Elke ochtend staat er een plas water."),
    "coffee_en": ("The coffee machine leaks", "There is a puddle every morning."),
    "printer_nl": ("De printer loopt steeds vast", "Papier blijft hangen op de tweede verdieping."),
    "printer_en": ("Printers keep jamming", "Paper gets stuck on the second floor."),
    "lift": ("Lift 2 is slow", "It takes minutes to arrive."),
    "parking": ("Te weinig parkeerplaatsen", "Na negen uur is alles vol."),
}


async def shared(org: Org, key: str) -> int:
    title, body = ITEMS[key]
    submitted = await submission.submit_gripe(
        await org.principal(org.alice),
        submission.GripeDraft(category_id=org.kitchen.id, title=title, body=body, shared=True),
        calendar(),
    )
    return submitted.item.id


@pytest.fixture
async def items(org: Org) -> dict[str, int]:
    return {key: await shared(org, key) for key in ITEMS}


async def found(text: str, scope: Scope | None = None) -> list[int]:
    return await search.similar(text, scope or Scope.shared())


SAME_RESULTS = [
    # Dutch: other forms of the same words (stemmed by the dutch configuration).
    ("koffieautomaten lekken", {"coffee_nl"}),
    ("alle parkeerplaatsen vol", {"parking"}),
    ("printer vast", {"printer_nl", "printer_en"}),
    # English: leaking/leaks, machines/machine, jammed/jamming.
    ("coffee machines leaking", {"coffee_en"}),
    ("printer jammed", {"printer_nl", "printer_en"}),
    ("lifts slowly", {"lift"}),
    # Stop words alone find nothing (not every Dutch text through "de").
    ("de het een the a", set()),
]


async def test_the_same_results_on_both_engines_in_dutch_and_english(
    items: dict[str, int],
) -> None:
    # The expectation is the same for both engines: a run on each checks both.
    for typed, expected in SAME_RESULTS:
        assert set(await found(typed)) == {items[key] for key in expected}, typed


async def test_the_title_weighs_more_than_the_body(org: Org) -> None:
    in_body = await shared_item(org, "Draughty office", "The window on the left is broken.")
    in_title = await shared_item(org, "Broken window", "On the third floor.")
    assert await found("window") == [in_title, in_body]


HOSTILE = [
    "",
    "   ",
    '"',
    '"""',
    "'",
    'coffee"',
    'coffee" OR "lift',
    "coffee AND NOT lift",
    "NEAR(coffee lift, 2)",
    "coffee NEAR lift",
    "*",
    "coff*",
    "^coffee",
    "title:coffee",
    "{title body}: coffee",
    "coffee & lift | !printer",
    "coffee:* <-> lift",
    "(((",
    "-",
    "+coffee -lift",
    "\x00coffee\x00",
    "☕🔥 koffie 💧",
    "😀" * 50,
    "قهوة ماكينة",
    "咖啡机漏水",
    "\u210c\U0001d522\U0001d529 \ufb01 \u01c5",  # Fraktur letters, a ligature, a titlecase digraph
    "a" * 10_000,
    "coffee " * 2_000,
    "\u202ecoffee\u202c",
    "%_\\",
    "';DROP TABLE items;--",
]


async def test_whatever_is_typed_gives_results_or_nothing(items: dict[str, int]) -> None:
    for typed in HOSTILE:
        result = await found(typed)
        assert len(result) <= search.SUGGESTIONS, typed
        assert set(result) <= set(items.values()), typed
    # Operators are words like any other: "coffee" still finds the coffee machine.
    assert await found('coffee" OR "lift') == await found("coffee lift")


async def test_hostile_input_through_the_api(
    org: Org, app: Starlette, items: dict[str, int]
) -> None:
    query = "query($t: String!) { similarItems(title: $t) { id title } }"
    async with client(app, org.bob) as bob:
        for typed in HOSTILE:
            data = await bob.ok(query, {"t": typed})
            assert len(data["similarItems"]) <= 5
        coffee = await bob.ok(query, {"t": "coffee machine"})
    assert [i["title"] for i in coffee["similarItems"]] == ["The coffee machine leaks"]


async def test_only_shared_or_own_items_are_suggested(org: Org, items: dict[str, int]) -> None:
    private = await submission.submit_gripe(
        await org.principal(org.bob),
        submission.GripeDraft(
            category_id=org.kitchen.id, title="The coffee machine is dirty", body="Yuck."
        ),
        calendar(),
    )
    for_bob = await found("coffee machine", Scope.employee(org.bob.id))
    for_alice = await found("coffee machine", Scope.employee(org.alice.id))
    assert private.item.id in for_bob
    assert private.item.id not in for_alice
    assert set(for_alice) == {items["coffee_en"]}


async def test_at_most_five_best_first(org: Org) -> None:
    for n in range(8):
        await shared_item(org, f"Coffee {n}")
    assert len(await found("coffee")) == 5


async def shared_item(org: Org, title: str, body: str = "b") -> int:
    submitted = await submission.submit_gripe(
        await org.principal(org.alice),
        submission.GripeDraft(category_id=org.kitchen.id, title=title, body=body, shared=True),
        calendar(),
    )
    return submitted.item.id


async def test_an_anonymous_gripe_enters_the_index_at_the_filing(org: Org) -> None:
    submitted = await anonymous_gripe(
        org, org.alice, title="Mijn leidinggevende schreeuwt", file=False
    )
    db = connections.get("default")
    statement = "SELECT item_id AS id FROM item_search"
    _, before = await db.execute_query(statement)
    await file_waiting()
    _, after = await db.execute_query(statement)
    assert submitted.card.id not in {row["id"] for row in before}
    assert submitted.card.id in {row["id"] for row in after}
    # Managers of its team find it once filed; it holds nothing of its sender.
    teams = tuple(sorted((await org.principal(org.mia)).team_ids))
    assert await found("leidinggevende", Scope.manager(teams, exclude_id=None, kind=None)) == [
        submitted.card.id
    ]
