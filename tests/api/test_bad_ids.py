"""Ids and cursors that are not written like ours: a VALIDATION error naming the
argument, never INTERNAL, never a traceback in the log, never somebody else's item.

`str.isdigit()` says yes to "²" and `int()` reads "٣" (Arabic-Indic three) as 3, so
an ASCII check is the one that holds."""

from __future__ import annotations

import base64
import logging

import pytest
from starlette.applications import Starlette

from domain.items.models import Item
from graphql_schema.pagination import encode_cursor
from tests.support.api import GraphQLClient, client
from tests.support.domain import gripe
from tests.support.org import Org

NOT_IDS = [
    "²",
    "٣",
    "\uff13",  # a full-width three
    "-1",
    "+1",
    " 1",
    "1 ",
    "1_0",
    "1.0",
    "1e3",
    "0x1",
    "",
    "abc",
    "99999999999999999999",
    str(2**31),
    "9" * 5000,
]
ITEM = "query($id: ID!) { item(id: $id) { id title } }"
BOARD = "query($after: String) { board(first: 1, after: $after) { edges { cursor } } }"
MINE = "query($after: String) { myItems(first: 1, after: $after) { totalCount } }"
NOT_CURSORS = [
    "x" * 5000,  # oversized
    "o:1",  # not base64
    "bzox!",  # not base64url
    "b3A6MQ==",  # "op:1"
    base64.urlsafe_b64encode("o:٣".encode()).decode(),  # a non-ASCII digit inside
    base64.urlsafe_b64encode(b"o:-1").decode(),
    base64.urlsafe_b64encode(b"o:1_0").decode(),
    base64.urlsafe_b64encode(b"o: 1").decode(),
    base64.urlsafe_b64encode(b"o:99999999999999999999").decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "bzoxMA",  # "o:10" without its padding
    "\uff15",  # a full-width five
]


@pytest.fixture
def quiet(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert "Traceback" not in record.getMessage()


async def validation_field(api: GraphQLClient, query: str, variables: dict[str, object]) -> str:
    body = await api.post(query, variables)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION", (variables, error)
    assert "Traceback" not in str(body)
    (field,) = error["extensions"]["fields"]
    return str(field)


@pytest.mark.parametrize("raw", NOT_IDS)
async def test_an_id_that_is_not_one_is_refused(
    org: Org, app: Starlette, quiet: pytest.LogCaptureFixture, raw: str
) -> None:
    async with client(app, org.mia) as mia:
        assert await validation_field(mia, ITEM, {"id": raw}) == "id"
    assert_no_traceback(quiet)


async def test_a_non_ascii_digit_does_not_open_an_item(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice, title="Only for the team")).item
    arabic_indic = str(item.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    superscript = str(item.id).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    async with client(app, org.mia) as mia:
        assert (await mia.ok(ITEM, {"id": str(item.id)}))["item"]["title"] == "Only for the team"
        for lookalike in (arabic_indic, superscript):
            assert await validation_field(mia, ITEM, {"id": lookalike}) == "id"


async def test_every_id_argument_is_checked(org: Org, app: Starlette) -> None:
    item = (await gripe(org, org.alice)).item
    async with client(app, org.mia) as mia:
        assert (
            await validation_field(
                mia,
                "mutation($id: ID!) { acknowledgeItem(id: $id) { id } }",
                {"id": "٣"},
            )
            == "id"
        )
        assert (
            await validation_field(
                mia,
                "mutation($id: ID!, $a: ID) { assignItem(id: $id, assigneeId: $a) { id } }",
                {"id": str(item.id), "a": "²"},
            )
            == "assigneeId"
        )
        assert (
            await validation_field(
                mia, "query($id: ID!) { assignablePeople(itemId: $id) { id } }", {"id": "-1"}
            )
            == "itemId"
        )
        for field in ("teamIds", "categoryIds", "assigneeIds"):
            assert (
                await validation_field(
                    mia,
                    f"query($ids: [ID!]) {{ board(filter: {{{field}: $ids}}) {{ totalCount }} }}",
                    {"ids": ["1", "٣"]},
                )
                == field
            )
    async with client(app, org.ada) as ada:
        assert (
            await validation_field(
                ada, "mutation($id: ID!) { retryOutboxEmail(id: $id) { id } }", {"id": "1e3"}
            )
            == "id"
        )
    # Nothing changed: the item was not acknowledged or assigned.
    unchanged = await Item.get(id=item.id)
    assert unchanged.version == item.version and unchanged.assignee_id is None


@pytest.mark.parametrize("cursor", NOT_CURSORS)
async def test_a_cursor_that_is_not_ours_is_refused(
    org: Org, app: Starlette, quiet: pytest.LogCaptureFixture, cursor: str
) -> None:
    async with client(app, org.mia) as mia:
        assert await validation_field(mia, BOARD, {"after": cursor}) == "after"
        assert await validation_field(mia, MINE, {"after": cursor}) == "after"
    assert_no_traceback(quiet)


async def test_our_own_cursors_page_on(org: Org, app: Starlette) -> None:
    for title in ("First", "Second"):
        await gripe(org, org.alice, title=title)
    async with client(app, org.mia) as mia:
        first = (await mia.ok(BOARD, {"after": None}))["board"]["edges"]
        assert first[0]["cursor"] == encode_cursor(0)
        second = (await mia.ok(BOARD, {"after": first[0]["cursor"]}))["board"]["edges"]
        assert len(second) == 1 and second[0]["cursor"] == encode_cursor(1)
