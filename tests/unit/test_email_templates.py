"""The email templates: one text and one HTML template per notification, every message
in them translated into Dutch, and each one renders for every case it must cover."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from email.headerregistry import Address
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from domain.crypto import account_link_token
from domain.items.enums import Status
from domain.notifications.enums import ACCOUNT_TEMPLATES, RecipientKind, Template
from domain.org.enums import Locale
from workers.claiming import ClaimedEmail
from workers.composing import CustomerFacts, Sender, compose, one_line
from workers.rendering import LOCALES, TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
SENDER = Sender(
    from_header=Address(display_name="Mopper", addr_spec="mopper@localhost"),
    envelope_from="mopper@localhost",
    reply_to="",
    base_url="https://mopper.example",
    timezone="Europe/Amsterdam",
)


def template_messages() -> set[str]:
    method_map = [("**.txt", "jinja2"), ("**.html", "jinja2")]
    options = {"**": {"trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true"}}
    found = extract_from_dir(str(TEMPLATES), method_map, options)
    return {message if isinstance(message, str) else message[0] for *_, message, _, _ in found}


def test_every_notification_has_a_text_and_an_html_template() -> None:
    for template in Template:
        assert (TEMPLATES / f"{template.value}.txt").is_file(), template
        assert (TEMPLATES / f"{template.value}.html").is_file(), template


def _singular(message_id: str | Sequence[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _all_forms(translation: str | Sequence[str] | None) -> bool:
    return bool(translation) and all(translation or ())


def test_every_message_in_the_templates_has_a_dutch_translation() -> None:
    with (LOCALES / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    # A plural message is known by its singular, with every form translated.
    translated = {_singular(m.id) for m in catalog if m.id and _all_forms(m.string) and not m.fuzzy}
    missing = template_messages() - translated
    assert not missing, "run `make translations` and translate:\n" + "\n".join(sorted(missing))
    unused = {_singular(m.id) for m in catalog if m.id} - template_messages()
    assert not unused, f"no longer in the templates: {sorted(unused)}"


def email(
    template: Template, kind: RecipientKind, locale: Locale, **payload: object
) -> ClaimedEmail:
    moment = datetime(2026, 12, 7, 13, 30, tzinfo=UTC)
    return ClaimedEmail(
        id=1,
        item_id=42,
        recipient_kind=kind,
        address="someone@example.net",
        locale=locale,
        template=template,
        payload={
            "item_id": 42,
            "reference": "MOP-00042",
            "kind": "CUSTOMER_ISSUE",
            "title": "Internet drops",
            "status": "IN_PROGRESS",
            "team": "Customer Care",
            "category": {"en": "Internet at home", "nl": "Internet thuis"},
            "from_status": None,
            "to_status": None,
            "message": None,
            "actor_name": None,
            "employee_first_name": "Bob" if kind is RecipientKind.CUSTOMER else None,
            "acknowledge_due_at": moment.isoformat(),
            "resolve_due_at": moment.isoformat(),
            **payload,
        },
        attempts=1,
        message_id="<m@mopper.example>",
        thread_id="<t@mopper.example>",
        created_at=moment,
        lease_until=moment,
    )


CUSTOMER = CustomerFacts(name="Karin Klant", token="a" * 64, stopped=False)


# A digest is many items; account emails are about none.
ITEM_TEMPLATES = [t for t in Template if t is not Template.DIGEST and t not in ACCOUNT_TEMPLATES]


@pytest.mark.parametrize("locale", list(Locale))
@pytest.mark.parametrize("template", ITEM_TEMPLATES)
@pytest.mark.parametrize(
    "kind",
    [RecipientKind.EMPLOYEE, RecipientKind.CUSTOMER, RecipientKind.MANAGER, RecipientKind.FOLLOWER],
)
def test_every_template_renders_in_both_languages(
    template: Template, kind: RecipientKind, locale: Locale
) -> None:
    message = compose(
        email(
            template,
            kind,
            locale,
            target="RESOLVE",
            solved=False,
            escalated=True,
            into_id=43,
            into_reference="MOP-00043",
            into_title="No internet",
        ),
        CUSTOMER if kind is RecipientKind.CUSTOMER else None,
        SENDER,
    )
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "MOP-00042" in text.get_content() and "MOP-00042" in html.get_content()
    assert "None" not in text.get_content()


@pytest.mark.parametrize("locale", list(Locale))
@pytest.mark.parametrize("template", sorted(ACCOUNT_TEMPLATES))
def test_account_emails_render_in_both_languages_with_their_link(
    template: Template, locale: Locale
) -> None:
    salt = "0" * 32
    message = compose(
        ClaimedEmail(
            id=1,
            item_id=None,
            recipient_kind=RecipientKind.EMPLOYEE,
            address="nora@example.net",
            locale=locale,
            template=template,
            payload={
                "salt": salt,
                "name": "Nora",
                "inviter_name": "Ada Admin",
                "expires_at": "2026-12-07T13:30:00+00:00",
            },
            attempts=1,
            message_id="<m@mopper.example>",
            thread_id="<t@mopper.example>",
            created_at=datetime(2026, 12, 7, 13, 30, tzinfo=UTC),
            lease_until=datetime(2026, 12, 7, 13, 30, tzinfo=UTC),
        ),
        None,
        SENDER,
    )
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    token = account_link_token(salt)
    path = "/welcome#" if template is Template.INVITATION else "/reset-password#"
    assert f"{path}{token}" in text.get_content() and f"{path}{token}" in html.get_content()
    assert salt not in text.get_content()
    assert "Nora" in text.get_content() and "None" not in text.get_content()
    assert str(message["Subject"]) and "MOP-" not in str(message["Subject"])
    dutch = {"Je bent uitgenodigd voor Mopper", "Kies een nieuw wachtwoord voor Mopper"}
    assert (str(message["Subject"]) in dutch) is (locale is Locale.NL)


STATUS_LINES = {
    Status.IN_PROGRESS: ("Work on “Internet drops” has started.", "Het werk aan"),
    Status.WAITING_FOR_INFO: ("The question:\n\n    Which modem?", "De vraag:"),
    Status.RESOLVED: ("The explanation:\n\n    Which modem?", "De toelichting:"),
    Status.DECLINED: ("The reason:\n\n    Which modem?", "De reden:"),
    Status.CLOSED: ("“Internet drops” is now closed.", "is nu gesloten"),
}


@pytest.mark.parametrize("to", list(STATUS_LINES))
def test_a_status_change_says_what_happened(to: Status) -> None:
    english, dutch = STATUS_LINES[to]
    for locale, expected in ((Locale.EN, english), (Locale.NL, dutch)):
        message = compose(
            email(
                Template.STATUS_CHANGED,
                RecipientKind.EMPLOYEE,
                locale,
                status=to.value,
                from_status="ACKNOWLEDGED",
                to_status=to.value,
                message="Which modem?",
            ),
            None,
            SENDER,
        )
        body = message.get_body(("plain",))
        assert body is not None
        assert expected in body.get_content().replace("\r\n", "\n")


def test_a_reopened_item_says_so() -> None:
    message = compose(
        email(
            Template.STATUS_CHANGED,
            RecipientKind.CUSTOMER,
            Locale.EN,
            from_status="RESOLVED",
            to_status="IN_PROGRESS",
        ),
        CUSTOMER,
        SENDER,
    )
    body = message.get_body(("plain",))
    assert body is not None
    assert "“Internet drops” has been reopened and is being worked on again." in body.get_content()


@pytest.mark.parametrize(
    ("typed", "header"),
    [
        ("Karin\r\nBcc: x@example.org", "Karin Bcc: x@example.org"),
        ("a\u2028b\u2029c\x85d\x0be\x00f", "a b c d e f"),
        ("  tabs\tand   spaces  ", "tabs and spaces"),
        ("Zoë ‏مرحبا", "Zoë ‏مرحبا"),
    ],
)
def test_text_for_headers_is_one_line(typed: str, header: str) -> None:
    assert one_line(typed) == header
