"""One-click unsubscribe from one kind of email (RFC 8058), for signed-in people.

Every email to a person carries `List-Unsubscribe: <…/unsubscribe/email/<token>>`: the
token names the person and the kind ("digest": everything they get as a digest) and is
signed with the server secret (HMAC-SHA256, 128 bits kept), so it cannot be forged or
turned to another person or kind; all it can do is stop that kind of email for that
person, which their settings page undoes. Customers have their own link, which stops
every email about their problem (`server/http/unsubscribe.py`).
"""

from __future__ import annotations

import base64
import hmac
import re

from domain.crypto import keyed_hash
from domain.errors import NotFound
from domain.notifications.enums import EmailKind

DIGEST = "digest"
_TOKEN = re.compile(r"([0-9]{1,10})\.([a-z_]{1,20})\.([A-Za-z0-9_-]{22})")
INVALID = "This unsubscribe link is not valid."


def _mac(user_id: int, kind: str) -> str:
    digest = bytes.fromhex(keyed_hash("unsubscribe-person", f"{user_id}:{kind}"))
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def person_token(user_id: int, kind: EmailKind | None) -> str:
    """`kind` None: the digest."""
    name = kind.value.lower() if kind is not None else DIGEST
    return f"{user_id}.{name}.{_mac(user_id, name)}"


def read_person_token(token: str) -> tuple[int, EmailKind | None]:
    """The person and kind a token stops; NotFound for anything we did not sign."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise NotFound(INVALID)
    user_id, name, mac = int(match[1]), match[2], match[3]
    if not hmac.compare_digest(mac, _mac(user_id, name)):
        raise NotFound(INVALID)
    if name == DIGEST:
        return user_id, None
    try:
        return user_id, EmailKind(name.upper())
    except ValueError:
        raise NotFound(INVALID) from None
