"""Invitation and reset emails reach a real SMTP server, and the links in them are
followed: a password is set once, the link then says it was used; a forged or expired
link says so. "Forgot your password?" answers the same for any address."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from starlette.applications import Starlette

from domain.auth.models import AccountLink, Session
from domain.auth.sessions import open_session
from domain.clock import recorded_at
from domain.org.models import User
from domain.settings import get_settings
from tests.support.api import client
from tests.support.org import PASSWORD, Org
from tests.support.smtp import SmtpSink
from tests.support.workers import delivery_settings, running_worker

INVITE = """mutation($e: String!) { invitePerson(input: {email: $e, displayName: "Nora Nieuw",
  locale: NL}) { id } }"""
LINK = "query($t: String!) { accountLink(token: $t) { purpose email displayName locale } }"
SET = """mutation($t: String!, $p: String!, $l: Locale) {
  setPasswordWithLink(token: $t, password: $p, locale: $l) { email locale } }"""
RESET = "mutation($e: String!) { requestPasswordReset(email: $e) }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }"
NEW_PASSWORD = "a long walk on the beach"


def token_in(text: str, path: str) -> str:
    found = re.search(rf"https?://\S+{path}#([A-Za-z0-9_-]+)", text)
    assert found, text
    return found.group(1)


async def test_an_invitation_email_leads_to_a_password_and_a_session(
    org: Org, app: Starlette, sink: SmtpSink
) -> None:
    async with client(app, org.ada) as admin:
        await admin.ok(INVITE, {"e": "nora@example.com"})
    async with running_worker(delivery_settings(sink.port)):
        [email] = await sink.wait_for(1)
    assert email.envelope_to == ["nora@example.com"]
    assert email.decoded("Subject") == "Je bent uitgenodigd voor Mopper"
    assert "Ada Admin heeft je uitgenodigd" in email.text()
    token = token_in(email.text(), "/welcome")
    assert token in email.html()
    assert len(token) >= 43  # 256 bits in base64url
    assert not await AccountLink.filter(token_hash__contains=token).exists()

    async with client(app) as nora:
        facts = (await nora.ok(LINK, {"t": token}))["accountLink"]
        assert facts == {
            "purpose": "INVITATION",
            "email": "nora@example.com",
            "displayName": "Nora Nieuw",
            "locale": "NL",
        }
        short = await nora.post(SET, {"t": token, "p": "too short"})
        assert short["errors"][0]["extensions"]["fields"]["password"].startswith("At least 12")
        common = await nora.post(SET, {"t": token, "p": "password1234"})
        assert "too common" in common["errors"][0]["extensions"]["fields"]["password"]
        done = await nora.ok(SET, {"t": token, "p": NEW_PASSWORD, "l": "EN"})
        assert done["setPasswordWithLink"] == {"email": "nora@example.com", "locale": "EN"}
        assert (await nora.ok("{ me { email } }"))["me"]["email"] == "nora@example.com"
        assert await nora.error_code(LINK, {"t": token}) == "LINK_USED"
        assert await nora.error_code(SET, {"t": token, "p": "another long password"}) == "LINK_USED"
    async with client(app) as again:
        await again.ok(LOGIN, {"e": "nora@example.com", "p": NEW_PASSWORD})


async def test_forged_and_expired_links_say_so(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as admin:
        await admin.ok(INVITE, {"e": "nora@example.com"})
    async with client(app) as anyone:
        assert await anyone.error_code(LINK, {"t": "A" * 43}) == "LINK_INVALID"
        assert await anyone.error_code(LINK, {"t": ""}) == "LINK_INVALID"
        assert await anyone.error_code(SET, {"t": "x" * 500, "p": NEW_PASSWORD}) == "LINK_INVALID"
    # A reset asked for eight days ago... the invitation (7 days) has run out by now.
    from domain.auth import links
    from domain.auth.models import LinkPurpose
    from domain.unit_of_work import unit_of_work

    nora = await User.get(email="nora@example.com")
    with recorded_at(datetime.now(UTC) - timedelta(days=8)):
        async with unit_of_work() as uow:
            old = await links.issue(uow, nora, LinkPurpose.INVITATION)
    async with client(app) as anyone:
        assert await anyone.error_code(LINK, {"t": old.token}) == "LINK_EXPIRED"
        assert await anyone.error_code(SET, {"t": old.token, "p": NEW_PASSWORD}) == "LINK_EXPIRED"
    assert (await User.get(id=nora.id)).password_hash == ""


async def test_a_reset_email_for_a_known_address_only_and_the_same_answer(
    org: Org, app: Starlette, sink: SmtpSink
) -> None:
    elsewhere = await open_session(org.bob.id, ttl_hours=1)
    async with client(app) as anyone:
        known = await anyone.post(RESET, {"e": "Bob@example.com"})
        unknown = await anyone.post(RESET, {"e": "nobody@example.com"})
    assert known == unknown == {"data": {"requestPasswordReset": True}}
    async with running_worker(delivery_settings(sink.port)):
        [email] = await sink.wait_for(1)
    assert email.envelope_to == ["bob@example.com"]
    assert email.decoded("Subject") == "Kies een nieuw wachtwoord voor Mopper"  # Bob reads Dutch
    token = token_in(email.text(), "/reset-password")
    link = await AccountLink.get(user_id=org.bob.id)
    assert link.expires_at - link.created_at == timedelta(hours=1)
    async with client(app) as bob:
        assert (await bob.ok(LINK, {"t": token}))["accountLink"]["purpose"] == "RESET"
        await bob.ok(SET, {"t": token, "p": NEW_PASSWORD})
    assert not await Session.filter(user_id=org.bob.id, token_hash=elsewhere).exists()
    assert await Session.filter(user_id=org.bob.id).count() == 1  # the new one only
    async with client(app) as old:
        assert await old.error_code(LOGIN, {"e": "bob@example.com", "p": PASSWORD}) == (
            "INVALID_CREDENTIALS"
        )


async def test_reset_requests_are_throttled_for_known_and_unknown_alike(
    org: Org, app: Starlette
) -> None:
    limit = int(get_settings().password_reset_account_limit.split()[0])
    async with client(app) as anyone:
        for address in ("bob@example.com", "nobody@example.com"):
            for _ in range(limit):
                await anyone.ok(RESET, {"e": address})
            assert await anyone.error_code(RESET, {"e": address}) == "RATE_LIMITED"


async def test_changing_my_password_ends_my_other_sessions(org: Org, app: Starlette) -> None:
    other = await open_session(org.alice.id, ttl_hours=1)
    change = """mutation($c: String!, $n: String!) {
      changeMyPassword(currentPassword: $c, newPassword: $n) }"""
    async with client(app, org.alice) as alice:
        wrong = await alice.post(change, {"c": "not my password", "n": NEW_PASSWORD})
        assert "currentPassword" in wrong["errors"][0]["extensions"]["fields"]
        common = await alice.post(change, {"c": PASSWORD, "n": "Qwerty123456"})
        assert "newPassword" in common["errors"][0]["extensions"]["fields"]
        assert await Session.filter(user_id=org.alice.id).count() == 2
        await alice.ok(change, {"c": PASSWORD, "n": NEW_PASSWORD})
        assert (await alice.ok("{ me { email } }"))["me"]["email"] == "alice@example.com"
    assert await Session.filter(user_id=org.alice.id).count() == 1
    async with client(app) as stale:
        stale.http.cookies.set(get_settings().session_cookie, other)
        assert (await stale.ok("{ me { email } }"))["me"] is None
