"""Shared items and "me too", through the API: colleagues see a shared gripe without its
sender, say "me too" (by name, or anonymously with a token and a receipt of their own),
are counted once, and are told when it moves; the board counts and sorts by it."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from domain.anonymity.filing import file_waiting
from domain.engagement.models import MeToo
from domain.items.models import Item
from domain.notifications.enums import RecipientKind, Template
from domain.notifications.models import Notification
from tests.support.anonymity import token_keys, tokens_for
from tests.support.api import ANONYMOUS_PATH, GraphQLClient, client
from tests.support.org import Org

SUBMIT = """mutation($input: SubmitGrievanceInput!) {
  submitGrievance(input: $input) { item { id shared meTooCount } } }"""
SHARED = """query($sort: SharedSort, $search: String) {
  sharedItems(sort: $sort, search: $search) { totalCount edges { node {
    id title status meTooCount viewerSaidMeToo viewerIsSubmitter
    submitter { displayName } } } } }"""
ME_TOO = "mutation($id: ID!) { sayMeToo(id: $id) { meTooCount viewerSaidMeToo } }"
ANONYMOUS_ME_TOO = """mutation($id: ID!, $t: String!) {
  sayMeTooAnonymously(itemId: $id, token: $t) { receiptCode item { title meTooCount } } }"""
FOLLOW = "query($r: String!) { anonymousMeToo(receipt: $r) { title status meTooCount } }"


async def share(api: GraphQLClient, org: Org, title: str, **extra: Any) -> str:
    data = await api.ok(
        SUBMIT,
        {
            "input": {
                "categoryId": str(org.kitchen.id),
                "title": title,
                "body": "Every morning.",
                "shared": True,
                **extra,
            }
        },
    )
    item_id: str = data["submitGrievance"]["item"]["id"]
    return item_id


async def count(item_id: str) -> int:
    return (await Item.get(id=int(item_id))).me_too_count


async def test_colleagues_see_a_shared_gripe_without_its_sender_and_say_me_too(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.alice) as alice, client(app, org.bob) as bob:
        item_id = await share(alice, org, "The coffee machine leaks")
        await alice.ok(
            SUBMIT,
            {"input": {"categoryId": str(org.kitchen.id), "title": "Private", "body": "x"}},
        )
        seen = (await bob.ok(SHARED))["sharedItems"]
        assert [e["node"]["title"] for e in seen["edges"]] == ["The coffee machine leaks"]
        node = seen["edges"][0]["node"]
        assert node["submitter"] is None and not node["viewerIsSubmitter"]

        said = (await bob.ok(ME_TOO, {"id": item_id}))["sayMeToo"]
        again = (await bob.ok(ME_TOO, {"id": item_id}))["sayMeToo"]
    assert said == {"meTooCount": 1, "viewerSaidMeToo": True}
    assert again == said, "the same person twice counts once"
    assert await MeToo.filter(item_id=int(item_id)).count() == 1


async def test_a_sender_who_shares_their_name_is_shown(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice, client(app, org.bob) as bob:
        await share(alice, org, "Lift is slow", sharedByName=True)
        [edge] = (await bob.ok(SHARED))["sharedItems"]["edges"]
    assert edge["node"]["submitter"] == {"displayName": "Alice Jansen"}


async def test_me_too_is_refused_on_ones_own_and_on_unshared_items(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.alice) as alice, client(app, org.bob) as bob:
        own = await share(alice, org, "Printer jams")
        private = (
            await alice.ok(
                SUBMIT,
                {"input": {"categoryId": str(org.kitchen.id), "title": "Mine", "body": "x"}},
            )
        )["submitGrievance"]["item"]["id"]
        refused_own = await alice.post(ME_TOO, {"id": own})
        refused_private = await bob.post(ME_TOO, {"id": private})
        missing = await bob.error_code(ME_TOO, {"id": "999999"})
    assert refused_own["errors"][0]["extensions"] == {
        "code": "ME_TOO_REFUSED",
        "reason": "OWN_ITEM",
    }
    assert refused_private["errors"][0]["extensions"] == {
        "code": "ME_TOO_REFUSED",
        "reason": "NOT_SHARED",
    }
    assert missing == "NOT_FOUND"
    assert await count(own) == 0 and await count(private) == 0
    assert not await MeToo.exists()


async def test_who_said_me_too_is_told_when_it_moves_in_their_language(
    org: Org, app: Starlette
) -> None:
    async with (
        client(app, org.alice) as alice,
        client(app, org.bob) as bob,
        client(app, org.mia) as mia,
    ):
        item_id = await share(alice, org, "The coffee machine leaks")
        await bob.ok(ME_TOO, {"id": item_id})
        await mia.ok("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": item_id})
        await mia.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
            'message: "New machine ordered.") { id } }',
            {"id": item_id},
        )
    told = await Notification.filter(recipient_user_id=org.bob.id).order_by("id")
    assert [(n.template, n.recipient_kind, n.locale.value) for n in told] == [
        (Template.FOLLOWED_ITEM_MOVED, RecipientKind.FOLLOWER, "nl"),
        (Template.FOLLOWED_ITEM_MOVED, RecipientKind.FOLLOWER, "nl"),
    ]
    assert told[1].payload["to_status"] == "RESOLVED"
    assert told[1].payload["message"] == "New machine ordered."


async def test_an_anonymous_me_too_spends_a_token_and_has_its_own_receipt(
    org: Org, app: Starlette
) -> None:
    [token, other] = (await tokens_for(org.bob.id, token_keys()))[:2]
    async with client(app, org.alice) as alice, client(app, path=ANONYMOUS_PATH) as nobody:
        item_id = await share(alice, org, "The coffee machine leaks")
        said = (await nobody.ok(ANONYMOUS_ME_TOO, {"id": item_id, "t": token}))[
            "sayMeTooAnonymously"
        ]
        assert said["item"]["title"] == "The coffee machine leaks"
        assert await count(item_id) == 0, "counted at the filing, among everything else"
        replayed = await nobody.error_code(ANONYMOUS_ME_TOO, {"id": item_id, "t": token})
        await file_waiting()
        followed = (await nobody.ok(FOLLOW, {"r": said["receiptCode"]}))["anonymousMeToo"]
        wrong = await nobody.error_code(FOLLOW, {"r": "ABCD-EFGH-JKMN-PQRS-TVWX"})
        unshared = (
            await alice.ok(
                SUBMIT,
                {"input": {"categoryId": str(org.kitchen.id), "title": "Mine", "body": "x"}},
            )
        )["submitGrievance"]["item"]["id"]
        refused = await nobody.post(ANONYMOUS_ME_TOO, {"id": unshared, "t": other})
    assert replayed == "TOKEN_SPENT"
    assert followed == {"title": "The coffee machine leaks", "status": "NEW", "meTooCount": 1}
    assert wrong == "NOT_FOUND"
    assert refused["errors"][0]["extensions"]["reason"] == "NOT_SHARED"
    row = await MeToo.get(item_id=int(item_id))
    assert row.user_id is None and row.receipt_hash and said["receiptCode"] not in row.receipt_hash
    # The refused "me too" spent nothing: the other token still works.
    async with client(app, path=ANONYMOUS_PATH) as nobody:
        await nobody.ok(ANONYMOUS_ME_TOO, {"id": item_id, "t": other})


async def test_the_board_shows_and_sorts_by_me_too(org: Org, app: Starlette) -> None:
    async with (
        client(app, org.alice) as alice,
        client(app, org.bob) as bob,
        client(app, org.mia) as mia,
    ):
        quiet = await share(alice, org, "Blinds are broken")
        popular = await share(alice, org, "No hot water")
        await bob.ok(ME_TOO, {"id": popular})
        board = await mia.ok("{ board(sort: ME_TOO) { edges { node { id meTooCount } } } }")
    assert [e["node"] for e in board["board"]["edges"]] == [
        {"id": popular, "meTooCount": 1},
        {"id": quiet, "meTooCount": 0},
    ]


async def test_shared_items_sort_by_me_too_and_recently_resolved(org: Org, app: Starlette) -> None:
    async with (
        client(app, org.alice) as alice,
        client(app, org.bob) as bob,
        client(app, org.mia) as mia,
    ):
        first = await share(alice, org, "Blinds are broken")
        second = await share(alice, org, "No hot water")
        await bob.ok(ME_TOO, {"id": first})
        await mia.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: DECLINED, "
            'message: "Not ours.") { id } }',
            {"id": second},
        )
        await mia.ok("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": first})
        await mia.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
            'message: "Fixed.") { id } }',
            {"id": first},
        )
        newest = await bob.ok(SHARED, {"sort": "NEWEST"})
        most = await bob.ok(SHARED, {"sort": "MOST_ME_TOO"})
        resolved = await bob.ok(SHARED, {"sort": "RECENTLY_RESOLVED"})
        answers = await bob.ok(
            "query($id: ID!) { sharedItem(id: $id) { answers { toStatus message } } }",
            {"id": first},
        )

    def ids(data: dict[str, Any]) -> list[str]:
        return [e["node"]["id"] for e in data["sharedItems"]["edges"]]

    assert ids(newest) == [second, first]
    assert ids(most) == [first, second]
    assert ids(resolved) == [first]
    assert answers["sharedItem"]["answers"] == [{"toStatus": "RESOLVED", "message": "Fixed."}]
