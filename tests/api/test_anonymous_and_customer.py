"""The two ways in without an account: a receipt code, and a customer's status link."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.anonymity.filing import file_waiting
from domain.crypto import customer_status_token
from domain.items.enums import Status
from domain.items.models import CustomerContact, Item
from domain.notifications.models import Notification
from tests.support.anonymity import fetch_tokens
from tests.support.anonymity import submit_anonymously as submit_anonymously_with
from tests.support.api import ANONYMOUS_PATH, client
from tests.support.org import Org

ANONYMOUS = """query($r: String!) {
  anonymousItem(receipt: $r) {
    reference status filed unseenUpdates canReply repliesOnTheirWay
    timeline { type message actor { kind name } }
  }
}"""
REPLY = """mutation($r: String!, $b: String!) {
  replyAnonymously(receipt: $r, body: $b) { status unseenUpdates canReply repliesOnTheirWay }
}"""


async def submit_anonymously(app: Starlette, org: Org) -> tuple[str, str]:
    """Bob fetches his tokens while logged in, then sends an anonymous gripe through the
    anonymous channel (his session cookie still in the browser's jar)."""
    async with client(app, org.bob) as bob:
        token = (await fetch_tokens(bob))[0]
        async with client(app, path=ANONYMOUS_PATH, cookies=bob.http.cookies) as anonymous:
            payload = await submit_anonymously_with(
                anonymous,
                token,
                category_id=org.building.id,
                title="Toilets on 2 are never cleaned",
                body="For weeks.",
            )
    return payload["receiptCode"], payload["item"]["reference"]


async def test_the_receipt_holder_follows_answers_and_is_not_named(
    org: Org, app: Starlette
) -> None:
    receipt, reference = await submit_anonymously(app, org)
    item = await Item.get(is_anonymous=True)

    async with client(app, path=ANONYMOUS_PATH) as stranger:  # no login: only the code
        waiting = (await stranger.ok(ANONYMOUS, {"r": receipt}))["anonymousItem"]
        # Received at once; the team has it from the next filing on, and only then can
        # it be answered.
        assert (waiting["filed"], waiting["canReply"], waiting["timeline"]) == (False, False, [])
        assert await stranger.error_code(REPLY, {"r": receipt, "b": "Hello?"}) == (
            "INVALID_TRANSITION"
        )
    assert await Notification.filter(item_id=item.id).count() == 0

    await file_waiting()

    async with client(app, org.mia) as mia:
        await mia.ok("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": item.id})
        await mia.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: WAITING_FOR_INFO, "
            'message: "Which toilets exactly?") { id } }',
            {"id": item.id},
        )
        await mia.ok(
            'mutation($id: ID!) { addMessage(id: $id, body: "Cleaner is ill", '
            "visibility: INTERNAL) { id } }",
            {"id": item.id},
        )
        seen_by_mia = await mia.ok(
            "query($id: ID!) { item(id: $id) { submitter { displayName } isAnonymous } }",
            {"id": item.id},
        )
    assert seen_by_mia["item"] == {"submitter": None, "isAnonymous": True}

    async with client(app, path=ANONYMOUS_PATH) as stranger:
        # Typed sloppily: lower case, spaces instead of dashes.
        view = (await stranger.ok(ANONYMOUS, {"r": receipt.lower().replace("-", " ")}))[
            "anonymousItem"
        ]
        assert view["reference"] == reference
        assert view["status"] == "WAITING_FOR_INFO"
        assert view["unseenUpdates"] == 2  # acknowledged, and the question
        assert [e["message"] for e in view["timeline"] if e["message"]] == [
            "Which toilets exactly?"
        ]
        assert view["timeline"][0]["actor"] == {"kind": "SUBMITTER", "name": None}

        await stranger.ok(
            "mutation($r: String!) { markAnonymousItemSeen(receipt: $r) { unseenUpdates } }",
            {"r": receipt},
        )
        replied = await stranger.ok(REPLY, {"r": receipt, "b": "The ones near the lift."})
        # On its way: the team gets it at the next filing.
        assert replied["replyAnonymously"] == {
            "status": "WAITING_FOR_INFO",
            "unseenUpdates": 0,
            "canReply": True,
            "repliesOnTheirWay": ["The ones near the lift."],
        }
        assert not await Notification.filter(item_id=item.id, template="submitter_replied")

        await file_waiting()

        after = (await stranger.ok(ANONYMOUS, {"r": receipt}))["anonymousItem"]
    assert after["repliesOnTheirWay"] == []
    assert after["status"] == "IN_PROGRESS"
    assert [e["message"] for e in after["timeline"] if e["message"]] == [
        "Which toilets exactly?",
        "The ones near the lift.",
    ]
    assert (await Item.get(id=item.id)).status is Status.IN_PROGRESS
    to_mia = await Notification.filter(item_id=item.id, template="submitter_replied")
    assert [row.recipient_address for row in to_mia] == ["mia@example.com", "lou@example.com"]


async def test_guessing_receipt_codes_is_throttled(org: Org, app: Starlette) -> None:
    receipt, _ = await submit_anonymously(app, org)
    async with client(app, path=ANONYMOUS_PATH) as guesser:
        codes = [
            await guesser.error_code(ANONYMOUS, {"r": f"AAAA-AAAA-AAAA-AAAA-{i:04d}"})
            for i in range(21)
        ]
        assert codes[:20] == ["NOT_FOUND"] * 20
        assert codes[20] == "RATE_LIMITED"
        # Even the right code waits now: the client has used up its window.
        assert await guesser.error_code(ANONYMOUS, {"r": receipt}) == "RATE_LIMITED"


async def relay_and_resolve(app: Starlette, org: Org) -> tuple[Item, str]:
    async with client(app, org.alice) as alice:
        relayed = await alice.ok(
            """mutation($c: ID!) { relayCustomerIssue(input: {categoryId: $c,
                 title: "TV box lost all channels", body: "Since the update.",
                 customerName: "Karin Klant", customerEmail: "karin@example.net",
                 customerLocale: NL, consent: true}) { id customer { name emailsStopped } } }""",
            {"c": str(org.internet.id)},
        )
    item_id = relayed["relayCustomerIssue"]["id"]
    assert relayed["relayCustomerIssue"]["customer"] == {
        "name": "Karin Klant",
        "emailsStopped": False,
    }
    async with client(app, org.max) as max_:
        await max_.ok("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": item_id})
        await max_.ok(
            "mutation($id: ID!, $a: ID) { assignItem(id: $id, assigneeId: $a) { id } }",
            {"id": item_id, "a": str(org.max.id)},
        )
        await max_.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
            'message: "We pushed a fix to your box.") { status } }',
            {"id": item_id},
        )
    item = await Item.get(id=int(item_id))
    contact = await CustomerContact.get(item_id=item.id)
    return item, customer_status_token(contact.token_salt)


async def test_the_customer_says_not_solved_and_the_item_is_back_on_the_board(
    org: Org, app: Starlette
) -> None:
    item, token = await relay_and_resolve(app, org)
    async with client(app) as customer:
        status = await customer.ok(
            "query($t: String!) { customerStatus(token: $t) { status canGiveFeedback locale "
            "teamName timeline { type message byCustomer } } }",
            {"t": token},
        )
        assert status["customerStatus"]["status"] == "RESOLVED"
        assert status["customerStatus"]["canGiveFeedback"] is True
        assert status["customerStatus"]["locale"] == "NL"
        assert status["customerStatus"]["teamName"] == "Customer Care"
        answered = await customer.ok(
            "mutation($t: String!) { customerFeedback(token: $t, solved: false) "
            "{ status canGiveFeedback } }",
            {"t": token},
        )
        assert answered["customerFeedback"] == {"status": "IN_PROGRESS", "canGiveFeedback": False}
        assert (
            await customer.error_code(
                "mutation($t: String!) { customerFeedback(token: $t, solved: true) { status } }",
                {"t": token},
            )
            == "INVALID_TRANSITION"
        )
    async with client(app, org.max) as max_:
        board = await max_.ok(
            "{ board(filter: {statuses: [IN_PROGRESS]}) { edges { node { id } } } }"
        )
    assert [edge["node"]["id"] for edge in board["board"]["edges"]] == [str(item.id)]
    feedback = await Notification.get(item_id=item.id, template="customer_feedback")
    assert feedback.recipient_address == "max@example.com"
    reopened = (
        await Notification.filter(
            item_id=item.id, template="status_changed", recipient_kind="EMPLOYEE"
        )
        .order_by("-id")
        .first()
    )
    assert reopened is not None
    assert reopened.payload["to_status"] == "IN_PROGRESS"


async def test_the_customer_confirms_and_the_item_closes(org: Org, app: Starlette) -> None:
    item, token = await relay_and_resolve(app, org)
    async with client(app) as customer:
        answered = await customer.ok(
            "mutation($t: String!) { customerFeedback(token: $t, solved: true) { status isOpen } }",
            {"t": token},
        )
    assert answered["customerFeedback"] == {"status": "CLOSED", "isOpen": False}
    assert (await Item.get(id=item.id)).closed_at is not None


async def test_a_customer_who_stops_emails_gets_no_more(org: Org, app: Starlette) -> None:
    item, token = await relay_and_resolve(app, org)
    async with client(app) as customer:
        stopped = await customer.ok(
            "mutation($t: String!) { stopCustomerEmails(token: $t) { emailsStopped } }",
            {"t": token},
        )
        assert stopped["stopCustomerEmails"]["emailsStopped"] is True
        await customer.ok(
            "mutation($t: String!) { customerFeedback(token: $t, solved: false) { status } }",
            {"t": token},
        )
    before = await Notification.filter(item_id=item.id, recipient_kind="CUSTOMER").count()
    async with client(app, org.max) as max_:
        await max_.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
            'message: "Fixed for real now.") { id } }',
            {"id": str(item.id)},
        )
    assert await Notification.filter(item_id=item.id, recipient_kind="CUSTOMER").count() == before
