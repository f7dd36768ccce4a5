"""The links emails carry. The web app and other services build against these shapes.

A customer's status link carries its token in the URL fragment, which browsers never
send to a server, so the token stays out of every access log; the web app reads it
from `location.hash`.
"""

from __future__ import annotations


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def customer_status_link(base_url: str, token: str) -> str:
    return f"{_base(base_url)}/status#{token}"


def customer_unsubscribe_link(base_url: str, token: str) -> str:
    """For `List-Unsubscribe` (RFC 8058 one-click: mail clients POST to it)."""
    return f"{_base(base_url)}/unsubscribe/{token}"


def item_link(base_url: str, item_id: int) -> str:
    return f"{_base(base_url)}/items/{item_id}"


def welcome_link(base_url: str, token: str) -> str:
    """An invitation's (or the first admin's) link: set a password and a language."""
    return f"{_base(base_url)}/welcome#{token}"


def reset_link(base_url: str, token: str) -> str:
    return f"{_base(base_url)}/reset-password#{token}"


def shared_item_link(base_url: str, item_id: int) -> str:
    """A shared item as colleagues see it (for who said "me too")."""
    return f"{_base(base_url)}/shared/{item_id}"


def person_unsubscribe_link(base_url: str, token: str) -> str:
    """For `List-Unsubscribe` on a signed-in person's email: one kind of email."""
    return f"{_base(base_url)}/unsubscribe/email/{token}"


def settings_link(base_url: str) -> str:
    """Where a person chooses which emails they get."""
    return f"{_base(base_url)}/settings"
