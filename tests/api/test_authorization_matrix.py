"""Every operation against every kind of caller.

Callers: the employee who sent the item (Alice), another employee (Bob), a manager of
the item's team (Mia), a manager of another team (Max), the admin (Ada), the holder of
an anonymous item's receipt code, the customer with their status link, and nobody.
Expected: "ok", or the error code the caller must get.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items.models import CustomerContact
from domain.org.models import User
from tests.support.api import client
from tests.support.domain import gripe, relay
from tests.support.org import Org

CALLERS = ["alice", "bob", "mia", "max", "ada", "receipt", "customer", "nobody"]
OK = "ok"


@dataclass
class World:
    org: Org
    item_id: str  # Alice's named gripe, in Mia's team
    anonymous_id: str  # an anonymous gripe, in Mia's team
    receipt: str
    token: str  # the customer's status token of a problem Alice relayed


@pytest.fixture
async def world(org: Org) -> World:
    named = await gripe(org, org.alice, category=org.kitchen)
    anonymous = await gripe(org, org.alice, category=org.building, anonymous=True)
    relayed = await relay(org, org.alice)
    contact = await CustomerContact.get(item_id=relayed.id)
    assert anonymous.receipt_code is not None
    return World(
        org=org,
        item_id=str(named.item.id),
        anonymous_id=str(anonymous.item.id),
        receipt=anonymous.receipt_code,
        token=customer_status_token(contact.token_salt),
    )


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    expected: dict[str, str]

    def variables(self, world: World) -> dict[str, Any]:
        return {
            "id": world.item_id,
            "anon": world.anonymous_id,
            "receipt": world.receipt,
            "token": world.token,
            "mia": str(world.org.mia.id),
        }


def everyone(default: str, **overrides: str) -> dict[str, str]:
    return {caller: overrides.get(caller, default) for caller in CALLERS}


TRIAGE = everyone(
    "UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max="NOT_FOUND", ada=OK
)

OPERATIONS = [
    Operation(
        "item",
        "query($id: ID!) { item(id: $id) { id } }",
        everyone("UNAUTHENTICATED", alice=OK, bob="NOT_FOUND", mia=OK, max="NOT_FOUND", ada=OK),
    ),
    Operation(
        "anonymous item by id",
        "query($anon: ID!) { item(id: $anon) { id } }",
        everyone(
            "UNAUTHENTICATED", alice="NOT_FOUND", bob="NOT_FOUND", mia=OK, max="NOT_FOUND", ada=OK
        ),
    ),
    Operation("acknowledgeItem", "mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", TRIAGE),
    Operation(
        "assignItem",
        "mutation($id: ID!, $mia: ID) { assignItem(id: $id, assigneeId: $mia) { id } }",
        TRIAGE,
    ),
    Operation(
        "setPriority",
        "mutation($id: ID!) { setPriority(id: $id, priority: HIGH) { id } }",
        TRIAGE,
    ),
    Operation(
        "transitionItem",
        'mutation($id: ID!) { transitionItem(id: $id, to: DECLINED, message: "No.") { id } }',
        TRIAGE,
    ),
    Operation(
        "addMessage to the submitter",
        'mutation($id: ID!) { addMessage(id: $id, body: "Hi", visibility: SUBMITTER) { id } }',
        everyone("UNAUTHENTICATED", alice=OK, bob="NOT_FOUND", mia=OK, max="NOT_FOUND", ada=OK),
    ),
    Operation(
        "addMessage as an internal note",
        'mutation($id: ID!) { addMessage(id: $id, body: "Hi", visibility: INTERNAL) { id } }',
        everyone(
            "UNAUTHENTICATED", alice="VALIDATION", bob="NOT_FOUND", mia=OK, max="NOT_FOUND", ada=OK
        ),
    ),
    Operation(
        "board",
        "{ board { totalCount } }",
        everyone("UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max=OK, ada=OK),
    ),
    Operation(
        "teams",
        "{ teams { id } }",
        everyone("UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max=OK, ada=OK),
    ),
    Operation(
        "boardAssignees",
        "{ boardAssignees { id } }",
        everyone("UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max=OK, ada=OK),
    ),
    Operation(
        "setMyLocale",
        "mutation { setMyLocale(locale: NL) { locale } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "assignablePeople",
        "query($id: ID!) { assignablePeople(itemId: $id) { id } }",
        everyone(
            "UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max="NOT_FOUND", ada=OK
        ),
    ),
    Operation(
        "myItems",
        "{ myItems { totalCount } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "categories",
        "{ categories { id } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "submitGrievance",
        'mutation($c: ID!) { submitGrievance(input: {categoryId: $c, title: "t", body: "b"}) '
        "{ receiptCode } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "anonymousItem with the receipt",
        "query($receipt: String!) { anonymousItem(receipt: $receipt) { reference } }",
        everyone(OK),
    ),
    Operation(
        "replyAnonymously with the receipt",
        'mutation($receipt: String!) { replyAnonymously(receipt: $receipt, body: "More") '
        "{ reference } }",
        everyone(OK),
    ),
    Operation(
        "customerStatus with the token",
        "query($token: String!) { customerStatus(token: $token) { reference } }",
        everyone(OK),
    ),
]

CASES = [
    pytest.param(op, caller, id=f"{op.name} as {caller}") for op in OPERATIONS for caller in CALLERS
]


def user_for(world: World, caller: str) -> User | None:
    return getattr(world.org, caller) if caller in ("alice", "bob", "mia", "max", "ada") else None


@pytest.mark.parametrize(("operation", "caller"), CASES)
async def test_operation_by_caller(
    operation: Operation, caller: str, world: World, app: Starlette
) -> None:
    variables = {**operation.variables(world), "c": str(world.org.kitchen.id)}
    async with client(app, user_for(world, caller)) as api:
        body = await api.post(operation.query, variables)
    expected = operation.expected[caller]
    if expected == OK:
        assert "errors" not in body, body
    else:
        assert body.get("errors"), f"{caller} should get {expected}: {body}"
        assert body["errors"][0]["extensions"]["code"] == expected, body


async def test_wrong_receipts_and_tokens_find_nothing(world: World, app: Starlette) -> None:
    async with client(app) as api:
        assert (
            await api.error_code(
                '{ anonymousItem(receipt: "AAAA-AAAA-AAAA-AAAA-AAAA") { reference } }'
            )
            == "NOT_FOUND"
        )
        assert (
            await api.error_code(f'{{ customerStatus(token: "{"0" * 64}") {{ reference }} }}')
            == "NOT_FOUND"
        )


async def test_internal_notes_never_reach_the_employee_or_the_customer(
    world: World, app: Starlette
) -> None:
    org = world.org
    relayed_id = str((await CustomerContact.get(token_lookup__isnull=False)).item_id)
    async with client(app, org.max) as max_:
        await max_.ok(
            'mutation($id: ID!) { addMessage(id: $id, body: "Supplier is slow", '
            "visibility: INTERNAL) { id } }",
            {"id": relayed_id},
        )
        await max_.ok(
            'mutation($id: ID!) { addMessage(id: $id, body: "Which modem?", '
            "visibility: SUBMITTER) { id } }",
            {"id": relayed_id},
        )
        await max_.ok(
            'mutation($id: ID!) { addMessage(id: $id, body: "We are on it", '
            "visibility: PUBLIC) { id } }",
            {"id": relayed_id},
        )
    timeline = "{ type message visibility }"
    async with client(app, org.alice) as alice:
        seen_by_alice = await alice.ok(
            f"query($id: ID!) {{ item(id: $id) {{ timeline {timeline} }} }}", {"id": relayed_id}
        )
    async with client(app) as customer:
        seen_by_customer = await customer.ok(
            "query($t: String!) { customerStatus(token: $t) { timeline { type message } } }",
            {"t": world.token},
        )
    alice_messages = [e["message"] for e in seen_by_alice["item"]["timeline"] if e["message"]]
    customer_messages = [
        e["message"] for e in seen_by_customer["customerStatus"]["timeline"] if e["message"]
    ]
    assert alice_messages == ["Which modem?", "We are on it"]
    assert customer_messages == ["We are on it"]
