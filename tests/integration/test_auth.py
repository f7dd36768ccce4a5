"""Logging in and out, sessions, throttles and password rehashing — through the API."""

from __future__ import annotations

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette

from domain.auth.models import Session
from domain.auth.passwords import Passwords
from domain.clock import utcnow
from domain.org.models import User
from domain.settings import get_settings, reset_settings
from tests.support.api import BASE_URL, GraphQLClient
from tests.support.org import PASSWORD, Org

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { displayName role }
}"""
ME = "{ me { displayName email } }"


def browser(app: Starlette, address: str = "198.51.100.1") -> GraphQLClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url=BASE_URL))


async def test_login_sets_a_safe_cookie_and_logout_revokes_it_on_the_server(
    org: Org, app: Starlette
) -> None:
    async with browser(app).http as http:
        api = GraphQLClient(http)
        response = await http.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"email": " Alice@Example.com ", "password": PASSWORD},
            },
        )
        assert response.json()["data"]["login"]["displayName"] == "Alice Jansen"
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        token = http.cookies[get_settings().session_cookie]
        assert (await api.ok(ME))["me"]["email"] == "alice@example.com"

        await api.ok("mutation { logout }")
        assert (await api.ok(ME))["me"] is None
        # Replaying the old cookie does not bring the session back.
        http.cookies.set(get_settings().session_cookie, token)
        assert (await api.ok(ME))["me"] is None
    assert await Session.filter(user_id=org.alice.id).count() == 0


async def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(
    org: Org, app: Starlette
) -> None:
    async with browser(app).http as http:
        api = GraphQLClient(http)
        wrong = await api.post(LOGIN, {"email": "alice@example.com", "password": "not it at all"})
        unknown = await api.post(
            LOGIN, {"email": "nobody@example.com", "password": "not it at all"}
        )
    assert wrong["errors"][0]["extensions"] == unknown["errors"][0]["extensions"]
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert wrong["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"


async def test_an_unknown_email_costs_a_real_password_check() -> None:
    passwords = Passwords(get_settings())
    assert "_dummy_hash" not in vars(passwords)
    assert await passwords.verify(None, "whatever") is False
    # It verified against a stand-in hash made with the same parameters as real ones,
    # so an unknown email takes as long as a wrong password.
    stand_in = vars(passwords)["_dummy_hash"]
    assert stand_in.startswith("$argon2id$")
    assert not passwords.needs_rehash(stand_in)


async def test_failed_logins_lock_the_account_for_a_while_even_for_the_right_password(
    org: Org, app: Starlette
) -> None:
    async with browser(app).http as http:
        api = GraphQLClient(http)
        for _ in range(5):
            assert (
                await api.error_code(LOGIN, {"email": "bob@example.com", "password": "guess-guess"})
                == "INVALID_CREDENTIALS"
            )
        body = await api.post(LOGIN, {"email": "bob@example.com", "password": PASSWORD})
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert body["errors"][0]["extensions"]["retryAfter"] > 0
        # Another account from the same client is not locked by Bob's.
        assert (await api.ok(LOGIN, {"email": "alice@example.com", "password": PASSWORD}))["login"]


async def test_one_client_cannot_try_many_accounts(org: Org, app: Starlette) -> None:
    async with browser(app, "198.51.100.9").http as http:
        api = GraphQLClient(http)
        codes = [
            await api.error_code(
                LOGIN, {"email": f"user{i}@example.com", "password": "guess-guess"}
            )
            for i in range(31)
        ]
    assert codes[:30] == ["INVALID_CREDENTIALS"] * 30
    assert codes[30] == "RATE_LIMITED"
    async with browser(app, "198.51.100.10").http as http:
        assert await GraphQLClient(http).ok(
            LOGIN, {"email": "alice@example.com", "password": PASSWORD}
        )


async def test_a_password_is_rehashed_when_the_parameters_change(
    org: Org, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)
    await User.filter(id=org.alice.id).update(password_hash=old)
    monkeypatch.setenv("MOPPER_ARGON2_TIME_COST", "3")
    reset_settings()
    try:
        from tests.support.api import make_app

        async with browser(make_app()).http as http:
            assert (
                await GraphQLClient(http).ok(
                    LOGIN, {"email": "alice@example.com", "password": PASSWORD}
                )
            )["login"]
    finally:
        monkeypatch.undo()
        reset_settings()
    stored = (await User.get(id=org.alice.id)).password_hash
    assert stored != old
    assert "t=3" in stored
    assert PasswordHasher().verify(stored, PASSWORD)


async def test_expired_sessions_and_disabled_people_are_logged_out(
    org: Org, app: Starlette
) -> None:
    async with browser(app).http as http:
        api = GraphQLClient(http)
        await api.ok(LOGIN, {"email": "alice@example.com", "password": PASSWORD})
        await Session.filter(user_id=org.alice.id).update(expires_at=utcnow())
        assert (await api.ok(ME))["me"] is None

        await api.ok(LOGIN, {"email": "bob@example.com", "password": PASSWORD})
        await User.filter(id=org.bob.id).update(is_active=False)
        assert (await api.ok(ME))["me"] is None
        assert (
            await api.error_code(LOGIN, {"email": "bob@example.com", "password": PASSWORD})
            == "INVALID_CREDENTIALS"
        )
