"""A customer answers the team's question twice: on the status page, and by replying to
the email (through the server's own inbound SMTP service); the manager sees both in the
item panel, each labelled as the customer's, the second one "by email"."""

from __future__ import annotations

import re
import uuid
from email.message import EmailMessage

import aiosmtplib
import pytest
from playwright.async_api import expect

from tests.browser.conftest import NewVisit
from tests.browser.support import Server, status_link, text_of

pytestmark = pytest.mark.browser

CATEGORIES = "{ categories { id nameEn } }"
RELAY = (
    """mutation($input: RelayCustomerIssueInput!) { relayCustomerIssue(input: $input) { id } }"""
)
MOVE = """mutation($id: ID!, $to: Status!, $message: String) {
  transitionItem(id: $id, to: $to, message: $message, visibility: PUBLIC) { status }
}"""


async def test_a_customer_answers_on_the_status_page_and_by_email(visit: NewVisit) -> None:
    run = uuid.uuid4().hex[:6]
    title = f"Modem blinks red [{run}]"
    customer_email = f"kees.{run}@example.net"

    # The scene: Alice passed the problem on; Max asks the customer something.
    alice = await visit()
    await alice.login("alice@mopper.example")
    categories = (await alice.api(CATEGORIES))["categories"]
    internet = next(c["id"] for c in categories if c["nameEn"].startswith("Internet"))
    relayed = await alice.api(
        RELAY,
        {
            "input": {
                "categoryId": internet,
                "title": title,
                "body": "The modem light blinks red since the storm.",
                "customerName": "Kees Klant",
                "customerEmail": customer_email,
                "customerLocale": "EN",
                "consent": True,
            }
        },
    )
    item_id = relayed["relayCustomerIssue"]["id"]
    max_ = await visit()
    await max_.login("max@mopper.example")
    for to, message in (("ACKNOWLEDGED", None), ("WAITING_FOR_INFO", "Which lights are on?")):
        await max_.api(MOVE, {"id": item_id, "to": to, "message": message})

    # The question arrives by email, with the status link and a reply address.
    server = max_.server
    question = await email_saying(server, customer_email, "The question is for you.")
    reply_to = question["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("reply+")

    # On the status page: the question, and a box to answer it.
    customer = await visit(phone=True)
    await customer.page.goto(status_link(server.base_url, text_of(question)))
    await expect(customer.page.get_by_text("The team has a question for you")).to_be_visible()
    await expect(customer.page.locator(".question")).to_contain_text("Which lights are on?")
    await expect(
        customer.page.get_by_text("The modem light blinks red since the storm.")
    ).to_be_visible()
    await customer.look("35-status-question")
    await customer.page.get_by_label("Write to the team").fill("Only the power light.")
    await customer.page.get_by_role("button", name="Send").click()
    await expect(customer.page.get_by_text("Sent to the team.")).to_be_visible()
    await expect(customer.page.locator(".badge.status-in_progress")).to_be_visible()

    # And by email: a reply to the question, quoting it, as a mail client writes it.
    answer = EmailMessage()
    answer["From"] = f"Kees Klant <{customer_email}>"
    answer["To"] = reply_to
    answer["Subject"] = f"Re: {question['Subject']}"
    answer.set_content(
        "And the DSL light blinks now.\n\nRegards,\nKees\n\n"
        f"On Mon, 7 Dec 2026 at 14:30, Mopper <{reply_to}> wrote:\n> Which lights are on?\n"
    )
    await aiosmtplib.send(
        answer, hostname="127.0.0.1", port=server.inbound_port, start_tls=False, timeout=10
    )

    # Max (who reads Mopper in Dutch) sees both in the panel, as the customer's, one of
    # them by email, and his own question as written to the customer.
    await max_.goto(f"/board?item={item_id}")
    panel = max_.page.get_by_role("dialog", name=re.compile("MOP-"))
    await expect(panel.get_by_role("heading", name=title)).to_be_visible()
    messages = panel.locator(".entry-message")
    on_page = messages.filter(has_text="Only the power light.")
    await expect(on_page).to_contain_text("Van de klant")
    await expect(on_page).not_to_contain_text("per e-mail")
    by_email = messages.filter(has_text="And the DSL light blinks now.")
    await expect(by_email).to_contain_text("Van de klant")
    await expect(by_email).to_contain_text("per e-mail")
    await expect(by_email).not_to_contain_text("Regards")
    asked = panel.locator(".entry-status_changed").filter(has_text="Which lights are on?")
    await expect(asked).to_contain_text("Aan de klant en de medewerker")
    await max_.look("36-panel-customer-replies")


async def email_saying(server: Server, address: str, words: str) -> EmailMessage:
    """The first email to `address` whose text says `words`, once it has arrived."""
    for number in range(10):
        email = await server.email_to(address, after=number)
        if words in text_of(email):
            return email
    raise AssertionError(f"no email to {address} says {words!r}")


SUBMIT = (
    """mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }"""
)
MESSAGE = """mutation($id: ID!, $body: String!) {
  addMessage(id: $id, body: $body, visibility: SUBMITTER) { id }
}"""


async def test_the_submitter_says_her_gripe_is_not_solved(visit: NewVisit) -> None:
    """Alice's gripe was resolved; she says it is not, and why. Mia sees Alice's words
    as Alice's (not as a message to her), and the gripe back in progress."""
    run = uuid.uuid4().hex[:6]
    title = f"The printer jams [{run}]"
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    categories = (await alice.api(CATEGORIES))["categories"]
    building = next(c["id"] for c in categories if c["nameEn"] == "Building & workplace")
    sent = await alice.api(
        SUBMIT,
        {
            "input": {
                "categoryId": building,
                "title": title,
                "body": "Every morning.",
            }
        },
    )
    item_id = sent["submitGrievance"]["item"]["id"]
    await alice.api(MESSAGE, {"id": item_id, "body": "It is the one near the lift."})
    mia = await visit()
    await mia.login("mia@mopper.example")
    for to, message in (("ACKNOWLEDGED", None), ("RESOLVED", "We replaced the roller.")):
        await mia.api(
            """mutation($id: ID!, $to: Status!, $message: String) {
              transitionItem(id: $id, to: $to, message: $message) { status } }""",
            {"id": item_id, "to": to, "message": message},
        )

    await alice.goto(f"/items/{item_id}")
    await expect(alice.page.get_by_role("heading", name="Did this solve it?")).to_be_visible()
    await alice.page.get_by_role("button", name="No, it is not solved").click()
    await alice.page.get_by_label("What is still wrong?").fill("It jammed again at 9:00.")
    await alice.look("37-item-not-solved-why")
    await alice.page.get_by_role("button", name="Send: not solved").click()
    await expect(alice.page.get_by_text("Thank you. The team takes it up again.")).to_be_visible()
    await expect(alice.page.locator(".card .badge.status-in_progress")).to_be_visible()
    await expect(alice.page.get_by_text("You said it is not solved")).to_be_visible()
    await expect(alice.page.get_by_role("heading", name="Did this solve it?")).to_have_count(0)

    await mia.goto(f"/board?item={item_id}")
    panel = mia.page.get_by_role("dialog", name=re.compile("MOP-"))
    await expect(panel.get_by_text("De melder zegt dat het niet is opgelost")).to_be_visible()
    said = panel.locator(".entry-submitter_feedback")
    await expect(said).to_contain_text("It jammed again at 9:00.")
    await expect(said).to_contain_text("Van de melder · voor het team")
    her_message = panel.locator(".entry-message").filter(has_text="It is the one near the lift.")
    await expect(her_message).to_contain_text("Van de melder · voor het team")
    await expect(her_message).not_to_contain_text("Aan de melder")
    await mia.look("38-panel-submitter-not-solved")
