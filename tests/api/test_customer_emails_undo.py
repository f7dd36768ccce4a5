"""A customer who stopped emails on the status page can take it back there."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items import triage
from domain.items.enums import Status
from domain.items.models import CustomerContact
from domain.notifications.models import Notification
from tests.support.api import client
from tests.support.domain import relay
from tests.support.org import Org

STOP = "mutation($t: String!) { stopCustomerEmails(token: $t) { emailsStopped } }"
RESUME = "mutation($t: String!) { resumeCustomerEmails(token: $t) { emailsStopped } }"


async def emails_to_customer(item_id: int) -> int:
    return await Notification.filter(item_id=item_id, recipient_kind="CUSTOMER").count()


async def test_stopping_emails_can_be_undone_from_the_status_page(org: Org, app: Starlette) -> None:
    item = await relay(org, org.bob)
    token = customer_status_token((await CustomerContact.get(item_id=item.id)).token_salt)
    max_ = await org.principal(org.max)
    async with client(app) as customer:
        assert (await customer.ok(STOP, {"t": token}))["stopCustomerEmails"] == {
            "emailsStopped": True
        }
        await triage.acknowledge(max_, item.id)
        assert await emails_to_customer(item.id) == 1  # only "received", from before

        assert (await customer.ok(RESUME, {"t": token}))["resumeCustomerEmails"] == {
            "emailsStopped": False
        }
        await triage.transition(max_, item.id, to=Status.IN_PROGRESS)
        await triage.transition(max_, item.id, to=Status.RESOLVED, message="A new modem.")
    # Emails again, at the steps that matter: resolved (not "in progress").
    assert await emails_to_customer(item.id) == 2


async def test_a_wrong_token_resumes_nothing(org: Org, app: Starlette) -> None:
    item = await relay(org, org.bob)
    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)
    async with client(app) as customer:
        await customer.ok(STOP, {"t": token})
        assert await customer.error_code(RESUME, {"t": "0" * 64}) == "NOT_FOUND"
    assert (await CustomerContact.get(id=contact.id)).unsubscribed_at is not None
