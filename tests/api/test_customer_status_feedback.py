"""The customer's status page shows their own answer ("solved" or not) on the timeline."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.crypto import customer_status_token
from domain.items import triage
from domain.items.enums import Status
from domain.items.models import CustomerContact
from tests.support.api import client
from tests.support.domain import relay
from tests.support.org import Org

STATUS = """
query($token: String!) {
  customerStatus(token: $token) { status timeline { type solved byCustomer } }
}"""
FEEDBACK = """
mutation($token: String!, $solved: Boolean!) {
  customerFeedback(token: $token, solved: $solved) { status timeline { type solved } }
}"""


async def test_not_solved_is_on_the_customers_timeline_and_reopens_the_item(
    org: Org, app: Starlette
) -> None:
    item = await relay(org, org.alice)
    max_ = await org.principal(org.max)
    await triage.transition(max_, item.id, to=Status.ACKNOWLEDGED)
    await triage.transition(max_, item.id, to=Status.RESOLVED, message="We replaced the modem.")
    contact = await CustomerContact.get(item_id=item.id)
    token = customer_status_token(contact.token_salt)

    async with client(app) as customer:
        answered = await customer.ok(FEEDBACK, {"token": token, "solved": False})
        seen = await customer.ok(STATUS, {"token": token})

    assert answered["customerFeedback"]["status"] == "IN_PROGRESS"
    feedback = [e for e in seen["customerStatus"]["timeline"] if e["type"] == "CUSTOMER_FEEDBACK"]
    assert feedback == [{"type": "CUSTOMER_FEEDBACK", "solved": False, "byCustomer": True}]
    others = [
        e["solved"] for e in seen["customerStatus"]["timeline"] if e["type"] != "CUSTOMER_FEEDBACK"
    ]
    assert set(others) == {None}
