"""Every error reaches the client with a stable `extensions.code`, and nothing else about
the server: expected failures (the domain's `DomainError`s, permission refusals) keep
their message and code; anything unexpected becomes INTERNAL with a generic message and
is logged on the server (its type, where it happened and its frames; never its values).

Codes given before execution (parse, validation, limits, variables) are documented in
`documents.py` and `execution.py`; codes of refused HTTP requests in
`graphql_schema/refusals.py`. Every one of them is a value of the schema's `ErrorCode`
enum (`error_codes.py`), from which clients take their types.
"""

from __future__ import annotations

import logging
import re
import traceback

from graphql import GraphQLError

from domain.errors import DomainError

logger = logging.getLogger("mopper.graphql")

INTERNAL = "INTERNAL"
INTERNAL_MESSAGE = "Something went wrong on our side. Please try again."


def coded(error: GraphQLError) -> GraphQLError:
    """The error as the client may see it."""
    original = error.original_error
    if isinstance(original, DomainError):
        message, extensions = original.message, original.extensions()
    elif _has_code(error) and (original is None or isinstance(original, GraphQLError)):
        return error  # ours, or a permission class's: written for the client
    else:
        message, extensions = INTERNAL_MESSAGE, {"code": INTERNAL}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def _has_code(error: GraphQLError) -> bool:
    return bool((error.extensions or {}).get("code"))


# graphql-core quotes the offending value when it cannot serialise one.
_QUOTED_VALUE = re.compile(r"(value|Value)\b.*", re.DOTALL)


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log what went wrong unexpectedly: the exception's type, the field and the frames,
    never the values (they may hold passwords, receipt codes or a customer's details)."""
    for error in errors:
        original = error.original_error
        if isinstance(original, DomainError) or _has_code(error):
            continue
        where = ".".join(str(p) for p in error.path or []) or "operation"
        if original is None or isinstance(original, GraphQLError):
            # graphql-core's own complaint, e.g. a null for a non-null field: it names
            # types and fields, and sometimes quotes a value, which we cut off.
            logger.error(
                "unexpected GraphQL error in %s: %s",
                where,
                _QUOTED_VALUE.sub(r"\1 …", error.message),
            )
            continue
        # The frames, not the message: a database error's message can quote the values.
        frames = "".join(traceback.format_tb(original.__traceback__))
        logger.error("unexpected %s in %s\n%s", type(original).__name__, where, frames)
