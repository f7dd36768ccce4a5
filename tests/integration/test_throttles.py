"""Login and receipt look-up throttles, through the API: counted in the database before
anything is checked, so a burst is held to the limit; shared by every API process; a
guesser slows an account down but locks nobody out; X-Forwarded-For only from a proxy we
trust."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from domain import clock
from domain.auth.models import Session, ThrottleCounter
from domain.auth.throttle import FIRST_DELAY_SECONDS, Limit
from domain.auth.throttle import Counter as ThrottleKind
from domain.settings import get_settings
from server.app import create_app
from tests.support.api import BASE_URL, GraphQLClient
from tests.support.live_server import ServedProcess
from tests.support.org import PASSWORD, Org
from workers.schedules import forget_ended_throttle_windows

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { displayName } }"
LOOKUP = "query($r: String!) { anonymousItem(receipt: $r) { status } }"
WRONG = "not the password at all"
ACCOUNT_CLIENT_LIMIT = 5  # MOPPER_LOGIN_ACCOUNT_CLIENT_LIMIT's default
ACCOUNT_LIMIT = 20  # MOPPER_LOGIN_ACCOUNT_LIMIT's default
CLIENT_LIMIT = 30  # MOPPER_LOGIN_CLIENT_LIMIT's default
RECEIPT_LIMIT = 20  # MOPPER_RECEIPT_LOOKUP_LIMIT's default
OFFICE = "198.51.100.7"  # the office's one address to the internet (NAT)


class Clock:
    """The throttles' "now", moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # Only the throttles read the clock through the module (`clock.utcnow()`).
    moved = Clock()
    monkeypatch.setattr(clock, "utcnow", moved)
    return moved


def transport(app: Starlette, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 50000)), base_url=BASE_URL
    )


async def answer(http: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> str:
    """OK, or the error's code."""
    body = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
    if body.get("errors"):
        return str(body["errors"][0]["extensions"]["code"])
    return "OK"


async def login(app: Starlette, address: str, email: str, password: str) -> dict[str, Any]:
    async with transport(app, address) as http:
        return await GraphQLClient(http).post(LOGIN, {"e": email, "p": password})


def code_of(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"]) if body.get("errors") else "OK"


async def burst(app: Starlette, address: str, email: str, count: int) -> list[str]:
    """`count` logins sent at once from `address`, all wrong but the last."""
    async with transport(app, address) as http:
        passwords = [WRONG] * (count - 1) + [PASSWORD]
        return list(
            await asyncio.gather(*(answer(http, LOGIN, {"e": email, "p": p}) for p in passwords))
        )


async def test_a_burst_of_logins_is_held_to_the_limit(org: Org, app: Starlette) -> None:
    codes = Counter(await burst(app, OFFICE, org.bob.email, 100))
    # Exactly the limit had their password checked; the right one either came in time
    # (and gave its place back: only failures use the window up) or waits like the rest.
    assert codes["INVALID_CREDENTIALS"] == ACCOUNT_CLIENT_LIMIT, codes
    assert codes["OK"] <= 1
    assert codes["RATE_LIMITED"] == 100 - ACCOUNT_CLIENT_LIMIT - codes["OK"]
    assert set(codes) <= {"INVALID_CREDENTIALS", "RATE_LIMITED", "OK"}
    assert await Session.filter(user_id=org.bob.id).count() == codes["OK"]


async def test_a_refusal_says_how_long_to_wait(org: Org, app: Starlette, frozen: Clock) -> None:
    for _ in range(ACCOUNT_CLIENT_LIMIT):
        assert code_of(await login(app, OFFICE, org.bob.email, WRONG)) == "INVALID_CREDENTIALS"
    refused = await login(app, OFFICE, org.bob.email, PASSWORD)
    assert refused["errors"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 15 * 60}
    frozen.advance(15 * 60 - 1)
    assert code_of(await login(app, OFFICE, org.bob.email, PASSWORD)) == "RATE_LIMITED"
    frozen.advance(1)  # the window has ended
    assert code_of(await login(app, OFFICE, org.bob.email, PASSWORD)) == "OK"


async def test_a_burst_of_receipt_lookups_is_held_to_the_limit(org: Org, app: Starlette) -> None:
    async with transport(app, "203.0.113.50") as bob:
        submitted = await GraphQLClient(bob).post(LOGIN, {"e": org.bob.email, "p": PASSWORD})
        assert code_of(submitted) == "OK"
        sent = await GraphQLClient(bob).ok(
            """mutation($c: ID!) { submitGrievance(input: {categoryId: $c, title: "Cold",
                 body: "The heating is off.", anonymous: true}) { receiptCode } }""",
            {"c": str(org.building.id)},
        )
    receipt = sent["submitGrievance"]["receiptCode"]
    guesses = [f"AAAA-AAAA-AAAA-AAAA-{i:04d}" for i in range(99)] + [receipt]
    async with transport(app, OFFICE) as guesser:
        codes = Counter(await asyncio.gather(*(answer(guesser, LOOKUP, {"r": g}) for g in guesses)))
    assert codes["NOT_FOUND"] == RECEIPT_LIMIT, codes
    assert codes["OK"] <= 1
    assert codes["RATE_LIMITED"] == 100 - RECEIPT_LIMIT - codes["OK"]
    # The holder of the code, elsewhere, is not held up by the guesser.
    async with transport(app, "203.0.113.50") as holder:
        assert await answer(holder, LOOKUP, {"r": receipt}) == "OK"


async def test_a_right_receipt_code_does_not_use_the_window_up(org: Org, app: Starlette) -> None:
    async with transport(app, "203.0.113.50") as bob:
        await GraphQLClient(bob).post(LOGIN, {"e": org.bob.email, "p": PASSWORD})
        sent = await GraphQLClient(bob).ok(
            """mutation($c: ID!) { submitGrievance(input: {categoryId: $c, title: "Cold",
                 body: "The heating is off.", anonymous: true}) { receiptCode } }""",
            {"c": str(org.building.id)},
        )
        receipt = sent["submitGrievance"]["receiptCode"]
        for _ in range(RECEIPT_LIMIT * 2):
            assert await answer(bob, LOOKUP, {"r": receipt}) == "OK"


async def test_a_guesser_behind_the_office_nat_locks_nobody_out(org: Org, app: Starlette) -> None:
    # Someone in the office hammers Bob's account.
    await burst(app, OFFICE, org.bob.email, 100)
    assert code_of(await login(app, OFFICE, org.bob.email, PASSWORD)) == "RATE_LIMITED"
    # Alice, behind the same address, logs in: the guesser's refused attempts counted
    # nowhere, so the office's own window is barely touched.
    assert code_of(await login(app, OFFICE, org.alice.email, PASSWORD)) == "OK"
    # Bob, from his phone, logs in: his account's shared window is barely touched either.
    assert code_of(await login(app, "203.0.113.80", org.bob.email, PASSWORD)) == "OK"


async def test_a_sprayer_behind_the_nat_slows_the_office_down_for_a_stated_while(
    org: Org, app: Starlette, frozen: Clock
) -> None:
    # One wrong password for each of many accounts, from the office.
    for i in range(CLIENT_LIMIT):
        assert (
            code_of(await login(app, OFFICE, f"someone{i}@example.com", WRONG))
            == "INVALID_CREDENTIALS"
        )
    # Alice, behind the same address, is asked to wait a little, not locked out.
    waiting = await login(app, OFFICE, org.alice.email, PASSWORD)
    assert waiting["errors"][0]["extensions"] == {
        "code": "RATE_LIMITED",
        "retryAfter": FIRST_DELAY_SECONDS,
    }
    # She tries again and again meanwhile: refused attempts are counted nowhere, so her
    # impatience does not use up her own window (5 for her account from the office).
    for _ in range(ACCOUNT_CLIENT_LIMIT * 2):
        assert code_of(await login(app, OFFICE, org.alice.email, PASSWORD)) == "RATE_LIMITED"
    frozen.advance(FIRST_DELAY_SECONDS)
    assert code_of(await login(app, OFFICE, org.alice.email, PASSWORD)) == "OK"


async def test_guessing_one_account_from_many_places_gets_ever_slower(
    org: Org, app: Starlette, frozen: Clock
) -> None:
    # A botnet: every wrong password from another address.
    for i in range(ACCOUNT_LIMIT):
        assert (
            code_of(await login(app, f"192.0.2.{i + 1}", org.bob.email, WRONG))
            == "INVALID_CREDENTIALS"
        )
    waits = []
    for i in range(4):
        refused = await login(app, f"192.0.2.{100 + i}", org.bob.email, WRONG)
        waits.append(refused["errors"][0]["extensions"]["retryAfter"])
        frozen.advance(waits[-1])
        assert (
            code_of(await login(app, f"192.0.2.{150 + i}", org.bob.email, WRONG))
            == "INVALID_CREDENTIALS"
        )
    assert waits == [FIRST_DELAY_SECONDS * 2**i for i in range(4)]
    # Bob meanwhile: after the wait the answer states, he is in.
    refused = await login(app, "203.0.113.80", org.bob.email, PASSWORD)
    frozen.advance(refused["errors"][0]["extensions"]["retryAfter"])
    assert code_of(await login(app, "203.0.113.80", org.bob.email, PASSWORD)) == "OK"


async def test_x_forwarded_for_counts_only_from_a_trusted_proxy(org: Org, db: str) -> None:
    settings = get_settings().model_copy(update={"trusted_proxies": "10.0.0.0/8"})
    app = create_app(settings, manage_database=False)

    async def attempt(peer: str, forwarded: str) -> str:
        async with transport(app, peer) as http:
            sent = await http.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"e": org.bob.email, "p": WRONG}},
                headers={"x-forwarded-for": forwarded},
            )
        return code_of(sent.json())

    # An untrusted peer cannot choose its address: its X-Forwarded-For is ignored.
    spoofed = [
        await attempt("203.0.113.9", f"192.0.2.{i}") for i in range(ACCOUNT_CLIENT_LIMIT + 1)
    ]
    assert spoofed[-1] == "RATE_LIMITED"
    # Through the proxy, the client is the rightmost address the proxy did not add
    # itself; what the client put in front of it changes nothing.
    through = [
        await attempt("10.0.0.2", f"192.0.2.{i}, 198.51.100.44, 10.0.0.3")
        for i in range(ACCOUNT_CLIENT_LIMIT + 1)
    ]
    assert through == ["INVALID_CREDENTIALS"] * ACCOUNT_CLIENT_LIMIT + ["RATE_LIMITED"]
    # Another client through the same proxy is somebody else.
    assert await attempt("10.0.0.2", "198.51.100.45") == "INVALID_CREDENTIALS"


async def test_the_table_holds_no_email_or_address_and_forgets_ended_windows(
    org: Org, app: Starlette, frozen: Clock
) -> None:
    await login(app, OFFICE, org.bob.email, WRONG)
    async with transport(app, OFFICE) as guesser:
        await answer(guesser, LOOKUP, {"r": "AAAA-AAAA-AAAA-AAAA-AAAA"})
    rows = [str(key) for key in await ThrottleCounter.all().values_list("key", flat=True)]
    assert len(rows) == 4  # account and client, client, account; receipts per client
    for key in rows:
        assert len(key) == 64 and int(key, 16) >= 0
    # Purposes keep one client's keys apart: the login's is not the receipt look-up's.
    login_client = ThrottleKind("login-client", Limit(1, 1, slows=False)).key(OFFICE)
    receipt_client = ThrottleKind("receipt-client", Limit(1, 1, slows=False)).key(OFFICE)
    assert {login_client, receipt_client} <= set(rows)
    assert login_client != receipt_client
    assert not any(OFFICE in key or "bob" in key for key in rows)

    frozen.advance(10 * 60)  # the receipt window (10 minutes) has ended
    await forget_ended_throttle_windows()
    assert not await ThrottleCounter.filter(key=receipt_client).exists()
    assert await ThrottleCounter.all().count() == 3
    frozen.advance(5 * 60)  # and the logins' (15 minutes)
    await forget_ended_throttle_windows()
    assert await ThrottleCounter.all().count() == 0


@pytest.fixture
async def second_process(org: Org, tmp_path: Path) -> AsyncIterator[str]:
    """Another API process (`python -m server.serve`) on the same database."""
    with ServedProcess({}, tmp_path / "api.log") as served:
        yield served.url


@pytest.mark.postgres_only
async def test_two_api_processes_share_the_count(
    org: Org, app: Starlette, second_process: str
) -> None:
    """Half the burst to this process, half to another one, from the same client
    (127.0.0.1): still exactly the limit."""
    passwords = [WRONG] * 99 + [PASSWORD]
    async with (
        transport(app, "127.0.0.1") as here,
        httpx.AsyncClient(base_url=second_process, timeout=60) as there,
    ):
        codes = Counter(
            await asyncio.gather(
                *(
                    answer(here if i % 2 else there, LOGIN, {"e": org.bob.email, "p": p})
                    for i, p in enumerate(passwords)
                )
            )
        )
    assert codes["INVALID_CREDENTIALS"] == ACCOUNT_CLIENT_LIMIT, codes
    assert codes["OK"] <= 1
    assert codes["RATE_LIMITED"] == 100 - ACCOUNT_CLIENT_LIMIT - codes["OK"]
    assert await Session.filter(user_id=org.bob.id).count() == codes["OK"]
