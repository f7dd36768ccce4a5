"""Checked documents: the limits see through fragments, cannot be made to work
exponentially, and a document is checked only once."""

from __future__ import annotations

import time

import pytest
from strawberry.types.graphql import OperationType

from graphql_schema.documents import DocumentChecker, Limits
from graphql_schema.schema import build_schema


@pytest.fixture(scope="module")
def checker() -> DocumentChecker:
    schema = build_schema(introspection=False)
    return DocumentChecker(
        schema.documents.schema,
        limits=Limits(max_depth=3, max_aliases=2, max_tokens=200),
        introspection=False,
        cache_size=16,
    )


def codes(checker: DocumentChecker, query: str) -> list[str]:
    return [str((e.extensions or {})["code"]) for e in checker.check(query).errors]


def test_depth_counts_through_fragments(checker: DocumentChecker) -> None:
    # me { teams { ... } } is only 2 levels deep; fragments must not hide deeper ones.
    deep = "{ a { ...F } } fragment F on X { b { c { d { e } } } }"
    assert codes(checker, deep) == ["QUERY_TOO_DEEP"]
    inline = "{ a { ... on X { b { c { d { e } } } } } }"
    assert codes(checker, inline) == ["QUERY_TOO_DEEP"]
    shallow = "{ a { ...F } } fragment F on X { b { c { d } } }"  # levels 0 to 3
    assert "QUERY_TOO_DEEP" not in codes(checker, shallow)


def test_aliases_count_every_time_a_fragment_is_spread(checker: DocumentChecker) -> None:
    once = "{ ...F } fragment F on Query { a: __typename }"
    assert codes(checker, once) == []
    thrice = "{ ...F x { ...F } y: __typename } fragment F on Query { a: __typename }"
    assert "TOO_MANY_ALIASES" in codes(checker, thrice)


def test_doubling_fragments_are_measured_in_linear_time(checker: DocumentChecker) -> None:
    """F0 spreads F1 twice, F1 spreads F2 twice, …: 2**40 aliases, seen at once."""
    levels = 40
    fragments = " ".join(
        f"fragment F{n} on Query {{ ...F{n + 1} ...F{n + 1} }}" for n in range(levels)
    )
    query = f"{{ ...F0 }} {fragments} fragment F{levels} on Query {{ a: __typename }}"
    checker_with_room = DocumentChecker(
        checker.schema,
        limits=Limits(max_depth=3, max_aliases=2, max_tokens=10_000),
        introspection=False,
        cache_size=1,
    )
    started = time.perf_counter()
    result = checker_with_room.check(query)
    assert time.perf_counter() - started < 5  # exponential would never finish
    assert [e.message for e in result.errors] == [
        f"The document uses {2**levels} aliases; at most 2 are allowed."
    ]


def test_cyclic_and_unknown_fragments_are_left_to_validation(checker: DocumentChecker) -> None:
    cyclic = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    assert codes(checker, cyclic) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(checker, "{ ...Missing }") == ["GRAPHQL_VALIDATION_FAILED"]


def test_introspection_does_not_count_for_depth(checker: DocumentChecker) -> None:
    """GraphiQL's own query is deep; in development it must pass."""
    development = DocumentChecker(
        checker.schema, limits=checker.limits, introspection=True, cache_size=1
    )
    query = "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }"
    assert codes(development, query) == []
    assert set(codes(checker, query)) == {"INTROSPECTION_DISABLED"}


def test_a_document_is_checked_once(checker: DocumentChecker) -> None:
    first = checker.check("query Q { __typename }")
    assert checker.check("query Q { __typename }") is first
    assert first.operation_type("Q") is OperationType.QUERY
    assert first.operation_type(None) is OperationType.QUERY
    assert first.operation_type("Other") is None


def test_several_operations_need_a_name(checker: DocumentChecker) -> None:
    checked = checker.check("query A { __typename } mutation B { logout }")
    assert checked.operation_type(None) is None
    assert checked.operation_type("B") is OperationType.MUTATION


def test_incremental_delivery_is_refused(checker: DocumentChecker) -> None:
    """The executor has no incremental delivery; the schema must not offer it."""
    assert codes(checker, "{ ... @defer { __typename } }") == ["GRAPHQL_VALIDATION_FAILED"]


async def test_no_way_around_the_checked_documents() -> None:
    """Strawberry's other entry points would skip the limits: they are closed."""
    schema = build_schema(introspection=False)
    with pytest.raises(NotImplementedError):
        schema.execute_sync("{ __typename }")
    with pytest.raises(NotImplementedError):
        await schema.subscribe("subscription { x }")
    with pytest.raises(NotImplementedError):
        await schema.stream("{ __typename }")
