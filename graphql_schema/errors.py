"""Expected failures reach the client with a stable `extensions.code`; anything else is
masked as INTERNAL (and logged server-side), so no stack trace or internal message leaks."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from server.errors import DomainError

logger = logging.getLogger("mopper.graphql")

INTERNAL_MESSAGE = "Something went wrong on our side. Please try again."


def coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Syntax, validation and permission errors: already safe to show.
        if not (error.extensions or {}).get("code") and original is None:
            return GraphQLError(
                error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"},
            )
        return error
    if isinstance(original, DomainError):
        extensions = original.extensions()
        message = original.message
    else:
        extensions = {"code": "INTERNAL"}
        message = INTERNAL_MESSAGE
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class CodedErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | ExecutionResult) and result.errors:
            result.errors = [coded(error) for error in result.errors]


def log_unexpected(errors: list[GraphQLError]) -> None:
    """Log what went wrong unexpectedly: the exception's type and traceback, never the
    variables (they may hold passwords, receipt codes or a customer's details)."""
    for error in errors:
        original = error.original_error
        if original is None or isinstance(original, DomainError | GraphQLError):
            continue
        # The frames, not the message: a database error's message can quote the values.
        frames = "".join(traceback.format_tb(original.__traceback__))
        logger.error(
            "unexpected %s in %s\n%s",
            type(original).__name__,
            ".".join(str(p) for p in error.path or []) or "operation",
            frames,
        )
