"""The session cookie a resolver sets reaches the browser through the endpoint:
HttpOnly and SameSite on login, cleared on logout."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.settings import get_settings
from server.app import create_app
from tests.support.http import http_client
from tests.support.org import PASSWORD, Org

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { displayName } }"
ME = "{ me { displayName } }"


async def test_login_sets_the_cookie_and_logout_clears_it(org: Org, app: Starlette) -> None:
    name = get_settings().session_cookie
    async with http_client(app) as http:
        logged_in = await http.post(
            "/graphql", json={"query": LOGIN, "variables": {"e": org.alice.email, "p": PASSWORD}}
        )
        assert logged_in.json() == {"data": {"login": {"displayName": "Alice Jansen"}}}
        cookie = logged_in.headers["set-cookie"]
        assert cookie.startswith(f"{name}=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert logged_in.headers["content-type"].startswith("application/json")
        token = http.cookies[name]

        me = await http.post("/graphql", json={"query": ME})
        assert me.json() == {"data": {"me": {"displayName": "Alice Jansen"}}}
        assert "set-cookie" not in me.headers

        logged_out = await http.post("/graphql", json={"query": "mutation { logout }"})
        assert logged_out.headers["set-cookie"].startswith(f'{name}="";')
        assert name not in http.cookies

    async with http_client(app) as stale:
        stale.cookies.set(name, token)
        after = await stale.post("/graphql", json={"query": ME})
    assert after.json() == {"data": {"me": None}}


async def test_in_production_the_cookie_is_secure_and_host_only(org: Org, db: str) -> None:
    settings = get_settings().model_copy(update={"environment": "production"})
    app = create_app(settings, manage_database=False)
    name = "__Host-mopper_session"
    async with http_client(app) as http:
        logged_in = await http.post(
            "/graphql", json={"query": LOGIN, "variables": {"e": org.alice.email, "p": PASSWORD}}
        )
        cookie = logged_in.headers["set-cookie"]
        # What browsers demand of a __Host- cookie: Secure, Path=/, no Domain.
        assert cookie.startswith(f"{name}=")
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes and "httponly" in attributes and "path=/" in attributes
        assert not any(part.startswith("domain") for part in attributes)
        token = cookie.split(";")[0].split("=", 1)[1]

        # The production cookie is the one read: the plain name means nothing there.
        plain = await http.post(
            "/graphql", json={"query": ME}, headers={"cookie": f"mopper_session={token}"}
        )
        assert plain.json() == {"data": {"me": None}}
        me = await http.post("/graphql", json={"query": ME}, headers={"cookie": f"{name}={token}"})
        assert me.json() == {"data": {"me": {"displayName": "Alice Jansen"}}}

        logged_out = await http.post(
            "/graphql", json={"query": "mutation { logout }"}, headers={"cookie": f"{name}={token}"}
        )
        cleared = logged_out.headers["set-cookie"]
        assert cleared.startswith(f'{name}="";') and "Secure" in cleared and "Path=/" in cleared
