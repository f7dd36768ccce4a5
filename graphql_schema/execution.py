"""How an operation runs: a checked document (parsed, validated and limited once per
distinct text, see `documents.py`), then graphql-core's executor, then error codes.

This replaces Strawberry's per-request extension pipeline: the caches and limits it
would run as extensions are done once per document here, and the error codes once per
result. Strawberry's permissions, resolvers and types are untouched. What that saves
per request is in docs/performance.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any, NoReturn, cast

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    execute,
    get_nullable_type,
    is_non_null_type,
)
from graphql.execution.executor_throwing_on_incremental import ExecutorThrowingOnIncremental
from strawberry.exceptions import MissingQueryError
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from graphql_schema.documents import DocumentChecker, Limits, with_code
from graphql_schema.errors import coded, log_unexpected
from graphql_schema.plain_lists import (
    Completer,
    GaveUp,
    Plan,
    compile_plan,
    complete_plain_list,
    leaf_completer,
    plain_attribute,
)

BAD_USER_INPUT = "BAD_USER_INPUT"
_QUERIES_AND_MUTATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


class Executor(ExecutorThrowingOnIncremental):
    """graphql-core's executor without the machinery of incremental delivery, which
    costs a third of the time of a small query; the schema has no @defer or @stream, so
    validation refuses them. Resolvers get Strawberry's resolve info, as from
    Strawberry's own executor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.operation_extensions = kwargs.pop("operation_extensions", None)
        self._plans: dict[tuple[GraphQLObjectType, int], Plan | None] = {}
        super().__init__(*args, **kwargs)

    build_resolve_info = StrawberryGraphQLCoreExecutionContext.build_resolve_info

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        """A plain scalar or enum field (no resolver, no arguments, no permission) is
        read straight off its source object. A page of 50 cards holds some 700 of them,
        and the general path builds a resolve-info object for each; anything unusual
        (a null where none may be, a value that does not coerce) takes the general path,
        which reports it as usual."""
        node = field_details_list[0].node
        plain = _plain_leaf(self.schema.get_field(parent_type, node.name.value))
        if plain is not None and not node.arguments:
            attribute, complete = plain
            # GaveUp, or an attribute that raised: the general path below reports it.
            with contextlib.suppress(Exception):
                return complete(getattr(source, attribute, None), _LEAVES_NEED_NO_INFO)
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: Any,
        info: GraphQLResolveInfo[Any],
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        """A list whose selection is all plain data is completed in one pass
        (`plain_lists.py`); any other list, or one that turns out not to be plain, the
        general way."""
        item_type = return_type.of_type
        object_type = get_nullable_type(item_type)
        if isinstance(object_type, GraphQLObjectType) and isinstance(result, list | tuple):
            key = (object_type, id(field_details_list))
            if key not in self._plans:
                # Memoized like graphql-core's collect_subfields, which keeps the list
                # alive beside its result so that its id is not reused.
                self._plans[key] = compile_plan(self, object_type, field_details_list)
            plan = self._plans[key]
            if plan is not None:
                try:
                    return complete_plain_list(
                        plan, result, items_required=is_non_null_type(item_type), info=info
                    )
                except GaveUp:  # the general path reports what it was
                    pass
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, position_context
        )


_PLAIN_LEAVES: dict[int, tuple[str, Completer] | None] = {}
_LEAVES_NEED_NO_INFO = cast("GraphQLResolveInfo[Any]", None)  # only objects look at it


def _plain_leaf(field: GraphQLField | None) -> tuple[str, Completer] | None:
    """(python attribute, how to complete it) of a Strawberry field that only reads an
    attribute and returns a scalar or an enum; None for every other field. Worked out
    once per field of the schema."""
    if field is None:
        return None
    key = id(field)
    if key not in _PLAIN_LEAVES:
        attribute = plain_attribute(field)
        leaf_type = get_nullable_type(field.type)
        plain = None
        if attribute is not None and isinstance(leaf_type, GraphQLScalarType | GraphQLEnumType):
            plain = (attribute, leaf_completer(leaf_type, is_non_null_type(field.type)))
        _PLAIN_LEAVES[key] = plain
    return _PLAIN_LEAVES[key]


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
        super().__init__(query=query, mutation=mutation, types=types)
        self.introspection = introspection
        self.documents = DocumentChecker(
            self._schema,
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
        operation_type = checked.operation_type(operation_name)
        if operation_type is None:
            raise CannotGetOperationTypeError(operation_name)
        allowed = (
            _QUERIES_AND_MUTATIONS if allowed_operation_types is None else allowed_operation_types
        )
        if operation_type not in allowed:
            raise InvalidOperationTypeError(operation_type)
        outcome = execute(
            self._schema,
            checked.document,
            root_value=root_value,
            context_value=context_value,
            variable_values=variable_values,
            operation_name=operation_name,
            executor_class=Executor,
            is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
            hide_suggestions=not self.introspection,
            operation_extensions=operation_extensions,
        )
        result = outcome if isinstance(outcome, GraphQLExecutionResult) else await outcome
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
        # only unexpected ones are worth a log line, and without the variables.
        log_unexpected(errors)
