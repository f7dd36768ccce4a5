"""Secrets made and checked by the server: receipt codes, status-page tokens, reply
addresses, session tokens.

Receipt codes, status tokens and reply-address tokens are stored only as keyed hashes
(HMAC-SHA256 with the server secret), so that a copy of the database alone can neither
show nor test them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from domain.settings import get_settings

# Crockford's base32: no I, L, O, U, so a code read aloud or retyped survives.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
RECEIPT_GROUPS = 5
RECEIPT_GROUP_LENGTH = 4  # 20 symbols x 5 bits = 100 bits of entropy


def _key(purpose: str) -> bytes:
    secret = get_settings().secret_key.get_secret_value().encode()
    return hmac.new(secret, purpose.encode(), hashlib.sha256).digest()


def keyed_hash(purpose: str, value: str) -> str:
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def new_receipt_code() -> str:
    symbols = [secrets.choice(_ALPHABET) for _ in range(RECEIPT_GROUPS * RECEIPT_GROUP_LENGTH)]
    groups = [
        "".join(symbols[i : i + RECEIPT_GROUP_LENGTH])
        for i in range(0, len(symbols), RECEIPT_GROUP_LENGTH)
    ]
    return "-".join(groups)


def normalise_receipt_code(code: str) -> str | None:
    """The canonical form of a typed code, forgiving case, spaces, dashes and look-alikes."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != RECEIPT_GROUPS * RECEIPT_GROUP_LENGTH:
        return None
    if any(ch not in _ALPHABET for ch in cleaned):
        return None
    return "-".join(
        cleaned[i : i + RECEIPT_GROUP_LENGTH] for i in range(0, len(cleaned), RECEIPT_GROUP_LENGTH)
    )


def receipt_hash(code: str) -> str:
    return keyed_hash("receipt", code)


def new_token_salt() -> str:
    return secrets.token_hex(16)


def customer_status_token(salt: str) -> str:
    """The status-page token of one customer contact: 256 bits, recomputable only with the
    server secret and the contact's random salt."""
    return hmac.new(_key("customer-status"), salt.encode(), hashlib.sha256).hexdigest()


def customer_token_lookup(token: str) -> str:
    return keyed_hash("customer-status-lookup", token)


REPLY_TOKEN_BYTES = 20  # 160 bits, 32 base32 characters


def reply_token(salt: str) -> str:
    """The token of one reply address (`reply+<token>@…`): 160 bits, recomputable only
    with the server secret and the address's random salt. Lower-case base32, because
    mail servers may change the case of a local part."""
    digest = hmac.new(_key("reply-address"), salt.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:REPLY_TOKEN_BYTES]).decode().lower()


def reply_token_lookup(token: str) -> str:
    return keyed_hash("reply-address-lookup", token.lower())


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def session_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_link_token(salt: str) -> str:
    """The token of one password link (invitation, reset): 256 bits, recomputable only
    with the server secret and the link's random salt, which travels in its outbox row.
    The link's own row keeps only `account_link_lookup(token)`."""
    digest = hmac.new(_key("account-link"), salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def account_link_lookup(token: str) -> str:
    return keyed_hash("account-link-lookup", token)
