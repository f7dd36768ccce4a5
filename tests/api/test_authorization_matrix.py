"""Every operation against every kind of caller.

Callers: the employee who sent the item (Alice), another employee (Bob), a manager of
the item's team (Mia), a manager of another team (Max), the admin (Ada), the holder of
an anonymous item's receipt code, the customer with their status link, and nobody.
Expected: "ok", or the error code the caller must get.

Operations of the anonymous channel (`/graphql/anonymous`) are sent with the caller's
session cookie in the jar: every caller gets the same answer there, because the channel
never sees a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items.models import CustomerContact
from domain.org.enums import Role
from domain.org.models import User
from domain.sso.models import OidcGroupMapping
from tests.support.api import ANONYMOUS_PATH, SESSION_PATH, client
from tests.support.domain import anonymous_gripe, gripe, relay
from tests.support.org import Org

CALLERS = ["alice", "bob", "mia", "max", "ada", "receipt", "customer", "nobody"]
OK = "ok"


@dataclass
class World:
    org: Org
    item_id: str  # Alice's named gripe, in Mia's team
    anonymous_id: str  # an anonymous gripe, in Mia's team
    waiting_id: str  # an anonymous gripe not filed yet, in Mia's team
    receipt: str
    token: str  # the customer's status token of a problem Alice relayed
    mapping_id: str  # a single sign-on group mapping


@pytest.fixture
async def world(org: Org) -> World:
    named = await gripe(org, org.alice, category=org.kitchen)
    anonymous = await anonymous_gripe(org, org.alice, category=org.building)
    waiting = await anonymous_gripe(org, org.alice, category=org.building, file=False)
    relayed = await relay(org, org.alice)
    contact = await CustomerContact.get(item_id=relayed.id)
    mapping = await OidcGroupMapping.create(group="staff", role=Role.EMPLOYEE)
    return World(
        org=org,
        item_id=str(named.item.id),
        anonymous_id=str(anonymous.card.id),
        waiting_id=str(waiting.card.id),
        receipt=anonymous.receipt_code,
        token=customer_status_token(contact.token_salt),
        mapping_id=str(mapping.id),
    )


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    expected: dict[str, str]
    path: str = SESSION_PATH

    def variables(self, world: World) -> dict[str, Any]:
        return {
            "id": world.item_id,
            "anon": world.anonymous_id,
            "waiting": world.waiting_id,
            "receipt": world.receipt,
            "token": world.token,
            "mia": str(world.org.mia.id),
            "bob": str(world.org.bob.id),
            "mapping": world.mapping_id,
        }


def everyone(default: str, **overrides: str) -> dict[str, str]:
    return {caller: overrides.get(caller, default) for caller in CALLERS}


ADMIN_ONLY = everyone(
    "UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia="FORBIDDEN", max="FORBIDDEN", ada=OK
)

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
    Operation(
        "anonymous item waiting for the filing, by id",
        "query($waiting: ID!) { item(id: $waiting) { id } }",
        everyone(
            "UNAUTHENTICATED",
            alice="NOT_FOUND",
            bob="NOT_FOUND",
            mia="NOT_FOUND",
            max="NOT_FOUND",
            ada="NOT_FOUND",
        ),
    ),
    Operation(
        "acknowledgeItem of an anonymous item waiting for the filing",
        "mutation($waiting: ID!) { acknowledgeItem(id: $waiting) { id } }",
        everyone(
            "UNAUTHENTICATED",
            alice="FORBIDDEN",
            bob="FORBIDDEN",
            mia="NOT_FOUND",
            max="NOT_FOUND",
            ada="NOT_FOUND",
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
        "{ item { id } } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "triageAid",
        "{ triageAid { questions { id } } }",
        everyone("UNAUTHENTICATED", alice="FORBIDDEN", bob="FORBIDDEN", mia=OK, max=OK, ada=OK),
    ),
    Operation(
        "acknowledgeWithTriage",
        "mutation($id: ID!) { acknowledgeWithTriage(id: $id, answers: [1, 2, 1, 0]) { id } }",
        TRIAGE,
    ),
    Operation(
        "saveTriageAid (a broken tree: refused only once allowed)",
        "mutation { saveTriageAid(tree: {questions: [], proposals: []}) { version } }",
        everyone(
            "UNAUTHENTICATED",
            alice="FORBIDDEN",
            bob="FORBIDDEN",
            mia="FORBIDDEN",
            max="FORBIDDEN",
            ada="VALIDATION",
        ),
    ),
    Operation(
        "resetTriageAid",
        "mutation { resetTriageAid { version } }",
        everyone(
            "UNAUTHENTICATED",
            alice="FORBIDDEN",
            bob="FORBIDDEN",
            mia="FORBIDDEN",
            max="FORBIDDEN",
            ada=OK,
        ),
    ),
    Operation(
        "adminLog",
        "{ adminLog { totalCount } }",
        everyone(
            "UNAUTHENTICATED",
            alice="FORBIDDEN",
            bob="FORBIDDEN",
            mia="FORBIDDEN",
            max="FORBIDDEN",
            ada=OK,
        ),
    ),
    *[
        Operation(name, query, ADMIN_ONLY if expected is None else expected)
        for name, query, expected in [
            ("people", '{ people(search: "a") { totalCount } }', None),
            ("peopleExport", "{ peopleExport }", None),
            (
                "previewPeopleImport",
                'query { previewPeopleImport(csv: "email,name\\r\\nz@example.com,Z\\r\\n") '
                "{ created } }",
                None,
            ),
            (
                "importPeople",
                'mutation { importPeople(csv: "email,name\\r\\nz@example.com,Z\\r\\n") '
                "{ created } }",
                None,
            ),
            (
                "invitePerson",
                'mutation { invitePerson(input: {email: "z@example.com", displayName: "Z"}) '
                "{ id } }",
                None,
            ),
            (
                "changePerson",
                "mutation($bob: ID!) { changePerson(id: $bob, input: {locale: NL}) { id } }",
                None,
            ),
            ("deactivatePerson", "mutation($bob: ID!) { deactivatePerson(id: $bob) { id } }", None),
            ("reactivatePerson", "mutation($bob: ID!) { reactivatePerson(id: $bob) { id } }", None),
            (
                "resendInvitation of someone with a password",
                "mutation($bob: ID!) { resendInvitation(id: $bob) { id } }",
                {**ADMIN_ONLY, "ada": "VALIDATION"},
            ),
        ]
    ],
    Operation(
        "accountLink with a forged token",
        '{ accountLink(token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") { email } }',
        everyone("LINK_INVALID"),
    ),
    Operation(
        "setPasswordWithLink with a forged token",
        'mutation { setPasswordWithLink(token: "AAAA", password: "a long walk on the beach") '
        "{ id } }",
        everyone("LINK_INVALID"),
    ),
    Operation(
        "requestPasswordReset",
        'mutation { requestPasswordReset(email: "bob@example.com") }',
        everyone(OK),
    ),
    Operation(
        "changeMyPassword with a wrong current password",
        'mutation { changeMyPassword(currentPassword: "wrong", newPassword: "a long walk on '
        'the beach") }',
        everyone(
            "VALIDATION",
            receipt="UNAUTHENTICATED",
            customer="UNAUTHENTICATED",
            nobody="UNAUTHENTICATED",
        ),
    ),
    Operation(
        "anonymousTokenKey",
        "{ anonymousTokenKey { keyId } }",
        everyone(
            OK, receipt="UNAUTHENTICATED", customer="UNAUTHENTICATED", nobody="UNAUTHENTICATED"
        ),
    ),
    Operation(
        "issueAnonymousTokens (an empty batch)",
        'mutation { issueAnonymousTokens(keyId: "0000000000000000", blinded: []) { keyId } }',
        everyone(
            "VALIDATION",
            receipt="UNAUTHENTICATED",
            customer="UNAUTHENTICATED",
            nobody="UNAUTHENTICATED",
        ),
    ),
    Operation(
        "categories on the anonymous channel",
        "{ categories { id } }",
        everyone(OK),
        ANONYMOUS_PATH,
    ),
    Operation(
        "submitAnonymousGripe with a token that is none",
        'mutation($c: ID!) { submitAnonymousGripe(input: {categoryId: $c, title: "t", '
        'body: "b"}, token: "bt1.nonsense") { receiptCode } }',
        everyone("TOKEN_MALFORMED"),
        ANONYMOUS_PATH,
    ),
    Operation(
        "anonymousItem with the receipt",
        "query($receipt: String!) { anonymousItem(receipt: $receipt) { reference } }",
        everyone(OK),
        ANONYMOUS_PATH,
    ),
    Operation(
        "replyAnonymously with the receipt",
        'mutation($receipt: String!) { replyAnonymously(receipt: $receipt, body: "More") '
        "{ reference } }",
        everyone(OK),
        ANONYMOUS_PATH,
    ),
    Operation(
        "markAnonymousItemSeen with the receipt",
        "mutation($receipt: String!) { markAnonymousItemSeen(receipt: $receipt) { reference } }",
        everyone(OK),
        ANONYMOUS_PATH,
    ),
    Operation(
        "signInOptions (the login page asks before anyone is logged in)",
        "{ signInOptions { passwordLogin singleSignOn } }",
        everyone(OK),
    ),
    Operation("oidcGroupMappings", "{ oidcGroupMappings { id group } }", ADMIN_ONLY),
    Operation(
        "setOidcGroupMapping",
        'mutation { setOidcGroupMapping(group: "managers", role: MANAGER, teamIds: []) { id } }',
        ADMIN_ONLY,
    ),
    Operation(
        "removeOidcGroupMapping",
        "mutation($mapping: ID!) { removeOidcGroupMapping(id: $mapping) { id } }",
        ADMIN_ONLY,
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
    async with client(app, user_for(world, caller), path=operation.path) as api:
        body = await api.post(operation.query, variables)
    expected = operation.expected[caller]
    if expected == OK:
        assert "errors" not in body, body
    else:
        assert body.get("errors"), f"{caller} should get {expected}: {body}"
        assert body["errors"][0]["extensions"]["code"] == expected, body


async def test_wrong_receipts_and_tokens_find_nothing(world: World, app: Starlette) -> None:
    async with client(app, path=ANONYMOUS_PATH) as anonymous:
        assert (
            await anonymous.error_code(
                '{ anonymousItem(receipt: "AAAA-AAAA-AAAA-AAAA-AAAA") { reference } }'
            )
            == "NOT_FOUND"
        )
    async with client(app) as api:
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
