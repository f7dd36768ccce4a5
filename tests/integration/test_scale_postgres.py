"""Production shape on PostgreSQL: two API processes (`python -m server.serve`) and two
`python -m workers` on one database of the test's own. A burst of gripes through the
API, then the database server stops and starts again under load: while it is down the
API answers with coded errors and /readyz says 503 (never a traceback), afterwards
everything works again by itself, and every email reached the SMTP server exactly once.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from devtools.demo import DEMO_PASSWORD
from tests.support.live_server import ServedProcess
from tests.support.own_postgres import OwnPostgres
from tests.support.smtp import SmtpSink
from tests.support.waiting import eventually
from tests.support.workers import WorkerProcess

ROOT = Path(__file__).resolve().parents[2]
METRICS_TOKEN = "scale-test-metrics-token"
SUBMIT = (
    "mutation SubmitGripe($c: ID!, $t: String!) { submitGrievance(input: "
    '{categoryId: $c, title: $t, body: "Seen at scale."}) { item { id } } }'
)
BURST = 120


@pytest.fixture
def own_postgres() -> Any:
    cluster = OwnPostgres().init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()


def run(module: str, database_url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        env={**os.environ, "MOPPER_DATABASE_URL": database_url},
        check=True,
        capture_output=True,
        timeout=120,
    )


class Load:
    """Clients submitting gripes as fast as they are answered, keeping every answer."""

    def __init__(self, http: httpx.AsyncClient, category_id: int) -> None:
        self.http = http
        self.category_id = category_id
        self.answers: list[httpx.Response] = []
        self.failures: list[str] = []  # what could not even be read
        self.stopping = asyncio.Event()

    async def submit(self, title: str) -> httpx.Response:
        response = await self.http.post(
            "/graphql",
            json={"query": SUBMIT, "variables": {"c": str(self.category_id), "t": title}},
        )
        self.answers.append(response)
        return response

    async def client(self, name: str) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            try:
                await self.submit(f"{name} gripe {n}")
            except httpx.HTTPError as error:
                self.failures.append(repr(error))
                await asyncio.sleep(0.05)

    def succeeded(self) -> int:
        return sum(1 for a in self.answers if a.status_code == 200 and "errors" not in a.json())


def coded_failure(answer: httpx.Response) -> str:
    """The code of a failed answer; fails the test on anything else (a traceback, HTML)."""
    assert answer.headers["content-type"].startswith("application/json"), answer.text
    assert "Traceback" not in answer.text and "asyncpg" not in answer.text, answer.text
    code: str = answer.json()["errors"][0]["extensions"]["code"]
    return code


@pytest.mark.postgres_only
async def test_two_api_processes_and_two_workers_survive_a_database_restart(
    own_postgres: OwnPostgres, sink: SmtpSink, tmp_path: Path
) -> None:
    admin = await asyncpg.connect(f"{own_postgres.url}/postgres")
    await admin.execute("CREATE DATABASE mopper")
    await admin.close()
    database_url = f"{own_postgres.url}/mopper"
    run("server.migrate", database_url)  # as compose's one-shot service does
    run("devtools.demo", database_url)
    db = await asyncpg.connect(database_url)
    category_id = await db.fetchval("SELECT id FROM categories ORDER BY id LIMIT 1")
    first_new_row = await db.fetchval("SELECT coalesce(max(id), 0) + 1 FROM notifications")
    await db.close()

    env = {
        "MOPPER_DATABASE_URL": database_url,
        "MOPPER_WEB_WORKERS": "2",
        "MOPPER_MIGRATE_ON_START": "false",
        "MOPPER_METRICS_TOKEN": METRICS_TOKEN,
        "MOPPER_METRICS_DIR": str(tmp_path / "metrics"),
        "MOPPER_LOG_LEVEL": "INFO",
    }
    with ServedProcess(env, tmp_path / "api.log") as api:
        async with (
            # A worker whose "sent" write meets the outage keeps retrying it within its
            # lease; exactly-once holds for an outage shorter than the lease, so the
            # lease here outlasts a restart on a busy machine (the fast default is 5 s).
            WorkerProcess(sink.port, database_url=database_url, delivery_lease_seconds=60),
            WorkerProcess(sink.port, database_url=database_url, delivery_lease_seconds=60),
            httpx.AsyncClient(base_url=api.url, timeout=30) as http,
        ):
            login = await http.post(
                "/graphql",
                json={
                    "query": 'mutation { login(email: "alice@mopper.example", '
                    f'password: "{DEMO_PASSWORD}") {{ id }} }}'
                },
            )
            assert "errors" not in login.json(), login.text
            load = Load(http, category_id)

            # A burst: many gripes at once through both API processes.
            burst = await asyncio.gather(*(load.submit(f"Burst {n}") for n in range(BURST)))
            assert all("errors" not in a.json() for a in burst), [a.text for a in burst][:3]

            # The database goes away under load, and comes back.
            clients = [asyncio.create_task(load.client(f"c{n}")) for n in range(4)]
            await eventually(lambda: load.succeeded() >= BURST + 20)
            own_postgres.stop()
            answered = len(load.answers)
            await eventually(lambda: len(load.answers) >= answered + 8)
            down = await http.get("/readyz")
            assert (down.status_code, down.json()["reason"]) == (503, "database unreachable")
            own_postgres.start()
            recovered = load.succeeded()
            await eventually(lambda: load.succeeded() >= recovered + 40, within=60)
            assert (await http.get("/readyz")).status_code == 200
            load.stopping.set()
            await asyncio.gather(*clients)

            failed = [a for a in load.answers if a.status_code != 200 or "errors" in a.json()]
            assert failed, "the outage was not noticed"
            assert {coded_failure(a) for a in failed} == {"INTERNAL"}
            assert not load.failures, load.failures[:3]

            # Every email of every gripe that was filed reached the SMTP server once.
            db = await asyncpg.connect(database_url)
            try:

                async def delivered() -> bool:
                    waiting = await db.fetchval(
                        "SELECT count(*) FROM notifications WHERE channel = 'EMAIL' "
                        "AND id >= $1 AND state <> 'SENT'",
                        first_new_row,
                    )
                    return int(waiting) == 0

                await eventually(delivered, within=120)
                rows = await db.fetch(
                    "SELECT message_id FROM notifications WHERE channel = 'EMAIL' AND id >= $1",
                    first_new_row,
                )
                filed = await db.fetchval("SELECT count(*) FROM items WHERE title LIKE '% gripe %'")
            finally:
                await db.close()
            metrics = await http.get(
                "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
            )

    queued = {row["message_id"] for row in rows}
    arrived = Counter(r.message_id for r in sink.received)
    assert set(arrived) == queued
    assert set(arrived.values()) == {1}
    assert filed >= load.succeeded() - BURST  # nothing answered as filed was lost

    # Both processes' requests are in one scrape (prometheus-client's multiprocess mode).
    line = 'mopper_graphql_request_duration_seconds_count{operation="SubmitGripe"} '
    counted = next(s for s in metrics.text.splitlines() if s.startswith(line))
    assert float(counted.split()[-1]) == len(load.answers)
