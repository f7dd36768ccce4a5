"""One-click unsubscribe (RFC 8058) from the link in a customer's email."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items import triage
from domain.items.models import CustomerContact
from domain.notifications.enums import RecipientKind
from domain.notifications.models import Notification
from tests.support.api import BASE_URL
from tests.support.domain import relay
from tests.support.org import Org

ONE_CLICK = b"List-Unsubscribe=One-Click"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


async def test_a_mail_clients_one_click_post_stops_the_customers_emails(
    org: Org, app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    item = await relay(org, org.bob)
    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)

    # As Gmail sends it: a form post from its own servers, no cookies, a foreign origin.
    with caplog.at_level(logging.INFO, logger="mopper.access"):
        async with http(app) as mail_client:
            response = await mail_client.post(
                f"/unsubscribe/{token}",
                headers={**FORM, "origin": "https://mail.google.com"},
                content=ONE_CLICK,
            )
    assert response.status_code == 200
    assert (await CustomerContact.get(id=contact.id)).unsubscribed_at is not None
    await asyncio.sleep(0)  # access-log lines are written at the loop's next turn
    logged = [r.getMessage() for r in caplog.records if r.name == "mopper.access"]
    assert logged == [f"POST /unsubscribe/… 200 {logged[0].rsplit(' ', 1)[1]}"]  # masked

    await triage.acknowledge(await org.principal(org.max), item.id)
    to_customer = await Notification.filter(item_id=item.id, recipient_kind=RecipientKind.CUSTOMER)
    assert len(to_customer) == 1  # only the first email, from before


async def test_opening_the_link_does_not_unsubscribe(org: Org, app: Starlette) -> None:
    """Link scanners and previews fetch links: a GET only leads to the status page."""
    item = await relay(org, org.bob)
    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)

    async with http(app) as browser:
        response = await browser.get(f"/unsubscribe/{token}")
        head = await browser.head(f"/unsubscribe/{token}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/status#{token}"
    assert head.status_code == 303
    assert (await CustomerContact.get(id=contact.id)).unsubscribed_at is None


async def test_a_wrong_token_changes_nothing(org: Org, app: Starlette) -> None:
    item = await relay(org, org.bob)
    async with http(app) as anyone:
        wrong = await anyone.post("/unsubscribe/" + "0" * 64, headers=FORM, content=ONE_CLICK)
        malformed = await anyone.post("/unsubscribe/not-a-token", headers=FORM, content=ONE_CLICK)
    assert (wrong.status_code, malformed.status_code) == (404, 404)
    assert (await CustomerContact.get(item_id=item.id)).unsubscribed_at is None


async def test_the_cross_site_guard_still_protects_graphql(org: Org, app: Starlette) -> None:
    item = await relay(org, org.bob)
    await triage.acknowledge(await org.principal(org.max), item.id)
    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)
    stop = f'mutation {{ stopCustomerEmails(token: "{token}") {{ emailsStopped }} }}'

    async with http(app) as attacker:
        as_form = await attacker.post("/graphql", headers=FORM, content=f"query={stop}".encode())
        cross_site = await attacker.post(
            "/graphql", json={"query": stop}, headers={"origin": "https://evil.example"}
        )
    assert as_form.status_code == 415
    assert cross_site.status_code == 403
    assert (await CustomerContact.get(id=contact.id)).unsubscribed_at is None
