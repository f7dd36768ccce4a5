"""The whole flow through the API: a gripe goes in, is triaged, answered and resolved."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.org import Org

SUBMIT = """
mutation Submit($input: SubmitGrievanceInput!) {
  submitGrievance(input: $input) {
    item { id reference status version submitter { displayName } }
  }
}"""

ITEM = """
query Item($id: ID!) {
  item(id: $id) {
    status version assignee { displayName } messageCount
    timeline { type visibility message actor { kind name } toStatus }
  }
}"""


async def test_named_gripe_from_submission_to_resolution(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice, client(app, org.mia) as mia:
        submitted = await alice.ok(
            SUBMIT,
            {
                "input": {
                    "categoryId": str(org.kitchen.id),
                    "title": "The coffee machine leaks",
                    "body": "There is a puddle every morning.",
                }
            },
        )
        item = submitted["submitGrievance"]["item"]
        assert item["status"] == "NEW" and item["submitter"]["displayName"] == "Alice Jansen"
        item_id = item["id"]

        acknowledged = await mia.ok(
            "mutation($id: ID!, $v: Int) { acknowledgeItem(id: $id, expectedVersion: $v) "
            "{ status version } }",
            {"id": item_id, "v": item["version"]},
        )
        assert acknowledged["acknowledgeItem"]["status"] == "ACKNOWLEDGED"
        await mia.ok(
            "mutation($id: ID!, $a: ID) { assignItem(id: $id, assigneeId: $a) { id } }",
            {"id": item_id, "a": str(org.mia.id)},
        )
        await mia.ok(
            'mutation($id: ID!) { addMessage(id: $id, body: "Plumber called", '
            "visibility: INTERNAL) { id } }",
            {"id": item_id},
        )
        resolved = await mia.ok(
            "mutation($id: ID!) { transitionItem(id: $id, to: RESOLVED, "
            'message: "Fixed the hose.") { status } }',
            {"id": item_id},
        )
        assert resolved["transitionItem"]["status"] == "RESOLVED"

        seen_by_alice = (await alice.ok(ITEM, {"id": item_id}))["item"]
        seen_by_mia = (await mia.ok(ITEM, {"id": item_id}))["item"]

    assert seen_by_alice["assignee"]["displayName"] == "Mia Manager"
    alice_messages = [e["message"] for e in seen_by_alice["timeline"] if e["message"]]
    assert alice_messages == ["Fixed the hose."], "the internal note must not reach Alice"
    assert "Plumber called" in [e["message"] for e in seen_by_mia["timeline"]]
    assert [e["type"] for e in seen_by_alice["timeline"]] == [
        "SUBMITTED",
        "ACKNOWLEDGED",
        "ASSIGNED",
        "STATUS_CHANGED",
    ]
    templates = [
        n.template.value
        for n in await Notification.filter(recipient_user_id=org.alice.id).order_by("id")
    ]
    assert templates == ["item_received", "item_acknowledged", "item_assigned", "status_changed"]


CARD_FIELDS = """id reference kind title body status priority isAnonymous createdAt updatedAt
  acknowledgeDueAt resolveDueAt version targetState messageCount viewerCanTriage
  allowedTransitions team { id name } category { id nameEn nameNl team { name } }
  assignee { id displayName } submitter { id displayName }"""


async def test_what_a_submission_answers_is_what_reading_the_item_shows(
    org: Org, app: Starlette
) -> None:
    """The answer to submitting is built from what the submission knew; reading the item
    back from the database must show exactly the same."""
    async with client(app, org.mia) as mia:
        for mutation, field in [
            (
                'mutation($c: ID!) { submitGrievance(input: {categoryId: $c, title: "Hot", '
                'body: "Too hot."}) { item { ' + CARD_FIELDS + " } } }",
                "submitGrievance",
            ),
            (
                'mutation($c: ID!) { relayCustomerIssue(input: {categoryId: $c, title: "TV", '
                'body: "No signal.", customerName: "Karin", customerEmail: "k@example.net", '
                "customerLocale: NL, consent: true}) { " + CARD_FIELDS + " } }",
                "relayCustomerIssue",
            ),
        ]:
            answered = (await mia.ok(mutation, {"c": str(org.kitchen.id)}))[field]
            answered = answered.get("item", answered)
            read = (
                await mia.ok(
                    "query($id: ID!) { item(id: $id) { " + CARD_FIELDS + " } }",
                    {"id": answered["id"]},
                )
            )["item"]
            assert answered == read
            assert read["submitter"]["displayName"] == "Mia Manager"
            assert read["viewerCanTriage"] is True
