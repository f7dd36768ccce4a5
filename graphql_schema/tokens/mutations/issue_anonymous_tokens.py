from __future__ import annotations

import strawberry

from domain.anonymity.tokens import issue_tokens
from domain.clock import utcnow
from graphql_schema.context import Info
from graphql_schema.permissions import LOGGED_IN, principal_of


@strawberry.type
class AnonymousTokenBatch:
    key_id: str
    blind_signatures: list[str] = strawberry.field(
        description="base64url without padding, in the order of the blinded messages."
    )


@strawberry.mutation(
    permission_classes=LOGGED_IN,
    description="Blind-sign this device's batch of anonymous-gripe tokens: exactly "
    "`anonymousTokenKey.batchSize` blinded messages (base64url without padding) for the "
    "current key. Once per person per key period: a second batch is refused with "
    "TOKENS_ALREADY_ISSUED (extensions.availableFrom: when the next period begins); a "
    "batch blinded for a key that no longer signs with TOKEN_KEY_CHANGED.",
)
async def issue_anonymous_tokens(
    info: Info, key_id: str, blinded: list[str]
) -> AnonymousTokenBatch:
    principal = await principal_of(info)
    batch = await issue_tokens(
        principal.user_id,
        key_id=key_id,
        blinded=blinded,
        keys=info.context.services.token_keys,
        now=utcnow(),
    )
    return AnonymousTokenBatch(key_id=batch.key_id, blind_signatures=batch.blind_signatures)
