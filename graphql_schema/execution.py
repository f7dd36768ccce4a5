"""How an operation runs: a checked document (parsed, validated and limited once per
distinct text, see `documents.py`), then Strawberry's own execution, then error codes.

Only public extension points of Strawberry and graphql-core are used:

- `strawberry.Schema.execute` runs every operation, with its schema extensions,
  permissions, field extensions and resolvers exactly as a stock `strawberry.Schema`
  would (`tests/unit/test_stock_contract.py` compares the two on every document the web
  app sends);
- one schema extension, `CheckedDocuments`, hands Strawberry the document that
  `documents.py` already parsed and validated (the parser/validation cache pattern of
  Strawberry's `ParserCache` and `ValidationCache`);
- `execution_context_class` (a public argument of `strawberry.Schema`) is graphql-core's
  public base `Executor`, which executes without the bookkeeping of incremental
  delivery (the schema has no @defer or @stream; validation refuses them);
- the error codes are given to the result `execute` returns.

What this costs and what won it back is in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

import strawberry
from graphql import Executor, GraphQLError, GraphQLNamedType, GraphQLObjectType, GraphQLSchema
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from graphql_schema.documents import DocumentChecker, Limits, with_code
from graphql_schema.errors import coded, log_unexpected

BAD_USER_INPUT = "BAD_USER_INPUT"
_QUERIES_AND_MUTATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


class PlainExecutor(Executor[Any]):
    """graphql-core's public base executor, without incremental delivery. It takes
    the operation's `extensions` Strawberry passes along (as Strawberry's own executor
    does), and hides "Did you mean …?" hints in variable errors where the schema hides
    them in validation errors (no introspection)."""

    hide_suggestions_always = True

    def __init__(self, *args: Any, operation_extensions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation_extensions = operation_extensions

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.hide_suggestions_always:
            kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)


class PlainExecutorWithSuggestions(PlainExecutor):
    hide_suggestions_always = False


class CheckedDocuments(SchemaExtension):
    """Gives Strawberry the document `documents.py` parsed and validated (once per
    distinct text): Strawberry skips its own parsing when the document is set, and its
    own validation when the validation errors are (an empty list: valid)."""

    def __init__(self, documents: DocumentChecker) -> None:
        super().__init__()
        self.documents = documents

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None:
            context.graphql_document = self.documents.check(context.query).document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is not None:
            context.pre_execution_errors = list(self.documents.check(context.query).errors)
        yield


def graphql_types(schema: strawberry.Schema) -> GraphQLSchema:
    """The schema's graphql-core types as a `GraphQLSchema`, for validating documents.

    Strawberry keeps the `GraphQLSchema` it executes with to itself; this one is made of
    the very same type objects (its converter's public `type_map`), so a document is
    valid here exactly when it is valid there."""
    named: dict[str, GraphQLNamedType] = {
        name: concrete.implementation
        for name, concrete in schema.schema_converter.type_map.items()
        if isinstance(concrete.implementation, GraphQLNamedType)
    }

    def root(name: str) -> GraphQLObjectType | None:
        found = named.get(name)
        return found if isinstance(found, GraphQLObjectType) else None

    return GraphQLSchema(
        query=root("Query"),
        mutation=root("Mutation"),
        types=list(named.values()),
    )


class MopperSchema(strawberry.Schema):
    def __init__(
        self,
        *,
        query: type,
        mutation: type,
        limits: Limits,
        introspection: bool,
        document_cache_size: int = 512,
        types: Iterable[type] = (),
    ) -> None:
        checked: Callable[[], SchemaExtension] = lambda: CheckedDocuments(self.documents)  # noqa: E731
        super().__init__(
            query=query,
            mutation=mutation,
            types=types,
            extensions=[checked],
            execution_context_class=PlainExecutorWithSuggestions
            if introspection
            else PlainExecutor,
        )
        self.introspection = introspection
        self.documents = DocumentChecker(
            graphql_types(self),
            limits=limits,
            introspection=introspection,
            cache_size=document_cache_size,
        )

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Runs one operation. Raises, like Strawberry, MissingQueryError without a
        query, CannotGetOperationTypeError when no operation is selected, and
        InvalidOperationTypeError for an operation type that is not allowed (a
        mutation over GET). A document refused before execution gives a
        PreExecutionError, which has no data."""
        if not query:
            raise MissingQueryError
        checked = self.documents.check(query)
        if checked.document is None:
            return PreExecutionError(data=None, errors=list(checked.errors))
        # Selected here rather than by Strawberry, which would run the first of several
        # operations when none is named.
        operation_type = checked.operation_type(operation_name)
        if operation_type is None:
            raise CannotGetOperationTypeError(operation_name)
        allowed = (
            _QUERIES_AND_MUTATIONS if allowed_operation_types is None else allowed_operation_types
        )
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        result = await super().execute(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            allowed_operation_types=allowed,
            operation_extensions=operation_extensions,
        )
        if not result.errors:
            return ExecutionResult(data=result.data, errors=None)
        if result.data is None and all(error.path is None for error in result.errors):
            # Refused before any field ran: the variables do not fit the operation.
            return PreExecutionError(
                data=None, errors=[with_code(e, BAD_USER_INPUT) for e in result.errors]
            )
        log_unexpected(result.errors)
        return ExecutionResult(data=result.data, errors=[coded(e) for e in result.errors])

    # Strawberry's other ways in would skip the checked documents (their limits, the
    # introspection rule, the error codes): refused until they are wired through them.
    def execute_sync(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise NotImplementedError("Mopper runs operations with `await schema.execute(...)`")

    async def subscribe(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise NotImplementedError("subscriptions must check documents like `execute` first")

    async def stream(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise NotImplementedError("streaming must check documents like `execute` first")

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry would log every error with its traceback and the query's text;
        # `execute` logs the unexpected ones, without the variables.
        return
