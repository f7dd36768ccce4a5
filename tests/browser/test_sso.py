"""Single sign-on in Chromium, against the real OpenID provider (tests/oidc_provider/).

A server of its own (the session's `server` keeps password logins only), set up as an
organisation that signs in through its identity provider alone: MOPPER_OIDC_* pointing
at the provider, MOPPER_PASSWORD_LOGIN=false. The demo organisation is there too, so
Mia's provider account (mia@mopper.example) is the demo's Mia de Manager.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit, free_port, serving
from tests.browser.support import Server, Visit
from tests.support.oidc import (
    DEFAULT_ACCOUNTS,
    SCOPE,
    OidcAccount,
    OidcClient,
    OidcProvider,
    running_oidc_provider,
)

pytestmark = pytest.mark.browser

NEW_PERSON = OidcAccount(
    "noor-0004", "noor@mopper.example", "Noor Nieuw", locale="nl-NL", groups=("staff",)
)


@pytest.fixture(scope="module")
def sso_server(built_frontend: None) -> Iterator[tuple[Server, OidcProvider]]:
    port = free_port()
    client = OidcClient(
        "mopper",
        "mopper-client-secret",
        redirect_uris=(f"http://127.0.0.1:{port}/auth/oidc/callback",),
    )
    with (
        running_oidc_provider(clients=(client,), accounts=(*DEFAULT_ACCOUNTS, NEW_PERSON)) as idp,
        serving(
            port,
            name="browser-sso-server",
            OIDC_ISSUER=idp.issuer,
            OIDC_CLIENT_ID=client.client_id,
            OIDC_CLIENT_SECRET=client.client_secret,
            OIDC_NAME="Acme ID",
            OIDC_SCOPES=SCOPE,
            PASSWORD_LOGIN="false",
        ) as server,
    ):
        yield server, idp


async def sign_in_at_the_provider(person: Visit, idp: OidcProvider, sub: str) -> None:
    """What a person does on the provider's own pages: log in, then consent."""
    page = person.page
    await page.wait_for_url(f"{idp.issuer}/**")
    await page.locator("input[name=login]").fill(sub)
    await page.locator("input[name=password]").fill("anything")
    await page.locator("button[type=submit]").click()
    await page.wait_for_url(re.compile(r"/interaction/"))
    await page.locator("button[type=submit]").click()  # "Continue": consent
    await page.wait_for_url(lambda url: not url.startswith(idp.issuer))
    # The provider's development pages ask for a stylesheet on the internet (this
    # machine has none) and a favicon it does not have: its console, not ours.
    person.console_errors[:] = [e for e in person.console_errors if not e.startswith(idp.issuer)]


async def test_signing_in_with_the_provider_from_a_page_that_needs_it(
    visit: NewVisit, sso_server: tuple[Server, OidcProvider]
) -> None:
    server, idp = sso_server
    mia = await visit(on=server, locale="en-GB")
    await mia.goto("/items")
    await expect(mia.page).to_have_url(re.compile(r"/login\?next="))
    button = mia.page.get_by_role("link", name="Sign in with Acme ID")
    await expect(button).to_be_visible()
    # Passwords are switched off: no password form at all.
    await expect(mia.page.locator("#email")).to_have_count(0)
    await expect(mia.page.locator("#password")).to_have_count(0)
    await mia.look("sso-login-only")

    await button.click()
    await sign_in_at_the_provider(mia, idp, "mia-0001")

    # Back on the page she wanted, signed in as the demo's Mia, in her language (Dutch).
    await expect(mia.page).to_have_url(f"{server.base_url}/items")
    await expect(mia.page.locator("html")).to_have_attribute("lang", "nl")
    me = await mia.api("{ me { email displayName role } }")
    assert me["me"] == {
        "email": "mia@mopper.example",
        "displayName": "Mia de Manager",
        "role": "MANAGER",
    }
    await mia.look("sso-signed-in")


async def test_the_first_sign_in_creates_the_person_in_their_language(
    visit: NewVisit, sso_server: tuple[Server, OidcProvider]
) -> None:
    server, idp = sso_server
    noor = await visit(on=server, phone=True, locale="en-GB")
    await noor.goto("/login")
    await noor.page.get_by_role("link", name="Sign in with Acme ID").click()
    await sign_in_at_the_provider(noor, idp, NEW_PERSON.sub)
    await expect(noor.page).to_have_url(f"{server.base_url}/")
    await expect(noor.page.get_by_text("Hoi Noor")).to_be_visible()
    me = await noor.api("{ me { email displayName role locale } }")
    assert me["me"] == {
        "email": "noor@mopper.example",
        "displayName": "Noor Nieuw",
        "role": "EMPLOYEE",
        "locale": "NL",
    }


async def test_an_answer_this_browser_did_not_ask_for_is_refused_with_a_reason(
    visit: NewVisit, sso_server: tuple[Server, OidcProvider]
) -> None:
    server, _ = sso_server
    someone = await visit(on=server, locale="nl-NL")
    await someone.goto("/auth/oidc/callback?code=stolen-code&state=not-from-here")
    await expect(someone.page).to_have_url(f"{server.base_url}/login?sso=state")
    await expect(someone.page.get_by_role("alert")).to_contain_text(
        "Die aanmelding is niet op dit apparaat begonnen"
    )
    assert (await someone.api("{ me { id } }"))["me"] is None
    await someone.look("sso-refused")


async def test_without_single_sign_on_the_login_page_has_no_such_button(
    visit: NewVisit,
) -> None:
    person = await visit()
    await person.goto("/login")
    await expect(person.page.locator("#email")).to_be_visible()
    await expect(person.page.get_by_role("link", name=re.compile("Sign in with"))).to_have_count(0)
