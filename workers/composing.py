"""Turning a claimed outbox email into the message that goes out: what its templates
are told, its two parts, and its headers.

Threads: every email about one item to one recipient carries `In-Reply-To` and
`References` pointing at that pair's thread id, and the same subject, `[MOP-00042]
<title>` ("Re: " after the first), so mail clients keep them in one conversation, as
GitHub's notifications do. Each email has its own stable `Message-ID`: a retry after an
unknown outcome is recognisably the same message.

Nothing typed by a person reaches a header unchecked: subjects and names are folded to
one line (no CR/LF, no control characters), and the email library encodes the rest;
`workers/sealing.py` then writes the message out and checks that its header block says
exactly this, before anything is sent.

`List-Unsubscribe` goes out as written, `<https://…>` on one line: the standard policy
would fold a long URL into an encoded word, which mail clients ignore (RFC 2369 and
RFC 8058 want the angle-bracketed URL itself).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import parseaddr
from functools import cache
from typing import cast

from domain.crypto import account_link_token
from domain.notifications import links
from domain.notifications.enums import ACCOUNT_TEMPLATES, RecipientKind, Template
from domain.notifications.preferences import kind_of
from domain.notifications.unsubscribe import person_token
from domain.replies.addresses import reply_address
from domain.settings import Settings, mail_from_domain
from workers.claiming import ClaimedEmail
from workers.rendering import render, render_subject
from workers.retry import DeliveryFailure

# The emails that open a recipient's thread about an item.
THREAD_STARTERS = frozenset(
    {Template.ITEM_RECEIVED, Template.CUSTOMER_ITEM_RECEIVED, Template.MANAGER_NEW_ITEM}
)
SUBJECT_MAX = 200
_BLANK_LINES = re.compile(r"\n{3,}")


# The longest line RFC 5322 allows, without its CRLF.
LINE_MAX = 998


class LiteralHeader(UnstructuredHeader):
    """A header written exactly as given, on one line: printable ASCII only, and no
    encoded words read into it (a header class of the standard registry, through its
    documented `parse` and `fold`)."""

    name: str  # BaseHeader's, which the registry mixes in

    @classmethod
    def parse(cls, value: str, kwds: dict[str, object]) -> None:
        if not (value.isascii() and value.isprintable()):
            raise ValueError("a literal header must be printable ASCII on one line")
        super().parse(value, kwds)
        kwds["decoded"] = value

    def fold(self, *, policy: policy.Policy) -> str:
        line = f"{self.name}: {self}"
        if len(line) > LINE_MAX:
            raise ValueError(f"{self.name} is longer than a header line may be")
        return f"{line}{policy.linesep}"


class _HeaderClasses(HeaderRegistry):
    """The standard registry builds a new class with `type()` for every header it
    parses, a third of the cost of composing an email; the classes are stateless, so
    one per header name is enough."""

    def __init__(self) -> None:
        super().__init__()
        # The registry mixes BaseHeader in itself, as its documentation says.
        self.map_to_type("list-unsubscribe", cast("type[BaseHeader]", LiteralHeader))

    @cache  # noqa: B019 - one registry for the process, keyed by header name
    def __getitem__(self, name: str) -> type[BaseHeader]:
        return super().__getitem__(name)


# The standard policy (RFC-compliant), with the cached classes. Bodies are written as
# 7-bit (quoted-printable where needed), so any SMTP server takes them as they are.
POLICY = policy.default.clone(header_factory=_HeaderClasses(), cte_type="7bit")


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What an email to a customer needs beyond its payload."""

    name: str
    token: str  # the status-page token, recomputed from the contact's salt
    stopped: bool  # the customer stopped emails


@dataclass(frozen=True, slots=True)
class Sender:
    """Who the emails come from, and where their links point."""

    from_header: Address
    envelope_from: str
    reply_to: str  # for an email without a reply address of its own
    base_url: str
    timezone: str
    reply_domain: str = "mopper.localhost"
    # Message-IDs and thread ids end in the domain of the sender address, whatever
    # process wrote the outbox row (and whatever it was configured with).
    domain: str = "mopper.localhost"

    @classmethod
    def from_settings(cls, settings: Settings) -> Sender:
        name, address = parseaddr(one_line(settings.mail_from))
        return cls(
            from_header=Address(display_name=name, addr_spec=address),
            envelope_from=address,
            reply_to=one_line(settings.mail_reply_to),
            base_url=settings.public_base_url,
            timezone=settings.business_timezone,
            reply_domain=settings.reply_address_domain,
            domain=mail_from_domain(settings.mail_from),
        )


def one_line(text: str) -> str:
    """Text safe for a header: every kind of line break, tab or control character
    becomes a space, and runs of spaces one."""
    visible = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join(visible.split())


def on_domain(message_id: str, domain: str) -> str:
    """`<unique@domain>`: the outbox's stable id, on the sender's domain."""
    unique = message_id.strip().strip("<>").rpartition("@")[0] or message_id.strip("<> ")
    return f"<{unique}@{domain}>"


def subject_for(email: ClaimedEmail) -> str:
    payload = email.payload
    if email.template in ACCOUNT_TEMPLATES:
        return one_line(
            render_subject(f"{email.template.value}_subject.txt", {}, locale=email.locale)
        )
    if email.template is Template.DIGEST:
        return one_line(render_subject("digest_subject.txt", payload, locale=email.locale))
    subject = f"[{payload['reference']}] {payload['title']}"
    if email.template not in THREAD_STARTERS:
        subject = f"Re: {subject}"
    return one_line(subject)[:SUBJECT_MAX]


def account_context(email: ClaimedEmail, sender: Sender) -> dict[str, object]:
    """An invitation or reset: the link carries the token recomputed from the row's salt."""
    payload = email.payload
    token = account_link_token(str(payload["salt"]))
    if email.template is Template.INVITATION:
        link = links.welcome_link(sender.base_url, token)
    else:
        link = links.reset_link(sender.base_url, token)
    return {
        "name": payload.get("name") or "",
        "inviter_name": payload.get("inviter_name"),
        "expires_at": payload.get("expires_at"),
        "link": link,
    }


def digest_context(email: ClaimedEmail, sender: Sender) -> dict[str, object]:
    """A daily digest: its items, each with its updates and its link."""
    payload = email.payload
    entries = payload.get("items")
    items = [
        {**entry, "link": links.item_link(sender.base_url, int(str(entry.get("item_id"))))}
        for entry in (entries if isinstance(entries, list) else [])
        if isinstance(entry, Mapping)
    ]
    return {
        "updates": payload.get("updates") or len(items),
        "items": items,
        "settings_link": links.settings_link(sender.base_url),
    }


def template_context(
    email: ClaimedEmail, customer: CustomerFacts | None, sender: Sender
) -> dict[str, object]:
    payload = email.payload
    if email.template in ACCOUNT_TEMPLATES:
        return account_context(email, sender)
    if email.template is Template.DIGEST:
        return digest_context(email, sender)
    is_customer = email.recipient_kind is RecipientKind.CUSTOMER
    if is_customer:
        assert customer is not None, "a customer email needs its contact"
        link = links.customer_status_link(sender.base_url, customer.token)
    elif email.recipient_kind is RecipientKind.FOLLOWER:
        # A follower sees the shared item (after a merge: the one it went into).
        followed = payload.get("into_id") or payload["item_id"]
        link = links.shared_item_link(sender.base_url, int(str(followed)))
    else:
        link = links.item_link(sender.base_url, int(str(payload["item_id"])))
    category = payload.get("category")
    return {
        "reference": payload["reference"],
        "title": payload["title"],
        "team": payload["team"],
        "category": category.get(email.locale.value) if isinstance(category, Mapping) else "",
        "kind": payload["kind"],
        "status": payload["status"],
        "from_status": payload.get("from_status"),
        "to_status": payload.get("to_status"),
        "message": payload.get("message"),
        "actor_name": payload.get("actor_name"),
        "employee_first_name": payload.get("employee_first_name"),
        "acknowledge_due_at": payload.get("acknowledge_due_at"),
        "resolve_due_at": payload.get("resolve_due_at"),
        "solved": payload.get("solved"),
        "target": payload.get("target"),
        "due_at": payload.get("due_at"),
        "escalated": bool(payload.get("escalated")),
        "attachments_left_out": payload.get("attachments_left_out") or 0,
        # A merge: the item it went into.
        "event": payload.get("event"),
        "into_reference": payload.get("into_reference"),
        "into_title": payload.get("into_title"),
        # Who the step was shown to (older rows do not say: then as the recipient).
        "visibility": payload.get("visibility"),
        "recipient_kind": email.recipient_kind.value,
        "is_customer": is_customer,
        "customer_name": customer.name if customer is not None else None,
        "link": link,
    }


def _recipient(email: ClaimedEmail, customer: CustomerFacts | None) -> Address:
    name = one_line(customer.name) if customer is not None else ""
    try:
        return Address(display_name=name, addr_spec=email.address)
    except (ValueError, IndexError) as error:
        raise DeliveryFailure(f"unusable address: {error}", permanent=True) from error


def _unsubscribe_link(
    email: ClaimedEmail, customer: CustomerFacts | None, sender: Sender
) -> str | None:
    """A customer's stops everything about their problem; a signed-in person's stops the
    kind of email this one is (a digest's: what they get as a digest)."""
    if customer is not None:
        return links.customer_unsubscribe_link(sender.base_url, customer.token)
    if email.recipient_user_id is None:
        return None
    kind = kind_of(email.template, email.recipient_kind)
    if kind is None and email.template is not Template.DIGEST:
        return None
    return links.person_unsubscribe_link(
        sender.base_url, person_token(email.recipient_user_id, kind)
    )


def compose(
    email: ClaimedEmail,
    customer: CustomerFacts | None,
    sender: Sender,
    *,
    reply_token: str | None = None,
) -> EmailMessage:
    """`reply_token`: the thread's reply address, where an answer to this email goes."""
    rendered = render(
        email.template,
        {**template_context(email, customer, sender), "can_reply": reply_token is not None},
        locale=email.locale,
        timezone=sender.timezone,
    )
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject_for(email)
    message["From"] = sender.from_header
    message["To"] = _recipient(email, customer)
    if reply_token is not None:
        message["Reply-To"] = Address(
            display_name=sender.from_header.display_name,
            addr_spec=reply_address(reply_token, sender.reply_domain),
        )
    elif sender.reply_to:
        message["Reply-To"] = sender.reply_to
    message["Date"] = email.created_at
    message["Message-ID"] = on_domain(email.message_id, sender.domain)
    thread = on_domain(email.thread_id, sender.domain)
    message["In-Reply-To"] = thread
    message["References"] = thread
    # RFC 3834: automatic mail; out-of-office replies should not answer it.
    message["Auto-Submitted"] = "auto-generated"
    # RFC 8058 one-click unsubscribe: the mail client POSTs to this link.
    unsubscribe = _unsubscribe_link(email, customer, sender)
    if unsubscribe is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_BLANK_LINES.sub("\n\n", rendered.text).strip() + "\n")
    message.add_alternative(rendered.html, subtype="html")
    message["Content-Language"] = email.locale.value  # after set_content, which drops Content-*
    return message
