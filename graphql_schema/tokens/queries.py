from __future__ import annotations

from datetime import datetime

import strawberry

from domain.anonymity.keys import PublishedKey
from domain.clock import utcnow
from graphql_schema.context import Info
from graphql_schema.permissions import LOGGED_IN


@strawberry.type(
    description="The key anonymous-gripe tokens are blind-signed with now (RFC 9474, "
    "RSABSSA-SHA384-PSS-Randomized)."
)
class AnonymousTokenKey:
    key_id: str = strawberry.field(
        description="First 16 hex characters of SHA-256 of the SPKI; check it yourself."
    )
    public_key: str = strawberry.field(description="SubjectPublicKeyInfo, DER, standard base64.")
    batch_size: int = strawberry.field(
        description="How many blinded messages `issueAnonymousTokens` takes: one batch per "
        "person per key."
    )
    valid_until: datetime = strawberry.field(
        description="The key signs until then; fetch the next one after it."
    )
    accepted_until: datetime = strawberry.field(
        description="Tokens of this key are accepted until then."
    )

    @classmethod
    def of(cls, key: PublishedKey) -> AnonymousTokenKey:
        return cls(
            key_id=key.key_id,
            public_key=key.spki_b64,
            batch_size=key.batch_size,
            valid_until=key.signs_until,
            accepted_until=key.accepted_until,
        )


@strawberry.type
class TokenQueries:
    @strawberry.field(permission_classes=LOGGED_IN)
    async def anonymous_token_key(self, info: Info) -> AnonymousTokenKey:
        return AnonymousTokenKey.of(await info.context.services.token_keys.published(utcnow()))
