"""Every `extensions.code` the server can send, as one GraphQL enum, `ErrorCode`.

No field returns it: codes travel in `errors[i].extensions.code`, which GraphQL does not
type. It is in the schema (`types=[ErrorCode]` in `schema.py`) so that the printed SDL
lists and documents them, and clients take their types from there (the web app's
`ApiError.code` is this enum). The strings are the codes themselves; where each is sent
from stays where it was (`domain/errors.py`, `errors.py`, `permissions.py`,
`documents.py`, `execution.py`, `view.py`, `server/http/`). `tests/unit/test_error_codes.py`
finds every code the server can send in the source and checks that this enum holds
exactly those.
"""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(
    description="What went wrong, as `errors[0].extensions.code` says it. Codes of the "
    "domain and of permissions come with a result; the others refuse a request before "
    "anything runs."
)
class ErrorCode(Enum):
    # The domain's expected failures (domain/errors.py) and field permissions.
    VALIDATION = strawberry.enum_value(
        "VALIDATION",
        description="Bad input: `extensions.fields` maps each input field to its problem.",
    )
    UNAUTHENTICATED = strawberry.enum_value(
        "UNAUTHENTICATED", description="No valid session: log in (again)."
    )
    INVALID_CREDENTIALS = strawberry.enum_value(
        "INVALID_CREDENTIALS", description="Wrong email or password (never says which)."
    )
    PASSWORD_LOGIN_OFF = strawberry.enum_value(
        "PASSWORD_LOGIN_OFF",
        description="Passwords are switched off (MOPPER_PASSWORD_LOGIN): sign in with single "
        "sign-on.",
    )
    FORBIDDEN = strawberry.enum_value("FORBIDDEN", description="Not allowed to do that.")
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND", description="No such thing, or not visible to the one asking."
    )
    INVALID_TRANSITION = strawberry.enum_value(
        "INVALID_TRANSITION", description="The item's status does not allow that move."
    )
    STALE_VERSION = strawberry.enum_value(
        "STALE_VERSION",
        description="Someone changed the item since it was read: "
        "`extensions.currentVersion` is its version now.",
    )
    RATE_LIMITED = strawberry.enum_value(
        "RATE_LIMITED", description="Too many attempts: `extensions.retryAfter` seconds."
    )
    # Anonymous-gripe tokens (domain/anonymity/): a refused token writes and spends nothing.
    TOKEN_MALFORMED = strawberry.enum_value(
        "TOKEN_MALFORMED", description="The anonymous gripe's token is not a token at all."
    )
    TOKEN_INVALID = strawberry.enum_value(
        "TOKEN_INVALID", description="The token's signature is not Mopper's (forged or altered)."
    )
    TOKEN_EXPIRED = strawberry.enum_value(
        "TOKEN_EXPIRED",
        description="The token's key is unknown or no longer accepted: use another token, "
        "or log in to get new ones.",
    )
    TOKEN_SPENT = strawberry.enum_value(
        "TOKEN_SPENT", description="The token was used before: use another one."
    )
    TOKENS_ALREADY_ISSUED = strawberry.enum_value(
        "TOKENS_ALREADY_ISSUED",
        description="This person had this key period's batch already: "
        "`extensions.availableFrom` is when the next period begins.",
    )
    TOKEN_KEY_CHANGED = strawberry.enum_value(
        "TOKEN_KEY_CHANGED",
        description="The batch was blinded for a key that no longer signs: fetch the "
        "current key (`anonymousTokenKey`) and blind again.",
    )
    # Password links (domain/auth/links.py) and people administration (domain/org/people.py).
    LINK_INVALID = strawberry.enum_value(
        "LINK_INVALID", description="The password link is not one of ours, or was replaced."
    )
    LINK_EXPIRED = strawberry.enum_value(
        "LINK_EXPIRED", description="The password link has expired: ask for a new one."
    )
    LINK_USED = strawberry.enum_value(
        "LINK_USED", description="The password link was used before: sign in or ask again."
    )
    LAST_ADMIN = strawberry.enum_value(
        "LAST_ADMIN", description="The change would leave the organisation without an admin."
    )
    # Engagement (domain/engagement/): `extensions.reason` says which refusal.
    ME_TOO_REFUSED = strawberry.enum_value(
        "ME_TOO_REFUSED",
        description='"Me too" refused: `extensions.reason` is OWN_ITEM, NOT_SHARED or MERGED.',
    )
    MERGE_REFUSED = strawberry.enum_value(
        "MERGE_REFUSED",
        description="Merge refused: `extensions.reason` is SAME_ITEM, INTO_MERGED, "
        "ALREADY_MERGED or KINDS_DIFFER.",
    )
    INTERNAL = strawberry.enum_value(
        "INTERNAL", description="Something unexpected on the server; it is logged there."
    )
    # Documents refused before they run (graphql_schema/documents.py, execution.py).
    GRAPHQL_PARSE_FAILED = strawberry.enum_value(
        "GRAPHQL_PARSE_FAILED", description="Not a GraphQL document."
    )
    TOO_MANY_TOKENS = strawberry.enum_value(
        "TOO_MANY_TOKENS", description="The document is longer than the token limit."
    )
    QUERY_TOO_DEEP = strawberry.enum_value(
        "QUERY_TOO_DEEP", description="The document nests deeper than the depth limit."
    )
    TOO_MANY_ALIASES = strawberry.enum_value(
        "TOO_MANY_ALIASES", description="The document uses more aliases than the limit."
    )
    GRAPHQL_VALIDATION_FAILED = strawberry.enum_value(
        "GRAPHQL_VALIDATION_FAILED", description="The document does not fit the schema."
    )
    INTROSPECTION_DISABLED = strawberry.enum_value(
        "INTROSPECTION_DISABLED", description="Introspection is off outside development."
    )
    BAD_USER_INPUT = strawberry.enum_value(
        "BAD_USER_INPUT", description="The variables do not fit the operation."
    )
    # Requests refused at the HTTP level (graphql_schema/view.py, server/http/).
    OPERATION_RESOLUTION_FAILURE = strawberry.enum_value(
        "OPERATION_RESOLUTION_FAILURE",
        description="No operation to run: name one (operationName).",
    )
    BAD_REQUEST = strawberry.enum_value(
        "BAD_REQUEST", description="Not a GraphQL request (not JSON, or a wrong parameter)."
    )
    METHOD_NOT_ALLOWED = strawberry.enum_value(
        "METHOD_NOT_ALLOWED", description="Not GET or POST, or a mutation over GET."
    )
    NOT_ACCEPTABLE = strawberry.enum_value(
        "NOT_ACCEPTABLE", description="The Accept header allows no JSON answer."
    )
    UNSUPPORTED_MEDIA_TYPE = strawberry.enum_value(
        "UNSUPPORTED_MEDIA_TYPE", description="A POST that is not application/json."
    )
    CROSS_SITE_REQUEST = strawberry.enum_value(
        "CROSS_SITE_REQUEST", description="A state-changing request from another site."
    )
    REQUEST_TOO_LARGE = strawberry.enum_value(
        "REQUEST_TOO_LARGE", description="The body is larger than the server accepts."
    )
