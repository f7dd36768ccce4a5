"""The OpenID provider harness (tests/support/oidc.py) works with Authlib's Starlette
client the way Mopper's single sign-on will use it: authorization code flow with PKCE
(S256), state and nonce, the ID token verified against the provider's JWKS.

A small Starlette app stands in for Mopper (over ASGI, at the tests' usual base URL);
httpx plays the browser, signing in at the real provider on 127.0.0.1. The negative
cases the product needs are here too: a wrong state, a replayed code (refused by the
provider), and ID tokens that must not verify. Those tokens are forged in Python: the
harness made the provider's signing key, so a token can be signed by the provider's
key with one claim wrong (expired, another audience), or by a key of our own.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from authlib.integrations.starlette_client import OAuth, OAuthError
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    UnsupportedAlgorithmError,
)
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.oidc import (
    REDIRECT_URI,
    SCOPE,
    OidcProvider,
    new_signing_key,
    oidc_provider_fixture,  # noqa: F401 (registers the fixture `oidc_provider` here)
)

APP_URL = "http://127.0.0.1:8000"
SESSION_COOKIE = "mopper_sso"


@dataclass
class RelyingParty:
    """The stand-in for Mopper: `/login` and `/auth/oidc/callback`, and `sso`, Authlib's
    client (StarletteOAuth2App) for one of the provider's clients."""

    app: Starlette
    sso: Any  # Authlib has no type hints
    client_id: str
    claims_options: dict[str, Any]

    async def verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        """What `authorize_access_token` does with the token endpoint's ID token."""
        token = {"id_token": id_token, "access_token": "not-used", "token_type": "Bearer"}
        claims = await self.sso.parse_id_token(token, nonce, claims_options=self.claims_options)
        return dict(claims)


def relying_party(provider: OidcProvider, client_id: str = "mopper") -> RelyingParty:
    client = provider.client(client_id)
    oauth = OAuth()
    sso = oauth.register(
        "sso",
        client_id=client.client_id,
        client_secret=client.client_secret,
        server_metadata_url=provider.metadata_url,
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256"},
    )
    # Authlib checks `iss` by default but `aud` only through `azp` (see the last test):
    # name both. Claims options replace Authlib's default ones, they do not add to them.
    claims_options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": client.client_id},
    }

    async def login(request: Request) -> Response:
        response: Response = await sso.authorize_redirect(request, request.url_for("callback"))
        return response

    async def callback(request: Request) -> Response:
        try:
            token = await sso.authorize_access_token(request, claims_options=claims_options)
            userinfo = await sso.userinfo(token=token)
        except (OAuthError, JoseError) as error:
            return JSONResponse({"error": error.error}, status_code=400)
        return JSONResponse(
            {
                "id_token_claims": dict(token["userinfo"]),
                "userinfo": dict(userinfo),
                "id_token": token["id_token"],
                "access_token": token["access_token"],
            }
        )

    app = Starlette(
        routes=[
            Route("/login", login),
            Route("/auth/oidc/callback", callback, name="callback"),
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key="test-only-session-secret",
                session_cookie=SESSION_COOKIE,
                https_only=False,
            )
        ],
    )
    return RelyingParty(app, sso, client.client_id, claims_options)


@asynccontextmanager
async def browser(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """One browser: the app over ASGI at APP_URL, the provider over real HTTP."""
    async with httpx.AsyncClient(
        mounts={APP_URL: httpx.ASGITransport(app=app)}, trust_env=False, timeout=10
    ) as http:
        yield http


async def start_sign_in(http: httpx.AsyncClient) -> str:
    """Opens the app's /login; returns the provider's authorization URL it sent us to."""
    response = await http.get(f"{APP_URL}/login")
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in(provider: OidcProvider, party: RelyingParty, sub: str) -> dict[str, Any]:
    async with browser(party.app) as http:
        callback_url = await provider.sign_in(http, await start_sign_in(http), sub)
        response = await http.get(callback_url)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str | None) -> str:
    params = {key: value for key, value in (query(url) | changes).items() if value is not None}
    return urlunsplit(urlsplit(url)._replace(query=urlencode(params)))


# --- the round trip ---------------------------------------------------------------


@pytest.mark.parametrize("sub", ["mia-0001", "unverified-0003"])
async def test_signing_in_gives_the_accounts_claims(oidc_provider: OidcProvider, sub: str) -> None:
    party = relying_party(oidc_provider)
    account = oidc_provider.account(sub)
    answered: list[str] = []
    async with browser(party.app) as http:
        authorization_url = await start_sign_in(http)
        callback_url = await oidc_provider.sign_in(http, authorization_url, sub, answered=answered)
        response = await http.get(callback_url)
    assert response.status_code == 200, response.text

    sent = query(authorization_url)
    assert authorization_url.startswith(f"{oidc_provider.issuer}/auth?")
    assert sent["response_type"] == "code"
    assert sent["scope"] == SCOPE
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["code_challenge"]) == 43  # base64url of a SHA-256
    assert sent["state"] and sent["nonce"]
    assert answered == ["login", "consent"]
    assert callback_url.startswith(f"{REDIRECT_URI}?")

    expected = {
        "sub": sub,
        "email": account.email,
        "email_verified": account.email_verified,
        "name": account.name,
        "locale": account.locale,
        "groups": list(account.groups),
    }
    result = response.json()
    id_token = result["id_token_claims"]
    assert {key: id_token.get(key) for key in expected} == expected
    assert id_token["iss"] == oidc_provider.issuer
    assert id_token["aud"] == "mopper"
    assert id_token["nonce"] == sent["nonce"]
    assert id_token["exp"] - id_token["iat"] == oidc_provider.id_token_ttl
    assert {key: result["userinfo"].get(key) for key in expected} == expected


async def test_a_first_party_client_is_not_asked_for_consent(oidc_provider: OidcProvider) -> None:
    party = relying_party(oidc_provider, "mopper-other")
    answered: list[str] = []
    async with browser(party.app) as http:
        callback_url = await oidc_provider.sign_in(
            http, await start_sign_in(http), "alice-0002", answered=answered
        )
        response = await http.get(callback_url)
    assert response.status_code == 200, response.text
    assert answered == ["login"]
    assert response.json()["id_token_claims"]["groups"] == ["staff"]


async def test_the_provider_requires_pkce(oidc_provider: OidcProvider) -> None:
    party = relying_party(oidc_provider)
    async with browser(party.app) as http:
        authorization_url = await start_sign_in(http)
        without_pkce = with_query(
            authorization_url, code_challenge=None, code_challenge_method=None
        )
        callback_url = await oidc_provider.sign_in(http, without_pkce, "mia-0001")
        response = await http.get(callback_url)
    assert "code" not in query(callback_url)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


# --- what the callback must refuse --------------------------------------------------


@pytest.mark.parametrize("how", ["state changed", "callback in another browser"])
async def test_a_wrong_state_is_refused(oidc_provider: OidcProvider, how: str) -> None:
    party = relying_party(oidc_provider)
    async with browser(party.app) as http:
        callback_url = await oidc_provider.sign_in(http, await start_sign_in(http), "mia-0001")
        if how == "state changed":
            response = await http.get(with_query(callback_url, state="not-the-state-we-sent"))
        else:
            async with browser(party.app) as other:
                response = await other.get(callback_url)
    assert response.status_code == 400
    assert response.json()["error"] == "mismatching_state"


async def test_a_replayed_code_is_refused_by_the_provider(oidc_provider: OidcProvider) -> None:
    """The second redemption gets past our state check (the session cookie as it was
    before the first one is sent again), so it is the provider that refuses the code;
    it also revokes what the first redemption gave."""
    party = relying_party(oidc_provider)
    async with browser(party.app) as http:
        callback_url = await oidc_provider.sign_in(http, await start_sign_in(http), "mia-0001")
        session_before = http.cookies[SESSION_COOKIE]
        first = await http.get(callback_url)
        assert first.status_code == 200, first.text
    async with browser(party.app) as replay:
        replay.cookies.set(SESSION_COOKIE, session_before)
        second = await replay.get(callback_url)
        assert second.status_code == 400
        assert second.json()["error"] == "invalid_grant"

        userinfo = (await party.sso.load_server_metadata())["userinfo_endpoint"]
        bearer = {"authorization": f"Bearer {first.json()['access_token']}"}
        assert (await replay.get(userinfo, headers=bearer)).status_code == 401


# --- ID tokens that must not verify --------------------------------------------------


async def test_a_well_formed_token_from_the_providers_key_verifies(
    oidc_provider: OidcProvider,
) -> None:
    """The control for the forged tokens below: each differs from this one in one way."""
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims(
        "mopper", "mia-0001", "n0nce", email="mia@mopper.example"
    )
    verified = await party.verify(oidc_provider.forge_id_token(claims), "n0nce")
    assert verified["email"] == "mia@mopper.example"


async def test_an_id_token_signed_by_another_key_fails(oidc_provider: OidcProvider) -> None:
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims("mopper", "mia-0001", "n0nce")
    forged = oidc_provider.forge_id_token(claims, key=new_signing_key())  # the provider's kid
    with pytest.raises(BadSignatureError):
        await party.verify(forged, "n0nce")


async def test_an_id_token_with_a_key_id_the_provider_does_not_have_fails(
    oidc_provider: OidcProvider,
) -> None:
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims("mopper", "mia-0001", "n0nce")
    own_key = new_signing_key()
    header = {"alg": "RS256", "kid": own_key.kid}
    with pytest.raises(InvalidKeyIdError):  # after fetching the JWKS once more
        await party.verify(jwt.encode(header, claims, own_key), "n0nce")


async def test_an_unsigned_id_token_fails(oidc_provider: OidcProvider) -> None:
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims("mopper", "mia-0001", "n0nce")

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    unsigned = f"{part({'alg': 'none'})}.{part(claims)}."
    with pytest.raises(UnsupportedAlgorithmError):
        await party.verify(unsigned, "n0nce")


async def test_an_expired_id_token_fails(oidc_provider: OidcProvider) -> None:
    """Expired beyond Authlib's default leeway of 120 s."""
    party = relying_party(oidc_provider)
    now = int(time.time())
    claims = oidc_provider.id_token_claims(
        "mopper", "mia-0001", "n0nce", iat=now - 900, auth_time=now - 900, exp=now - 300
    )
    with pytest.raises(ExpiredTokenError):
        await party.verify(oidc_provider.forge_id_token(claims), "n0nce")


async def test_an_id_token_for_another_audience_fails(oidc_provider: OidcProvider) -> None:
    """A real ID token, issued by the provider to our other client."""
    other = await sign_in(oidc_provider, relying_party(oidc_provider, "mopper-other"), "mia-0001")
    nonce = other["id_token_claims"]["nonce"]
    party = relying_party(oidc_provider)
    with pytest.raises(InvalidClaimError) as refused:
        await party.verify(other["id_token"], nonce)
    assert refused.value.claim == "aud"
    # …which the other client does accept.
    assert await relying_party(oidc_provider, "mopper-other").verify(other["id_token"], nonce)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        pytest.param("aud", "someone-else", id="aud"),
        pytest.param("aud", ["someone-else", "another-one"], id="aud list"),
        pytest.param("iss", "http://127.0.0.1:1", id="iss"),
        pytest.param("nonce", "a-nonce-of-another-sign-in", id="nonce"),
    ],
)
async def test_an_id_token_with_a_wrong_claim_fails(
    oidc_provider: OidcProvider,
    claim: str,
    value: object,
) -> None:
    """Signed by the provider's key, with `azp` naming us: only the claim is wrong."""
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims("mopper", "mia-0001", "n0nce", azp="mopper")
    claims[claim] = value
    with pytest.raises(InvalidClaimError) as refused:
        await party.verify(oidc_provider.forge_id_token(claims), "n0nce")
    assert refused.value.claim == claim


async def test_authlib_alone_checks_the_audience_only_through_azp(
    oidc_provider: OidcProvider,
) -> None:
    """Why `relying_party` names `aud` in its claims options: without them, Authlib
    (1.9) accepts a token for another audience that says `azp` is us. If this starts
    failing, Authlib checks `aud` itself now; keep the options all the same."""
    party = relying_party(oidc_provider)
    claims = oidc_provider.id_token_claims("mopper", "mia-0001", "n0nce", aud="someone-else")
    claims["azp"] = "mopper"
    token = {"id_token": oidc_provider.forge_id_token(claims), "access_token": "not-used"}
    accepted = await party.sso.parse_id_token(token, "n0nce")
    assert accepted["aud"] == "someone-else"
