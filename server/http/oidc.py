"""Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256),
`state` and `nonce`, through Authlib's Starlette client; no JWT code of our own.

    GET /auth/oidc/login?next=/path   → 302 to the provider's authorization endpoint
    GET /auth/oidc/callback?code&state → the session cookie, 303 to `next` (or `/`);
                                         refused: 303 to /login?sso=<reason>, no session

What the flow must remember between the two (state, nonce, the PKCE verifier, where to
go next) is Authlib's "session" data: here a cookie signed with a key derived from
MOPPER_SECRET_KEY (Starlette's SessionMiddleware), sent only to /auth/oidc/, HttpOnly,
SameSite=Lax (it must come back on the provider's top-level redirect), Secure in
production, and valid for 15 minutes. Its state entry is dropped once the callback used
it, and the provider accepts a code only once, so a replayed answer gets no session.

The ID token is checked by Authlib against the keys the provider publishes (`jwks_uri`,
fetched again when a token names a key id not seen yet), its signature algorithm one of
the provider's, `iss` (exactly MOPPER_OIDC_ISSUER), `aud` (our client id; Authlib alone
would check it only through `azp`), `exp` and `iat` (2 minutes' leeway for clocks),
and `nonce` (the one this browser's sign-in sent). Claims the ID token lacks (email,
groups) are read from the userinfo endpoint when the provider has one, and used only if
that answer is about the same `sub`. Who the person is in Mopper, and whether they may
sign in, is the domain's (domain/sso/).

Nothing of the answer is logged: a refusal logs its reason and the error's type (and
for a claim that failed, the claim's name), never a code, token, state or email.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import httpx2
from authlib.integrations.starlette_client import OAuth, OAuthError
from joserfc.errors import InvalidClaimError, JoseError
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router

from domain.crypto import keyed_hash
from domain.settings import Settings
from domain.sso.sign_in import Identity, Refusal, SignInRefused, sign_in

logger = logging.getLogger("mopper.sso")

PREFIX = "/auth/oidc"
FLOW_SECONDS = 15 * 60
_NEXT = "next"
_NEXT_MAX = 2000


def safe_next(value: str | None) -> str:
    """Only a path of ours: never send someone to another site after signing in."""
    if (
        not value
        or len(value) > _NEXT_MAX
        or not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(ord(c) < 0x20 for c in value)
    ):
        return "/"
    return value


def refused(reason: Refusal) -> Response:
    return RedirectResponse(f"/login?sso={quote(reason.value)}", status_code=303)


class SingleSignOn:
    """The relying party: one Authlib client for the configured provider."""

    def __init__(
        self, settings: Settings, *, transport: httpx2.AsyncBaseTransport | None = None
    ) -> None:
        """`transport`: how to reach the provider (tests put a man in the middle there)."""
        self.settings = settings
        self.issuer = settings.oidc_issuer.strip()
        client_id = settings.oidc_client_id.strip()
        self.client: Any = OAuth().register(  # Authlib has no type hints
            "mopper",
            client_id=client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            server_metadata_url=settings.oidc_metadata_url,
            client_kwargs={
                "scope": settings.oidc_scopes,
                "code_challenge_method": "S256",
                "timeout": 10.0,
                **({"transport": transport} if transport is not None else {}),
            },
        )
        # Claims options replace Authlib's defaults: name both `iss` and `aud`.
        self.claims_options = {
            "iss": {"essential": True, "value": self.issuer},
            "aud": {"essential": True, "value": client_id},
        }

    def routes(self) -> list[BaseRoute]:
        flows = Router(
            routes=[
                Route("/login", self.start, methods=["GET"]),
                Route("/callback", self.callback, methods=["GET"]),
            ]
        )
        cookie = "mopper_sso"
        return [
            Mount(
                PREFIX,
                app=SessionMiddleware(
                    flows,
                    secret_key=keyed_hash("sso-flow-cookie", "v1"),
                    # `__Secure-`: browsers take it only over https and with Secure.
                    session_cookie=f"__Secure-{cookie}" if self.settings.is_production else cookie,
                    max_age=FLOW_SECONDS,
                    path=PREFIX,
                    same_site="lax",
                    https_only=self.settings.cookie_secure,
                ),
            )
        ]

    async def start(self, request: Request) -> Response:
        request.session[_NEXT] = safe_next(request.query_params.get("next"))
        try:
            response: Response = await self.client.authorize_redirect(
                request, self.settings.oidc_redirect_uri
            )
        except (httpx2.HTTPError, ValueError, KeyError, RuntimeError) as error:
            logger.warning("single sign-on: the provider's metadata: %s", type(error).__name__)
            return refused(Refusal.UNAVAILABLE)
        return response

    async def callback(self, request: Request) -> Response:
        try:
            claims = await self._verified_claims(request)
            identity = Identity.from_claims(
                self.issuer, claims, groups_claim=self.settings.oidc_groups_claim
            )
            logged_in = await sign_in(identity, session_ttl_hours=self.settings.session_ttl_hours)
        except SignInRefused as refusal:
            logger.warning("single sign-on refused: %s", refusal.reason.value)
            if refusal.reason is not Refusal.STATE:
                # A callback with a wrong state may be someone else's: leave this
                # browser's own sign-in, if one is under way, as it was.
                request.session.clear()
            return refused(refusal.reason)
        target = safe_next(request.session.pop(_NEXT, None))
        request.session.clear()
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            self.settings.session_cookie,
            logged_in.session_token,
            **self.settings.session_cookie_attributes,
        )
        return response

    async def _verified_claims(self, request: Request) -> dict[str, Any]:
        """The ID token's verified claims, completed from userinfo; SignInRefused when
        the answer is not one to trust."""
        try:
            token = await self.client.authorize_access_token(
                request, claims_options=self.claims_options
            )
        except OAuthError as error:
            why = Refusal.STATE if error.error == "mismatching_state" else Refusal.PROVIDER
            logger.warning("single sign-on: %s (%s)", why.value, error.error)
            raise SignInRefused(why) from None
        except InvalidClaimError as error:
            logger.warning("single sign-on: the ID token's %s claim is wrong", error.claim)
            raise SignInRefused(Refusal.UNVERIFIED) from None
        except JoseError as error:
            logger.warning("single sign-on: the ID token: %s", type(error).__name__)
            raise SignInRefused(Refusal.UNVERIFIED) from None
        except (httpx2.HTTPError, ValueError) as error:
            logger.warning("single sign-on: the provider: %s", type(error).__name__)
            raise SignInRefused(Refusal.UNAVAILABLE) from None
        if not token.get("userinfo"):
            # No ID token in the answer: nothing verified says who this is.
            logger.warning("single sign-on: the token answer has no ID token")
            raise SignInRefused(Refusal.UNVERIFIED)
        claims = dict(token["userinfo"])
        if "email" not in claims or self.settings.oidc_groups_claim not in claims:
            claims = {**await self._userinfo(token, claims["sub"]), **claims}
        return claims

    async def _userinfo(self, token: dict[str, Any], sub: str) -> dict[str, Any]:
        """The userinfo answer when it is about the same person; else nothing."""
        metadata = await self.client.load_server_metadata()
        if not metadata.get("userinfo_endpoint"):
            return {}
        try:
            info = dict(await self.client.userinfo(token=token))
        except (httpx2.HTTPError, ValueError) as error:
            logger.warning("single sign-on: userinfo: %s", type(error).__name__)
            return {}
        return info if info.get("sub") == sub else {}
