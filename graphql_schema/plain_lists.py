"""Lists of plain objects, completed in one pass instead of field by field.

A board page is a list of 50 edges, each a card of some fifteen fields, with its team,
category and assignee: ~700 fields. The cards are plain data already (built from one
query, see `domain/items/cards.py`), yet graphql-core's executor visits every field with
the general machinery: a resolve-info object, the resolver, the awaitable check, the
completion by type. That walk was a third of a board page's CPU.

When every field selected below a list is *plain* — read straight off its object (no
resolver of our own, no arguments, no permission), a scalar or enum, a list of those,
or an object whose fields are plain in turn — the selection is compiled once per
request into a `Plan`, and each item is completed by it: attributes read, leaves
coerced, objects nested. Anything unusual (a null where none may be, a value that does
not coerce, an object of another type) gives up on the whole list, which then goes the
general way and reports the problem as usual; reading plain attributes has no side
effects, so starting again is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
    get_nullable_type,
    is_non_null_type,
)


class GaveUp(Exception):
    """The list is not plain after all: complete it the general way."""


class _Collecting(Protocol):
    schema: GraphQLSchema

    def collect_subfields(self, return_type: GraphQLObjectType, field_details_list: Any) -> Any: ...


def plain_attribute(field: GraphQLField | None) -> str | None:
    """The Python attribute a Strawberry field only reads, or None when it does more
    (a resolver of our own, arguments, permissions)."""
    if field is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    definition = (field.extensions or {}).get("strawberry-definition")
    return None if definition is None else str(definition.python_name)


Info = GraphQLResolveInfo[Any]
Completer = Callable[[Any, Info], Any]  # (value, the list field's info) -> completed


@dataclass(frozen=True, slots=True)
class Plan:
    """How to complete one object of `object_type` for one selection."""

    object_type: GraphQLObjectType
    fields: tuple[tuple[str, str | None, Completer], ...]  # key, attribute, completer

    def complete(self, value: Any, info: Info) -> dict[str, Any]:
        # Strawberry asks is_type_of of types with interfaces; it only looks at the value.
        is_type_of = self.object_type.is_type_of
        if is_type_of is not None and is_type_of(value, info) is not True:
            raise GaveUp
        return {
            key: complete(value if attribute is None else getattr(value, attribute, None), info)
            for key, attribute, complete in self.fields
        }


def compile_plan(
    executor: _Collecting, object_type: GraphQLObjectType, field_details_list: Any
) -> Plan | None:
    """The plan for a selection on `object_type`, or None when it is not all plain."""
    grouped, deferred, _ = executor.collect_subfields(object_type, field_details_list)
    if deferred:
        return None
    fields: list[tuple[str, str | None, Completer]] = []
    for key, sub_fields in grouped.items():
        node = sub_fields[0].node
        if any(details.node.arguments for details in sub_fields):
            return None
        name = node.name.value
        if name == "__typename":
            fields.append((key, None, _constant(object_type.name)))
            continue
        field = executor.schema.get_field(object_type, name)
        attribute = plain_attribute(field)
        if field is None or attribute is None:
            return None
        completer = _completer(executor, field.type, sub_fields)
        if completer is None:
            return None
        fields.append((key, attribute, completer))
    return Plan(object_type, tuple(fields))


def _completer(
    executor: _Collecting, output_type: GraphQLOutputType, sub_fields: Any
) -> Completer | None:
    required = is_non_null_type(output_type)
    inner = get_nullable_type(output_type)
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return leaf_completer(inner, required)
    if isinstance(inner, GraphQLList):
        item_type = inner.of_type
        item_inner = get_nullable_type(item_type)
        if not isinstance(item_inner, GraphQLScalarType | GraphQLEnumType):
            return None  # lists of objects below a list: rare, left to the general way
        return _leaf_list(leaf_completer(item_inner, is_non_null_type(item_type)), required)
    if isinstance(inner, GraphQLObjectType):
        plan = compile_plan(executor, inner, sub_fields)
        return None if plan is None else _object(plan, required)
    return None


def _constant(value: str) -> Completer:
    return lambda _value, _info: value


def leaf_completer(leaf_type: GraphQLScalarType | GraphQLEnumType, required: bool) -> Completer:
    """Coerces a scalar or enum; gives up on a null where none may be, or on a value
    that does not coerce (the general path then reports it)."""
    coerce = leaf_type.coerce_output_value

    def complete(value: Any, _info: Info) -> Any:
        if value is None:
            if required:
                raise GaveUp
            return None
        try:
            coerced = coerce(value)
        except Exception as error:
            raise GaveUp from error
        if coerced is None or coerced is Undefined:
            raise GaveUp
        return coerced

    return complete


def _leaf_list(item: Completer, required: bool) -> Completer:
    def complete(value: Any, info: Info) -> Any:
        if value is None:
            if required:
                raise GaveUp
            return None
        if isinstance(value, str | bytes | dict) or not isinstance(value, Sequence):
            raise GaveUp
        return [item(element, info) for element in value]

    return complete


def _object(plan: Plan, required: bool) -> Completer:
    def complete(value: Any, info: Info) -> Any:
        if value is None:
            if required:
                raise GaveUp
            return None
        return plan.complete(value, info)

    return complete


def complete_plain_list(
    plan: Plan, items: Sequence[Any], *, items_required: bool, info: Info
) -> list[Any]:
    """Every item of a list by `plan`; raises GaveUp when one of them is not plain."""
    completed: list[Any] = []
    try:
        for value in items:
            if value is None:
                if items_required:
                    raise GaveUp
                completed.append(None)
            else:
                completed.append(plan.complete(value, info))
    except GaveUp:
        raise
    except Exception as error:  # an is_type_of or a property that raised: same answer
        raise GaveUp from error
    return completed
