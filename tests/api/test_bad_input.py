"""Bad input through the API: one clear error naming every field, and nothing saved."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.items.models import CustomerContact, Item, TimelineEvent
from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.org import Org

RELAY = (
    """mutation($input: RelayCustomerIssueInput!) { relayCustomerIssue(input: $input) { id } }"""
)


async def nothing_saved() -> None:
    assert await Item.all().count() == 0
    assert await CustomerContact.all().count() == 0
    assert await TimelineEvent.all().count() == 0
    assert await Notification.all().count() == 0


async def test_a_bad_relay_names_every_field_to_fix(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        body = await alice.post(
            RELAY,
            {
                "input": {
                    "categoryId": "999999",
                    "title": "Line one\nLine two",
                    "body": "",
                    "customerName": "Karin\r\nBcc: all@example.com",
                    "customerEmail": "karin(at)example.net",
                    "customerLocale": "NL",
                    "consent": False,
                }
            },
        )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION"
    assert set(error["extensions"]["fields"]) == {
        "categoryId",
        "title",
        "body",
        "customerName",
        "customerEmail",
        "consent",
    }
    assert "Traceback" not in str(body)
    await nothing_saved()


async def test_html_is_stored_and_returned_as_text(org: Org, app: Starlette) -> None:
    body = '<img src=x onerror="alert(1)"> <b>bold</b> & done'
    async with client(app, org.alice) as alice:
        data = await alice.ok(
            "mutation($c: ID!, $b: String!) { submitGrievance(input: {categoryId: $c, "
            'title: "<script>x</script>", body: $b}) { item { title body } } }',
            {"c": str(org.kitchen.id), "b": body},
        )
    assert data["submitGrievance"]["item"] == {"title": "<script>x</script>", "body": body}


async def test_a_wrongly_typed_variable_is_refused_before_anything_runs(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.alice) as alice:
        body = await alice.post(
            'mutation($c: ID!) { submitGrievance(input: {categoryId: $c, title: 1, body: "b"}) '
            "{ receiptCode } }",
            {"c": str(org.kitchen.id)},
        )
    assert body["errors"]
    assert "data" not in body or body["data"] is None
    await nothing_saved()


async def test_a_well_formed_id_of_nothing_is_not_found(org: Org, app: Starlette) -> None:
    async with client(app, org.mia) as mia:
        for unknown in ("0", "99999999", str(2**31 - 1)):
            code = await mia.error_code("query($id: ID!) { item(id: $id) { id } }", {"id": unknown})
            assert code == "NOT_FOUND", unknown


async def test_headers_in_disguise_are_refused_before_anything_is_saved(
    org: Org, app: Starlette
) -> None:
    """Titles and names become email headers: encoded words that decode to a line break,
    and text-direction controls, are refused with a message per field."""
    async with client(app, org.alice) as alice:
        body = await alice.post(
            RELAY,
            {
                "input": {
                    "categoryId": str(org.internet.id),
                    "title": "=?utf-8?q?=0D=0ABcc:_x@example.org?=",
                    "body": "The box reboots.",
                    "customerName": "Karin =?utf-8?b?DQpSZXBseS1UbzogZXZpbEBleGFtcGxlLm9yZw==?=",
                    "customerEmail": "karin@example.net",
                    "customerLocale": "NL",
                    "consent": True,
                }
            },
        )
        error = body["errors"][0]
        assert error["extensions"] == {
            "code": "VALIDATION",
            "fields": {
                "title": "Must be a single line without control characters.",
                "customerName": "Must be a single line without control characters.",
            },
        }
        turned = await alice.post(
            "mutation($c: ID!, $t: String!) { submitGrievance(input: {categoryId: $c, "
            'title: $t, body: "b"}) { receiptCode } }',
            {"c": str(org.kitchen.id), "t": "Coffee \u202egnikrow"},
        )
        assert turned["errors"][0]["extensions"]["fields"] == {
            "title": "Must not contain invisible characters that change the direction of the text."
        }
    await nothing_saved()
