"""What operations sees: JSON log lines with request ids and no personal data, health and
readiness, and Prometheus metrics for those allowed to read them.

The log test runs the real launcher (`python -m server.serve`, with the delivery worker
inside) and reads what really reached its stderr while people logged in with a password,
sent an anonymous gripe and looked it up with the receipt code, relayed a customer's
problem, and the customer looked at the status page and stopped emails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from starlette.applications import Starlette
from tortoise import connections

from domain.crypto import customer_status_token
from domain.db import migration_names
from domain.items.models import CustomerContact
from domain.settings import get_settings
from server.app import create_app
from tests.support.api import make_app
from tests.support.http import http_client
from tests.support.live_server import ServedProcess
from tests.support.org import PASSWORD, Org
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually

FORWARDED_FOR = "198.51.100.23"
CUSTOMER_NAME = "Karin Klant"
CUSTOMER_EMAIL = "karin.klant@example.net"
METRICS_TOKEN = "metrics-token-for-the-tests"


async def graphql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> tuple[dict[str, Any], str]:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"X-Forwarded-For": FORWARDED_FOR, "X-Real-IP": FORWARDED_FOR},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"], response.headers["x-request-id"]


async def test_log_lines_are_json_with_request_ids_and_nothing_personal(
    org: Org, sink: SmtpSink, tmp_path: Path
) -> None:
    env = {
        "MOPPER_ENVIRONMENT": "production",
        "MOPPER_LOG_LEVEL": "DEBUG",
        "MOPPER_LOG_FORMAT": "json",
        "MOPPER_EMBEDDED_WORKER": "true",
        "MOPPER_SMTP_PORT": str(sink.port),
        "MOPPER_DELIVERY_POLL_SECONDS": "0.2",
    }
    server = ServedProcess(env, tmp_path / "server.log")
    request_ids = []
    with server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            data, rid = await graphql(
                http,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }",
                {"e": org.bob.email, "p": PASSWORD},
            )
            request_ids.append(rid)
            # Production's cookie is Secure, which httpx keeps to https: sent by hand here.
            cookie = f"__Host-{get_settings().session_cookie_name}"
            session = http.cookies[cookie]
            http.headers["cookie"] = f"{cookie}={session}"
            data, rid = await graphql(
                http,
                """mutation($c: ID!) { submitGrievance(input: {categoryId: $c,
                     title: "Toilets never cleaned", body: "For weeks.", anonymous: true})
                   { receiptCode } }""",
                {"c": str(org.building.id)},
            )
            request_ids.append(rid)
            receipt = data["submitGrievance"]["receiptCode"]
            await graphql(
                http, "query($r: String!) { anonymousItem(receipt: $r) { status } }", {"r": receipt}
            )
            data, _ = await graphql(
                http,
                """mutation($c: ID!, $n: String!, $m: String!) { relayCustomerIssue(input: {
                     categoryId: $c, title: "TV box lost all channels", body: "Since Monday.",
                     customerName: $n, customerEmail: $m, customerLocale: NL, consent: true})
                   { id } }""",
                {"c": str(org.internet.id), "n": CUSTOMER_NAME, "m": CUSTOMER_EMAIL},
            )
            contact = await CustomerContact.get(item_id=int(data["relayCustomerIssue"]["id"]))
            token = customer_status_token(contact.token_salt)
            await graphql(
                http, "query($t: String!) { customerStatus(token: $t) { status } }", {"t": token}
            )
            wrong = await http.post(
                "/graphql",
                json={
                    "query": "mutation($e: String!, $p: String!) "
                    "{ login(email: $e, password: $p) { id } }",
                    "variables": {"e": org.alice.email, "p": "not-alices-password"},
                },
            )
            assert wrong.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
            assert (await http.post(f"/unsubscribe/{token}")).status_code == 200
        # Everyone's emails went out (the worker logs as it goes).
        await sink.wait_for(3)
        await eventually(lambda: any("delivery" in line for line in server.log_lines()))
    lines = server.log_lines()

    records = [json.loads(line) for line in lines]  # every line is one JSON object
    for record in records:
        assert {"time", "level", "logger", "message"} <= set(record), record
    access = [r for r in records if r["logger"] == "mopper.access"]
    assert {r["request_id"] for r in access} >= set(request_ids)
    assert {"method", "path", "status", "duration_ms"} <= set(access[0])
    assert any(r["path"] == "/unsubscribe/…" for r in access)
    assert not any(r["logger"] == "uvicorn.access" for r in records)

    text = "\n".join(lines)
    secrets = {
        "the password": PASSWORD,
        "a wrong password": "not-alices-password",
        "the session token": session,
        "the receipt code": receipt,
        "the receipt code, bare": receipt.replace("-", ""),
        "the status token": token,
        "the customer's name": CUSTOMER_NAME,
        "the customer's address": CUSTOMER_EMAIL,
        "the client's address": FORWARDED_FOR,
        "an employee's address": org.bob.email,
    }
    leaked = [what for what, value in secrets.items() if value in text]
    assert not leaked, f"the log holds {leaked}"


async def test_every_answer_carries_a_request_id(app: Starlette) -> None:
    async with http_client(app) as http:
        mine = await http.get("/healthz", headers={"X-Request-ID": "edge-7f3a9c1b-42"})
        assert mine.headers["x-request-id"] == "edge-7f3a9c1b-42"
        made_up = await http.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
        fresh = await http.get("/healthz")
    assert made_up.headers["x-request-id"] != "<script>alert(1)</script>"
    assert len({made_up.headers["x-request-id"], fresh.headers["x-request-id"]}) == 2


async def test_ready_when_the_database_answers_at_the_newest_migration(app: Starlette) -> None:
    async with http_client(app) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        ready = await http.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_not_ready_while_a_migration_is_missing(db: str) -> None:
    """What an API process that only connects (MOPPER_MIGRATE_ON_START=false) says of a
    database that `python -m server.migrate` has not brought to head yet."""
    newest = migration_names()[-1]
    conn = connections.get("default")
    p = "$" if db == "postgres" else "?"  # only the placeholder is formatted in
    rows = await conn.execute_query_dict(
        f"SELECT applied_at FROM tortoise_migrations WHERE name = {p}1",  # noqa: S608
        [newest],
    )
    await conn.execute_query(
        f"DELETE FROM tortoise_migrations WHERE name = {p}1",  # noqa: S608
        [newest],
    )
    try:
        async with http_client(make_app()) as http:
            answer = await http.get("/readyz")
            assert (await http.get("/healthz")).status_code == 200  # alive all the same
    finally:
        await conn.execute_query(
            f"INSERT INTO tortoise_migrations (app, name, applied_at) VALUES ('models', {p}1, {p}2)",  # noqa: S608, E501
            [newest, rows[0]["applied_at"]],
        )
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "not ready",
        "reason": "migrations pending",
        "pending": [newest],
    }


def metrics_app(token: str) -> Starlette:
    settings = get_settings().model_copy(update={"metrics_token": SecretStr(token)})
    return create_app(settings, manage_database=False)


async def test_metrics_only_with_the_token(db: str) -> None:
    async with http_client(make_app()) as http:
        assert (await http.get("/metrics")).status_code == 404  # no token configured: none
    async with http_client(metrics_app(METRICS_TOKEN)) as http:
        assert (await http.get("/metrics")).status_code == 401
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        assert wrong.status_code == 401


async def test_metrics_tell_latency_by_operation_and_the_outbox(org: Org) -> None:
    app = metrics_app(METRICS_TOKEN)
    async with http_client(app, org.alice) as http:
        for _ in range(3):
            await http.post("/graphql", json={"query": "query MyProfile { me { id } }"})
        await http.post("/graphql", json={"query": "{ me { id } }"})
        await http.post("/graphql", json={"query": "query Broken { nope }"})
        await http.post(
            "/graphql",
            json={
                "query": 'mutation SubmitGripe { submitGrievance(input: {categoryId: "'
                + str(org.building.id)
                + '", title: "Cold coffee", body: "Again."}) { item { id } } }'
            },
        )
        metrics = await http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert metrics.status_code == 200
    samples = dict(
        line.rsplit(" ", 1) for line in metrics.text.splitlines() if not line.startswith("#")
    )
    count = "mopper_graphql_request_duration_seconds_count"
    assert float(samples[f'{count}{{operation="MyProfile"}}']) >= 3
    assert float(samples[f'{count}{{operation="(anonymous)"}}']) >= 1
    assert float(samples[f'{count}{{operation="(refused)"}}']) >= 1
    assert float(samples[f'{count}{{operation="SubmitGripe"}}']) >= 1
    # The gripe queued emails (to Alice and to Facilities' managers) that no worker sent.
    assert float(samples['mopper_outbox_emails{state="PENDING"}']) >= 2
    assert float(samples['mopper_outbox_emails{state="DEAD"}']) == 0
    assert float(samples["mopper_outbox_oldest_pending_age_seconds"]) >= 0
    assert "mopper_delivery_attempts_total" in samples
