"""Mopper's schema answers every document the web app sends as a stock `strawberry.Schema`
over the same types does: the same data, the same errors at the same places.

The documents are taken from the web app's source (`frontend/src`: every `graphql(…)`
and `anonymousGraphql(…)` template, with the fragments each operation spreads), for
both channels, so a document added to the web app is covered here or fails
`test_every_document_of_the_web_app_has_a_scenario`. Each runs twice on the same data:
through `MopperSchema` and through `strawberry.Schema(query=…, mutation=…)` — both
inside a transaction that is rolled back afterwards, at the same fixed moment, with a
fresh context of the same session — and the answers are compared.

What Mopper adds on purpose is left out of the comparison: the `extensions.code` of an
error (a stock schema has none), and the text of an unexpected error (Mopper says
INTERNAL without the details). What is random by design — a new anonymous item's
receipt code and reference — is compared by its form.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import strawberry
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from starlette.requests import Request
from tortoise.transactions import in_transaction

from domain.auth.sessions import open_session
from domain.clock import recorded_at
from domain.crypto import customer_status_token
from domain.items.models import CustomerContact
from domain.settings import get_settings
from graphql_schema.anonymous.context import AnonymousContext
from graphql_schema.anonymous.schema import (
    AnonymousMutation,
    AnonymousQuery,
    build_anonymous_schema,
)
from graphql_schema.context import Context
from graphql_schema.error_codes import ErrorCode
from graphql_schema.errors import INTERNAL
from graphql_schema.schema import Mutation, Query, build_schema
from graphql_schema.services import Services
from tests.support.anonymity import Batch, token_keys, tokens_for
from tests.support.domain import anonymous_gripe, gripe, relay
from tests.support.org import PASSWORD, Org

FRONTEND_SOURCE = Path(__file__).resolve().parents[2] / "frontend" / "src"
SESSION, ANONYMOUS = "graphql", "anonymousGraphql"
_TEMPLATE = re.compile(r"\b(graphql|anonymousGraphql)\(\s*`([^`]*)`")
MOMENT = datetime(2026, 11, 30, 10, 15, tzinfo=UTC)  # a Monday, in office hours


def web_app_documents() -> dict[str, dict[str, str]]:
    """{channel: {operation name: the document as the web app sends it}}."""
    definitions: dict[str, list[Any]] = {SESSION: [], ANONYMOUS: []}
    for path in sorted(FRONTEND_SOURCE.rglob("*.ts*")):
        for tag, text in _TEMPLATE.findall(path.read_text()):
            assert "${" not in text, f"{path}: a document must not be built from pieces"
            definitions[tag].extend(parse(text).definitions)
    documents: dict[str, dict[str, str]] = {}
    for channel, found in definitions.items():
        fragments = {d.name.value: d for d in found if isinstance(d, FragmentDefinitionNode)}
        documents[channel] = {}
        for operation in (d for d in found if isinstance(d, OperationDefinitionNode)):
            assert operation.name is not None, "the web app names its operations"
            needed = _spread(operation, fragments)
            document = DocumentNode(definitions=(operation, *(fragments[n] for n in needed)))
            documents[channel][operation.name.value] = print_ast(document)
    return documents


def _spread(node: Any, fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """The fragments `node` spreads, and theirs, each once, in order of first use."""
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            if spread.name.value not in names:
                names.append(spread.name.value)
                visit(fragments[spread.name.value], self)

    visit(node, Spreads())
    return names


@dataclass
class World:
    """What the scenarios need: people with sessions, and items in several states."""

    org: Org
    sessions: dict[str, str]  # person -> session token
    values: dict[str, Any]


Scenario = tuple[str | None, Callable[[World], Awaitable[dict[str, Any]] | dict[str, Any]]]


def _filters(world: World) -> dict[str, Any]:
    statuses = ("NEW", "ACKNOWLEDGED", "IN_PROGRESS", "WAITING_FOR_INFO", "RESOLVED")
    names = ("new", "acknowledged", "inProgress", "waitingForInfo", "resolved")
    columns: dict[str, dict[str, Any]] = {
        name: {"statuses": [status]} for name, status in zip(names, statuses, strict=True)
    }
    columns["declined"] = {"statuses": ["DECLINED"]}
    columns["closed"] = {"statuses": ["CLOSED"], "text": "coffee"}
    return {"sort": "PRIORITY", "first": 10, **columns}


async def _blinded(world: World) -> dict[str, Any]:
    published = await world.values["keys"].published(MOMENT)
    batch = Batch.for_key(published.key_id, published.spki_b64, published.batch_size)
    return {"keyId": batch.key_id, "blinded": batch.wire}


# Who sends each document (a person's session, or None) and with which variables.
SCENARIOS: dict[str, dict[str, Scenario]] = {
    SESSION: {
        "BoardColumns": ("mia", _filters),
        "BoardColumn": (
            "mia",
            lambda w: {"filter": {"statuses": ["NEW"]}, "sort": "OLDEST", "first": 1},
        ),
        "BoardFilterOptions": ("mia", lambda w: {}),
        "BoardItem": ("mia", lambda w: {"id": w.values["gripe"]}),
        "TransitionItem": (
            "mia",
            lambda w: {
                "id": w.values["gripe"],
                "to": "WAITING_FOR_INFO",
                "message": "Which floor?",
                "visibility": "SUBMITTER",
                "expectedVersion": 1,
            },
        ),
        "AssignItem": (
            "mia",
            lambda w: {"id": w.values["gripe"], "assigneeId": str(w.org.lou.id)},
        ),
        "SetPriority": (
            "mia",
            lambda w: {"id": w.values["gripe"], "priority": "HIGH", "expectedVersion": 9},
        ),
        "AddMessage": (
            "mia",
            lambda w: {"id": w.values["gripe"], "body": "On it.", "visibility": "SUBMITTER"},
        ),
        "TriageAid": ("mia", lambda w: {}),
        "AcknowledgeWithTriage": (
            "mia",
            lambda w: {"id": w.values["gripe"], "answers": [0, 0], "expectedVersion": 1},
        ),
        "SignInOptions": (None, lambda w: {}),
        "PossibleDuplicates": ("mia", lambda w: {"id": w.values["gripe"]}),
        "MergeItem": (
            "mia",
            lambda w: {"id": w.values["gripe"], "into": w.values["gripe"], "expectedVersion": 1},
        ),
        "SimilarItems": ("alice", lambda w: {"title": "coffee machine"}),
        "SharedItems": ("bob", lambda w: {"sort": "NEWEST", "search": None}),
        "SharedItem": ("bob", lambda w: {"id": w.values["gripe"]}),
        "SayMeToo": ("bob", lambda w: {"id": w.values["gripe"]}),
        "Categories": ("alice", lambda w: {}),
        "AnonymousTokenKey": ("alice", lambda w: {}),
        "IssueAnonymousTokens": ("alice", _blinded),
        "Me": ("alice", lambda w: {}),
        "Logout": ("bob", lambda w: {}),
        "SetMyLocale": ("alice", lambda w: {"locale": "NL"}),
        "SubmitGrievance": (
            "alice",
            lambda w: {
                "input": {
                    "categoryId": str(w.org.kitchen.id),
                    "title": "The fridge smells",
                    "body": "Since Friday.",
                }
            },
        ),
        "OwnItem": ("alice", lambda w: {"id": w.values["gripe"]}),
        "ReplyToTeam": ("alice", lambda w: {"id": w.values["gripe"], "body": "Second floor."}),
        "GiveFeedback": ("alice", lambda w: {"id": w.values["gripe"], "solved": True}),
        "Login": (None, lambda w: {"email": "alice@example.com", "password": PASSWORD}),
        "MyItems": ("alice", lambda w: {"first": 1}),
        "RelayCustomerIssue": (
            "max",
            lambda w: {
                "input": {
                    "categoryId": str(w.org.internet.id),
                    "title": "No TV since the storm",
                    "body": "The box blinks red.",
                    "customerName": "Karin Klant",
                    "customerEmail": "karin@example.net",
                    "customerLocale": "NL",
                    "consent": True,
                }
            },
        ),
        "CustomerStatus": (None, lambda w: {"token": w.values["customer"]}),
        "CustomerFeedback": (
            None,
            lambda w: {"token": w.values["customer"], "solved": False, "reason": "Still red."},
        ),
        "ReplyAsCustomer": (None, lambda w: {"token": w.values["customer"], "body": "Thanks!"}),
        "StopCustomerEmails": (None, lambda w: {"token": w.values["customer"]}),
        "ResumeCustomerEmails": (None, lambda w: {"token": w.values["customer"]}),
        "NotificationsMenu": ("mia", lambda w: {}),
        "MarkNotificationsRead": ("mia", lambda w: {}),
        "EmailPreferences": ("mia", lambda w: {}),
        "SetEmailPreference": ("mia", lambda w: {"kind": "NEW_ITEMS", "delivery": "IMMEDIATE"}),
        "AccountLink": (None, lambda w: {"token": "no-such-link"}),
        "SetPasswordWithLink": (
            None,
            lambda w: {"token": "no-such-link", "password": "a long enough passphrase"},
        ),
        "RequestPasswordReset": (None, lambda w: {"email": "nobody@example.com"}),
        "ChangeMyPassword": (
            "alice",
            lambda w: {"current": "not the password", "next": "a long enough passphrase"},
        ),
        "WeDid": ("bob", lambda w: {"period": "LAST_30_DAYS"}),
    },
    ANONYMOUS: {
        "AnonymousCategories": (None, lambda w: {}),
        "SayMeTooAnonymously": (
            None,
            lambda w: {"id": w.values["gripe"], "token": w.values["token"]},
        ),
        "FollowMeToo": (None, lambda w: {"receipt": w.values["receipt"]}),
        "SubmitAnonymousGripe": (
            None,
            lambda w: {
                "input": {
                    "categoryId": str(w.org.building.id),
                    "title": "The lift is stuck",
                    "body": "Again.",
                },
                "token": w.values["token"],
            },
        ),
        "AnonymousItem": (None, lambda w: {"receipt": w.values["receipt"]}),
        "MarkAnonymousItemSeen": (None, lambda w: {"receipt": w.values["receipt"]}),
        "ReplyAnonymously": (
            None,
            lambda w: {"receipt": w.values["receipt"], "body": "It is the third floor."},
        ),
    },
}


def stock_schemas() -> dict[str, strawberry.Schema]:
    """Plain Strawberry over the very same types: no extension, no limits, no codes."""
    return {
        SESSION: strawberry.Schema(query=Query, mutation=Mutation, types=[ErrorCode]),
        ANONYMOUS: strawberry.Schema(
            query=AnonymousQuery, mutation=AnonymousMutation, types=[ErrorCode]
        ),
    }


def mopper_schemas() -> dict[str, strawberry.Schema]:
    return {
        SESSION: build_schema(introspection=False),
        ANONYMOUS: build_anonymous_schema(introspection=False),
    }


@pytest_asyncio.fixture
async def world(org: Org) -> AsyncIterator[World]:
    keys = token_keys()
    with recorded_at(MOMENT):
        named = await gripe(org, org.alice)
        relayed = await relay(org, org.max)
        anonymous = await anonymous_gripe(org, org.bob)
        contact = await CustomerContact.get(item_id=relayed.id)
        sessions = {
            person: await open_session(getattr(org, person).id, ttl_hours=1)
            for person in ("alice", "bob", "mia", "max")
        }
        token = (await tokens_for(org.bob.id, keys))[0]
    yield World(
        org=org,
        sessions=sessions,
        values={
            "gripe": str(named.item.id),
            "customer": customer_status_token(contact.token_salt),
            "receipt": anonymous.receipt_code,
            "token": token,
            "keys": keys,
        },
    )


class RolledBack(Exception):
    pass


_RANDOM = {
    "receiptCode": re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"),
    "reference": re.compile(r"MOP-A[0-9A-Z]{6}"),
}


def _without_chance(value: Any) -> Any:
    """`value` with what is random by design replaced by the form it must have. The ids
    of timeline entries written during the scenario count as chance too: PostgreSQL's
    sequences do not give back the numbers a rolled-back transaction took, so the second
    schema's run writes its events under the next ids."""
    if isinstance(value, dict):
        if isinstance(value.get("timeline"), list):
            value = {
                **value,
                "timeline": [
                    {**entry, "id": "<id>"} if isinstance(entry, dict) and "id" in entry else entry
                    for entry in value["timeline"]
                ],
            }
        return {
            key: f"<{key}>"
            if key in _RANDOM and isinstance(item, str) and _RANDOM[key].fullmatch(item)
            else _without_chance(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_chance(item) for item in value]
    return value


def _request(cookie: str | None) -> Request:
    headers = [] if cookie is None else [(b"cookie", cookie.encode())]
    return Request(
        {
            "type": "http",
            "method": "POST",
            "path": "/graphql",
            "headers": headers,
            "client": ("192.0.2.7", 50000),
            "query_string": b"",
        }
    )


async def _answer(
    schema: strawberry.Schema,
    channel: str,
    query: str,
    variables: dict[str, Any],
    cookie: str | None,
    services: Services,
) -> dict[str, Any]:
    """The answer to one document, on data that is put back afterwards."""
    request = _request(cookie)
    context = (
        Context(request, services) if channel == SESSION else AnonymousContext(request, services)
    )
    answer: dict[str, Any] = {}
    try:
        async with in_transaction():
            with recorded_at(MOMENT):
                result = await schema.execute(
                    query, variable_values=variables, context_value=context
                )
            answer = {
                "data": _without_chance(result.data),
                "errors": sorted(
                    (
                        tuple(error.path or ()),
                        None if (error.extensions or {}).get("code") == INTERNAL else error.message,
                    )
                    for error in result.errors or []
                ),
            }
            raise RolledBack
    except RolledBack:
        pass
    return answer


# Scenarios that write a new item: on PostgreSQL, the second run's item takes the next
# number of the sequence (a rolled-back transaction does not give it back), so its id
# and reference are compared by their form only.
NEW_ROWS = {"SubmitGrievance", "RelayCustomerIssue"}
_NUMBERED = {"id": re.compile(r"[0-9]+"), "reference": re.compile(r"MOP-[0-9]{5,}")}


def _numbers_masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: f"<{key}>"
            if key in _NUMBERED and isinstance(item, str) and _NUMBERED[key].fullmatch(item)
            else _numbers_masked(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_numbers_masked(item) for item in value]
    return value


def test_every_document_of_the_web_app_has_a_scenario() -> None:
    documents = web_app_documents()
    assert len(documents[SESSION]) >= 20 and len(documents[ANONYMOUS]) >= 4
    for channel, named in documents.items():
        assert set(named) == set(SCENARIOS[channel]), (
            f"{channel}: give each new document of the web app a scenario here"
        )


@pytest.mark.parametrize("channel", [SESSION, ANONYMOUS])
async def test_mopper_answers_as_a_stock_strawberry_schema(world: World, channel: str) -> None:
    services = Services.from_settings(get_settings())
    cookie_name = get_settings().session_cookie
    mopper, stock = mopper_schemas()[channel], stock_schemas()[channel]
    answered = 0
    for name, query in web_app_documents()[channel].items():
        person, make_variables = SCENARIOS[channel][name]
        variables = make_variables(world)
        if not isinstance(variables, dict):
            variables = await variables
        cookie = None if person is None else f"{cookie_name}={world.sessions[person]}"
        ours = await _answer(mopper, channel, query, variables, cookie, services)
        theirs = await _answer(stock, channel, query, variables, cookie, services)
        if name in NEW_ROWS:
            ours, theirs = _numbers_masked(ours), _numbers_masked(theirs)
        assert ours == theirs, name
        answered += ours["data"] is not None and not ours["errors"]
    # Most scenarios get an answer without errors, so that the data is compared too.
    assert answered >= len(SCENARIOS[channel]) * 2 // 3
