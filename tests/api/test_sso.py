"""Single sign-on against the real OpenID provider (npm oidc-provider, started by the
suite): the round trip, everything the callback must refuse (each with its reason on the
login page and no session), who the person becomes, and the admins' group mappings.

The provider's accounts (tests/support/oidc.py): Mia (mia-0001, Dutch, groups
`mopper-managers` and `staff`), Alice (alice-0002, English, `staff`), Eve (unverified-0003,
whose email the provider has not verified).
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from domain.auth.sessions import principal_for_token
from domain.org.enums import Role
from domain.org.models import AdminLogEntry, Membership, User
from domain.org.people import PersonStatus, status_of
from domain.settings import get_settings
from domain.sso.models import OidcGroupMapping, SsoIdentity
from tests.support.api import BASE_URL, client
from tests.support.oidc import (
    OidcProvider,
    new_signing_key,
    oidc_provider_fixture,  # noqa: F401 (registers the fixture `oidc_provider`)
    running_oidc_provider,
)
from tests.support.org import PASSWORD, Org, make_user
from tests.support.sso import (
    FLOW_COOKIE,
    browser,
    query_of,
    session_cookie,
    sso_app,
    start,
    token_swap,
)

ME = "{ me { email displayName role locale teams { name } } }"


@pytest.fixture
def sso(oidc_provider: OidcProvider, db: str) -> Starlette:
    return sso_app(oidc_provider)


async def sign_in(
    provider: OidcProvider, app: Starlette, sub: str, next_path: str | None = None
) -> httpx.Response:
    """The whole round trip in one browser; the callback's answer."""
    async with browser(app) as http:
        callback = await provider.sign_in(http, await start(http, next_path), sub)
        return await http.get(callback)


async def me(app: Starlette, response: httpx.Response) -> dict[str, Any] | None:
    token = session_cookie(response)
    assert token is not None, f"no session: {response.headers}"
    async with client(app) as api:
        api.http.cookies.set(get_settings().session_cookie, token)
        data = await api.ok(ME)
    result: dict[str, Any] | None = data["me"]
    return result


def refused_with(response: httpx.Response, reason: str) -> None:
    """Sent to the login page, which says why; and no session."""
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/login?sso={reason}"
    assert session_cookie(response) is None


# --- the round trip --------------------------------------------------------------------


async def test_the_first_sign_in_creates_the_person_in_their_language(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    async with browser(sso) as http:
        authorization_url = await start(http, "/items/mine")
        sent = query_of(authorization_url)
        callback = await oidc_provider.sign_in(http, authorization_url, "mia-0001")
        response = await http.get(callback)

    assert authorization_url.startswith(f"{oidc_provider.issuer}/auth?")
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
    assert sent["state"] and sent["nonce"]
    assert sent["redirect_uri"] == f"{BASE_URL}/auth/oidc/callback"
    assert response.status_code == 303
    assert response.headers["location"] == "/items/mine"
    assert await me(sso, response) == {
        "email": "mia@mopper.example",
        "displayName": "Mia Manager",
        "role": "EMPLOYEE",
        "locale": "NL",
        "teams": [],
    }
    assert await SsoIdentity.filter(issuer=oidc_provider.issuer, subject="mia-0001").count() == 1


async def test_the_second_sign_in_finds_the_same_person(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    first = await sign_in(oidc_provider, sso, "alice-0002")
    second = await sign_in(oidc_provider, sso, "alice-0002")
    assert session_cookie(first) != session_cookie(second)
    assert await me(sso, second) == await me(sso, first)
    assert await User.filter(email="alice@mopper.example").count() == 1


async def test_an_existing_account_with_the_same_email_is_linked_not_duplicated(
    oidc_provider: OidcProvider, sso: Starlette, org: Org
) -> None:
    alice = await make_user("Alicia Jansen", role=Role.MANAGER, teams=(org.care,))
    await User.filter(id=alice.id).update(email="alice@mopper.example")
    response = await sign_in(oidc_provider, sso, "alice-0002")
    assert await me(sso, response) == {
        "email": "alice@mopper.example",
        "displayName": "Alicia Jansen",
        "role": "MANAGER",
        "locale": "EN",
        "teams": [{"name": "Customer Care"}],
    }
    assert (await SsoIdentity.get(subject="alice-0002")).user_id == alice.id


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/x", "/\\evil"])
async def test_after_signing_in_only_our_own_pages_are_next(
    oidc_provider: OidcProvider, sso: Starlette, next_path: str
) -> None:
    response = await sign_in(oidc_provider, sso, "alice-0002", next_path)
    assert response.headers["location"] == "/"


async def test_a_person_who_signed_in_this_way_has_no_password(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    await sign_in(oidc_provider, sso, "alice-0002")
    async with client(sso) as api:
        for password in ("", PASSWORD, "x" * 20):
            code = await api.error_code(
                "mutation($p: String!) { login(email: "
                '"alice@mopper.example", password: $p) { id } }',
                {"p": password},
            )
            assert code in ("VALIDATION", "INVALID_CREDENTIALS")


# --- what the callback refuses ---------------------------------------------------------


@pytest.mark.parametrize("how", ["state changed", "callback in another browser", "no state"])
async def test_a_wrong_state_is_refused(
    oidc_provider: OidcProvider, sso: Starlette, how: str
) -> None:
    async with browser(sso) as http:
        callback = await oidc_provider.sign_in(http, await start(http), "mia-0001")
        code = query_of(callback)["code"]
        if how == "state changed":
            response = await http.get(callback.replace("state=", "state=x"))
        elif how == "no state":
            response = await http.get(f"{BASE_URL}/auth/oidc/callback", params={"code": code})
        else:
            async with browser(sso) as other:
                response = await other.get(callback)
    refused_with(response, "state")
    assert not await User.filter(email="mia@mopper.example").exists()


async def test_a_replayed_code_is_refused(oidc_provider: OidcProvider, sso: Starlette) -> None:
    """The replay carries the flow cookie as it was before the first use, so it gets
    past our state check; the provider refuses the code a second time."""
    async with browser(sso) as http:
        callback = await oidc_provider.sign_in(http, await start(http), "mia-0001")
        flow_before = http.cookies[FLOW_COOKIE]
        first = await http.get(callback)
    assert session_cookie(first) is not None
    async with browser(sso) as replay:
        replay.cookies.set(FLOW_COOKIE, flow_before, path="/auth/oidc")
        second = await replay.get(callback)
    refused_with(second, "provider")


async def test_a_cancelled_sign_in_is_refused(oidc_provider: OidcProvider, sso: Starlette) -> None:
    async with browser(sso) as http:
        state = query_of(await start(http))["state"]
        response = await http.get(
            f"{BASE_URL}/auth/oidc/callback", params={"error": "access_denied", "state": state}
        )
    refused_with(response, "provider")


def _part(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _expired(claims: dict[str, Any]) -> dict[str, Any]:
    now = int(time.time())
    return {**claims, "iat": now - 900, "auth_time": now - 900, "exp": now - 300}


FORGERIES: dict[str, Callable[[OidcProvider, dict[str, Any]], str]] = {
    "signed by another key": lambda p, c: p.forge_id_token(c, key=new_signing_key()),
    "expired": lambda p, c: p.forge_id_token(_expired(c)),
    "for another audience": lambda p, c: p.forge_id_token({**c, "aud": "mopper-other"}),
    "for another audience, azp us": lambda p, c: p.forge_id_token(
        {**c, "aud": "someone-else", "azp": "mopper"}
    ),
    "from another issuer": lambda p, c: p.forge_id_token({**c, "iss": "http://127.0.0.1:1"}),
    "with another nonce": lambda p, c: p.forge_id_token({**c, "nonce": "another-sign-in"}),
    "unsigned": lambda p, c: f"{_part({'alg': 'none'})}.{_part(c)}.",
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
async def test_an_id_token_that_does_not_verify_is_refused(
    oidc_provider: OidcProvider, db: str, forgery: str
) -> None:
    forge = FORGERIES[forgery]
    async with token_swap(oidc_provider, lambda claims: forge(oidc_provider, claims)) as swap:
        app = sso_app(oidc_provider, transport=swap)
        response = await sign_in(oidc_provider, app, "mia-0001")
    assert swap.swapped == 1
    refused_with(response, "unverified")
    assert not await User.filter(email="mia@mopper.example").exists()


async def test_the_same_man_in_the_middle_passing_the_token_on_changes_nothing(
    oidc_provider: OidcProvider, db: str
) -> None:
    """The control for the forgeries: re-signed unchanged by the provider's key, it works."""
    async with token_swap(oidc_provider, oidc_provider.forge_id_token) as swap:
        app = sso_app(oidc_provider, transport=swap)
        response = await sign_in(oidc_provider, app, "mia-0001")
    assert swap.swapped == 1
    assert session_cookie(response) is not None


async def test_an_email_the_provider_has_not_verified_is_refused(
    oidc_provider: OidcProvider, sso: Starlette, org: Org
) -> None:
    """Eve's provider account claims an address the provider never checked: it must not
    reach an account with that address, nor make one."""
    victim = await make_user("Eve Victim")
    await User.filter(id=victim.id).update(email="eve@elsewhere.example")
    response = await sign_in(oidc_provider, sso, "unverified-0003")
    refused_with(response, "email")
    assert not await SsoIdentity.exists()
    assert await User.filter(email="eve@elsewhere.example").count() == 1


async def test_an_email_linked_to_another_identity_is_refused(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    await sign_in(oidc_provider, sso, "alice-0002")
    await SsoIdentity.filter(subject="alice-0002").update(subject="alice-before-0001")
    response = await sign_in(oidc_provider, sso, "alice-0002")
    refused_with(response, "taken")
    assert await SsoIdentity.filter(subject="alice-0002").count() == 0


async def test_a_deactivated_person_cannot_sign_in_through_the_provider(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    first = await sign_in(oidc_provider, sso, "mia-0001")
    await User.filter(email="mia@mopper.example").update(is_active=False)
    response = await sign_in(oidc_provider, sso, "mia-0001")
    refused_with(response, "deactivated")
    assert await principal_for_token(session_cookie(first)) is None


async def test_a_deactivated_person_not_linked_yet_is_refused_and_not_linked(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    alice = await make_user("Alicia Jansen")
    await User.filter(id=alice.id).update(email="alice@mopper.example", is_active=False)
    refused_with(await sign_in(oidc_provider, sso, "alice-0002"), "deactivated")
    assert not await SsoIdentity.exists()


async def test_without_single_sign_on_there_is_no_sign_in_route(app: Starlette) -> None:
    async with client(app) as api:
        options = await api.ok("{ signInOptions { passwordLogin singleSignOn } }")
        response = await api.http.get("/auth/oidc/login", follow_redirects=False)
    assert options == {"signInOptions": {"passwordLogin": True, "singleSignOn": None}}
    assert response.status_code == 200  # the web app's page, not a redirect to a provider
    assert "location" not in response.headers


# --- password login switched off --------------------------------------------------------


async def test_with_password_login_off_passwords_are_refused(
    oidc_provider: OidcProvider, org: Org
) -> None:
    app = sso_app(oidc_provider, password_login=False)
    async with client(app) as api:
        options = await api.ok("{ signInOptions { passwordLogin singleSignOn } }")
        code = await api.error_code(
            'mutation($p: String!) { login(email: "ada@example.com", password: $p) { id } }',
            {"p": PASSWORD},
        )
        assert session_cookie(await api.http.get("/")) is None
    assert options == {"signInOptions": {"passwordLogin": False, "singleSignOn": "Acme ID"}}
    assert code == "PASSWORD_LOGIN_OFF"
    # …while single sign-on works.
    assert session_cookie(await sign_in(oidc_provider, app, "alice-0002")) is not None


# --- group mappings -----------------------------------------------------------------------

SET = (
    "mutation($g: String!, $r: Role, $t: [ID!]!) { setOidcGroupMapping(group: $g, role: $r, "
    "teamIds: $t) { id group role teams { name } } }"
)


async def test_group_mappings_are_applied_at_every_sign_in(
    oidc_provider: OidcProvider, sso: Starlette, org: Org
) -> None:
    async with client(sso, org.ada) as ada:
        managers = await ada.ok(
            SET, {"g": "mopper-managers", "r": "MANAGER", "t": [str(org.facilities.id)]}
        )
        await ada.ok(SET, {"g": "staff", "r": "EMPLOYEE", "t": []})
        listed = await ada.ok("{ oidcGroupMappings { group role teams { name } } }")
    assert managers["setOidcGroupMapping"]["teams"] == [{"name": "Facilities"}]
    assert listed["oidcGroupMappings"] == [
        {"group": "mopper-managers", "role": "MANAGER", "teams": [{"name": "Facilities"}]},
        {"group": "staff", "role": "EMPLOYEE", "teams": []},
    ]

    mia = await me(sso, await sign_in(oidc_provider, sso, "mia-0001"))
    alice = await me(sso, await sign_in(oidc_provider, sso, "alice-0002"))
    assert mia is not None and alice is not None
    assert (mia["role"], mia["teams"]) == ("MANAGER", [{"name": "Facilities"}])
    assert (alice["role"], alice["teams"]) == ("EMPLOYEE", [])

    # Changed by hand meanwhile: the next sign-in puts back what the groups give.
    user = await User.get(email="mia@mopper.example")
    await User.filter(id=user.id).update(role=Role.EMPLOYEE)
    await Membership.filter(user_id=user.id).delete()
    await Membership.create(user_id=user.id, team_id=org.care.id)  # a team no mapping names
    again = await me(sso, await sign_in(oidc_provider, sso, "mia-0001"))
    assert again is not None
    assert again["role"] == "MANAGER"
    assert sorted(t["name"] for t in again["teams"]) == ["Customer Care", "Facilities"]


async def test_leaving_a_mapped_group_takes_away_what_it_gave(
    oidc_provider: OidcProvider, sso: Starlette, org: Org
) -> None:
    async with client(sso, org.ada) as ada:
        given = await ada.ok(
            SET, {"g": "mopper-managers", "r": "MANAGER", "t": [str(org.facilities.id)]}
        )
        await ada.ok(SET, {"g": "staff", "r": "EMPLOYEE", "t": [str(org.care.id)]})
    first = await sign_in(oidc_provider, sso, "mia-0001")
    # The group now gives a team only: Mia is an employee again at her next sign-in,
    # and her other sessions end (as an admin's change of role ends them).
    async with client(sso, org.ada) as ada:
        await ada.ok(SET, {"g": "mopper-managers", "r": None, "t": [str(org.care.id)]})
    second = await me(sso, await sign_in(oidc_provider, sso, "mia-0001"))
    assert second == {
        "email": "mia@mopper.example",
        "displayName": "Mia Manager",
        "role": "EMPLOYEE",
        "locale": "NL",
        "teams": [{"name": "Customer Care"}],
    }
    assert await principal_for_token(session_cookie(first)) is None
    assert given["setOidcGroupMapping"]["id"]


async def test_the_last_admin_is_not_demoted_by_the_groups(
    oidc_provider: OidcProvider, sso: Starlette, org: Org
) -> None:
    async with client(sso, org.ada) as ada:
        await ada.ok(SET, {"g": "staff", "r": "EMPLOYEE", "t": []})
    await User.filter(id=org.ada.id).update(email="alice@mopper.example")
    demoted_other = await make_user("Other Admin", role=Role.ADMIN)
    await User.filter(id=demoted_other.id).update(is_active=False)
    response = await sign_in(oidc_provider, sso, "alice-0002")
    assert (await me(sso, response) or {})["role"] == "ADMIN"


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"g": "", "r": "MANAGER", "t": []}, "group"),
        ({"g": "staff\r\nBcc: x", "r": "MANAGER", "t": []}, "group"),
        ({"g": "x" * 256, "r": "MANAGER", "t": []}, "group"),
        ({"g": "staff", "r": None, "t": []}, "teamIds"),
        ({"g": "staff", "r": None, "t": ["999999"]}, "teamIds"),
        ({"g": "staff", "r": None, "t": ["one"]}, "teamIds"),
    ],
)
async def test_a_bad_group_mapping_is_refused_and_changes_nothing(
    sso: Starlette, org: Org, variables: dict[str, Any], field: str
) -> None:
    async with client(sso, org.ada) as ada:
        body = await ada.post(SET, variables)
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION"
    assert field in body["errors"][0]["extensions"]["fields"]
    assert not await OidcGroupMapping.exists()


async def test_removing_a_mapping(sso: Starlette, org: Org) -> None:
    async with client(sso, org.ada) as ada:
        made = await ada.ok(SET, {"g": "staff", "r": "EMPLOYEE", "t": []})
        mapping_id = made["setOidcGroupMapping"]["id"]
        removed = await ada.ok(
            "mutation($id: ID!) { removeOidcGroupMapping(id: $id) { group } }", {"id": mapping_id}
        )
        again = await ada.error_code(
            "mutation($id: ID!) { removeOidcGroupMapping(id: $id) { group } }", {"id": mapping_id}
        )
    assert removed == {"removeOidcGroupMapping": {"group": "staff"}}
    assert again == "NOT_FOUND"
    assert not await OidcGroupMapping.exists()


async def test_every_change_of_a_mapping_is_in_the_admin_log(sso: Starlette, org: Org) -> None:
    async with client(sso, org.ada) as ada:
        made = await ada.ok(SET, {"g": "staff", "r": "EMPLOYEE", "t": []})
        await ada.ok(SET, {"g": "staff", "r": None, "t": [str(org.care.id)]})
        await ada.ok(
            "mutation($id: ID!) { removeOidcGroupMapping(id: $id) { group } }",
            {"id": made["setOidcGroupMapping"]["id"]},
        )
        await ada.post(SET, {"g": "", "r": "EMPLOYEE", "t": []})  # refused: not logged
    entries = await AdminLogEntry.all().order_by("id")
    staff = {"group": "staff", "role": "EMPLOYEE", "teamIds": []}
    care = {"group": "staff", "role": None, "teamIds": [org.care.id]}
    assert [(e.action, e.actor_id, e.subject_kind, e.before, e.after) for e in entries] == [
        ("group_mapping.created", org.ada.id, "group_mapping", {}, staff),
        ("group_mapping.changed", org.ada.id, "group_mapping", staff, care),
        ("group_mapping.removed", org.ada.id, "group_mapping", care, {}),
    ]


# --- the edges: cookies, an unreachable provider, claims only in userinfo, logs ----------


async def test_the_cookies_of_a_sign_in(oidc_provider: OidcProvider, sso: Starlette) -> None:
    async with browser(sso) as http:
        started = await http.get(f"{BASE_URL}/auth/oidc/login")
        callback = await oidc_provider.sign_in(http, started.headers["location"], "alice-0002")
        done = await http.get(callback)
    flow = started.headers["set-cookie"].lower()
    assert flow.startswith(f"{FLOW_COOKIE}=")
    assert "path=/auth/oidc" in flow and "httponly" in flow and "samesite=lax" in flow
    assert "max-age=900" in flow
    session = next(
        c.lower()
        for c in done.headers.get_list("set-cookie")
        if c.startswith(get_settings().session_cookie)
    )
    assert "path=/;" in session and "httponly" in session and "samesite=lax" in session
    # The flow's state is spent: the flow cookie is emptied (or no longer holds it).
    assert session_cookie(done) is not None


async def test_an_unreachable_provider_is_said_so(db: str, oidc_provider: OidcProvider) -> None:
    app = sso_app(oidc_provider, oidc_issuer="http://127.0.0.1:9")  # the discard port
    async with browser(app) as http:
        response = await http.get(f"{BASE_URL}/auth/oidc/login")
    refused_with(response, "unavailable")


async def test_claims_only_in_the_userinfo_answer_are_read_from_there(db: str, org: Org) -> None:
    """A strictly conforming provider (Okta's org server, Google for some claims) puts
    email, name and groups in the userinfo answer only."""
    with running_oidc_provider(claims_in_id_token=False) as strict:
        app = sso_app(strict)
        async with client(app, org.ada) as ada:
            await ada.ok(SET, {"g": "mopper-managers", "r": "MANAGER", "t": []})
        response = await sign_in(strict, app, "mia-0001")
        assert await me(app, response) == {
            "email": "mia@mopper.example",
            "displayName": "Mia Manager",
            "role": "MANAGER",
            "locale": "NL",
            "teams": [],
        }


async def test_a_refusal_logs_its_reason_and_nothing_of_the_answer(
    oidc_provider: OidcProvider, db: str, caplog: pytest.LogCaptureFixture
) -> None:
    forge = FORGERIES["with another nonce"]
    async with token_swap(oidc_provider, lambda claims: forge(oidc_provider, claims)) as swap:
        app = sso_app(oidc_provider, transport=swap)
        with caplog.at_level(logging.INFO):
            async with browser(app) as http:
                callback = await oidc_provider.sign_in(http, await start(http), "mia-0001")
                response = await http.get(callback)
    refused_with(response, "unverified")
    # The server's own lines and its client's (the test's browser, httpx, logs URLs).
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if record.name.split(".")[0] in ("mopper", "httpx2", "authlib", "uvicorn")
    )
    assert "nonce" in logged
    sent = query_of(callback)
    for secret in (sent["code"], sent["state"], "mia@mopper.example", "mia-0001"):
        assert secret not in logged


async def test_in_production_the_flow_cookie_is_secure_only(
    db: str, oidc_provider: OidcProvider
) -> None:
    base = "https://mopper.example.com"
    app = sso_app(oidc_provider, environment="production", public_base_url=base)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base) as http:
        response = await http.get("/auth/oidc/login")
    assert response.status_code == 302
    assert query_of(response.headers["location"])["redirect_uri"] == f"{base}/auth/oidc/callback"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"__secure-{FLOW_COOKIE}=")
    assert "; secure" in cookie and "path=/auth/oidc" in cookie


async def test_people_who_sign_in_this_way_are_active_not_invited(
    oidc_provider: OidcProvider, sso: Starlette
) -> None:
    """An invited person (no password yet) who signs in through the provider is no longer
    waiting for one; a person created just in time never was."""
    invited = await make_user("Alicia Jansen")
    await User.filter(id=invited.id).update(email="alice@mopper.example", password_hash="")
    await sign_in(oidc_provider, sso, "alice-0002")
    await sign_in(oidc_provider, sso, "mia-0001")
    for email in ("alice@mopper.example", "mia@mopper.example"):
        assert status_of(await User.get(email=email)) is PersonStatus.ACTIVE
