"""Playing the browser's part of the anonymous channel in tests: fetch a batch of blind
tokens (as the web app does after login, with the RFC 9474 client of
`tests/support/blind_client.py`), and send anonymous requests without a session."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from domain.anonymity import blind
from domain.anonymity.keys import TokenKeys
from domain.anonymity.tokens import issue_tokens
from domain.clock import utcnow
from domain.settings import get_settings
from tests.support import blind_client
from tests.support.api import GraphQLClient

KEY = "{ anonymousTokenKey { keyId publicKey batchSize validUntil acceptedUntil } }"
ISSUE = """mutation($keyId: String!, $blinded: [String!]!) {
  issueAnonymousTokens(keyId: $keyId, blinded: $blinded) { keyId blindSignatures }
}"""
SUBMIT = """mutation($input: AnonymousGripeInput!, $token: String!) {
  submitAnonymousGripe(input: $input, token: $token) {
    receiptCode
    item { reference status filed canReply createdAt repliesOnTheirWay timeline { type } }
  }
}"""


@dataclass
class Batch:
    """What a device prepared for one batch: the messages and their blinding secrets."""

    key_id: str
    public_key: rsa.RSAPublicKey
    prepared: list[bytes]
    blinded: list[blind_client.Blinded]

    @classmethod
    def for_key(cls, key_id: str, spki_b64: str, size: int) -> Batch:
        public_key = load_der_public_key(base64.b64decode(spki_b64))
        assert isinstance(public_key, rsa.RSAPublicKey)
        assert blind.key_id(public_key) == key_id  # the browser checks the id itself
        prepared = [blind_client.prepare(secrets.token_bytes(32)) for _ in range(size)]
        return cls(
            key_id=key_id,
            public_key=public_key,
            prepared=prepared,
            blinded=[blind_client.blind(public_key, message) for message in prepared],
        )

    @property
    def wire(self) -> list[str]:
        return [blind.b64url_encode(b.blinded_message) for b in self.blinded]

    def tokens(self, blind_signatures: list[str]) -> list[str]:
        """Unblind ("finalize") the server's answers into tokens."""
        return [
            blind.format_token(
                blind.Token(
                    key_id=self.key_id,
                    prepared_message=message,
                    signature=blind_client.finalize(
                        self.public_key, message, blind.b64url_decode(signature), blinded.inv
                    ),
                )
            )
            for message, blinded, signature in zip(
                self.prepared, self.blinded, blind_signatures, strict=True
            )
        ]


async def fetch_tokens(client: GraphQLClient) -> list[str]:
    """A logged-in client's batch of tokens, through the API, as the web app gets it."""
    key = (await client.ok(KEY))["anonymousTokenKey"]
    batch = Batch.for_key(key["keyId"], key["publicKey"], key["batchSize"])
    issued = (await client.ok(ISSUE, {"keyId": batch.key_id, "blinded": batch.wire}))[
        "issueAnonymousTokens"
    ]
    return batch.tokens(issued["blindSignatures"])


async def tokens_for(user_id: int, keys: TokenKeys) -> list[str]:
    """A person's batch of tokens, straight from the domain."""
    now = utcnow()
    published = await keys.published(now)
    batch = Batch.for_key(published.key_id, published.spki_b64, published.batch_size)
    issued = await issue_tokens(
        user_id, key_id=batch.key_id, blinded=batch.wire, keys=keys, now=now
    )
    return batch.tokens(issued.blind_signatures)


def token_keys() -> TokenKeys:
    settings = get_settings()
    return TokenKeys(
        key_days=settings.anonymous_key_days, batch_size=settings.anonymous_tokens_per_period
    )


async def submit_anonymously(
    client: GraphQLClient,
    token: str,
    *,
    category_id: int,
    title: str = "My manager shouts in meetings",
    body: str = "It happens every week.",
) -> dict[str, Any]:
    """`submitAnonymousGripe` through a client of the anonymous channel; its payload."""
    data = await client.ok(
        SUBMIT,
        {"input": {"categoryId": str(category_id), "title": title, "body": body}, "token": token},
    )
    payload: dict[str, Any] = data["submitAnonymousGripe"]
    return payload
