"""Checked documents: every distinct query text is parsed and validated once, with the
API's limits, and remembered (a bounded LRU cache keyed by the text).

A document is refused before anything runs when it cannot be parsed, has more than
`max_tokens` tokens, nests deeper than `max_depth`, uses more than `max_aliases`
aliases, breaks a rule of the GraphQL spec, or (outside development) asks for the
schema by introspection. Each refusal carries a stable `extensions.code`:

GRAPHQL_PARSE_FAILED      not a GraphQL document
TOO_MANY_TOKENS           longer than the token limit (parsing stops there)
QUERY_TOO_DEEP            nested deeper than the depth limit
TOO_MANY_ALIASES          more aliases than the alias limit
GRAPHQL_VALIDATION_FAILED not valid against the schema
INTROSPECTION_DISABLED    asks for __schema or __type where introspection is off

The checks are pure functions of the text and the schema, so remembering their
outcome is exact; it is what makes `{ __typename }` cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule
from strawberry.types.graphql import OperationType

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"

_OPERATION_TYPES = {
    "query": OperationType.QUERY,
    "mutation": OperationType.MUTATION,
    "subscription": OperationType.SUBSCRIPTION,
}


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int


# What every schema of the API runs with (the session's and the anonymous channel's).
LIMITS = Limits(max_depth=10, max_aliases=15, max_tokens=1000)


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """A query text's parsed document, or the errors that refuse it."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    operations: tuple[tuple[str | None, OperationType], ...] = ()

    def operation_type(self, operation_name: str | None) -> OperationType | None:
        """The type of the operation a request selects, or None when it selects none:
        no name needs exactly one operation; a name must match one."""
        if operation_name is None:
            return self.operations[0][1] if len(self.operations) == 1 else None
        for name, operation_type in self.operations:
            if name == operation_name:
                return operation_type
        return None


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )


class DocumentChecker:
    def __init__(
        self, schema: GraphQLSchema, *, limits: Limits, introspection: bool, cache_size: int
    ) -> None:
        self.schema = schema
        self.limits = limits
        # Without introspection, "Did you mean …?" hints would reveal the schema too.
        self.hide_suggestions = not introspection
        # Built once: the same rule classes every time.
        self.rules: tuple[type[ASTValidationRule], ...] = (
            *specified_rules,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
        )
        self.introspection = introspection
        self.check: Callable[[str], CheckedDocument] = lru_cache(maxsize=cache_size)(self._check)

    def _check(self, query: str) -> CheckedDocument:
        try:
            document = parse(query, max_tokens=self.limits.max_tokens)
        except GraphQLSyntaxError as error:
            code = TOO_MANY_TOKENS if "tokens. Parsing aborted" in error.message else PARSE_FAILED
            return CheckedDocument(None, (with_code(error, code),))
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # The cheap limits first: they keep abusive documents away from the full rules.
        errors = self._limits(operations, fragments)
        if not errors:
            errors = self._validate(self.rules, VALIDATION_FAILED, document)
        if not errors and not self.introspection:
            rules = (NoSchemaIntrospectionCustomRule,)
            errors = self._validate(rules, INTROSPECTION_DISABLED, document)
        if errors:
            return CheckedDocument(None, tuple(errors))
        return CheckedDocument(
            document,
            (),
            tuple(
                (o.name.value if o.name else None, _OPERATION_TYPES[o.operation.value])
                for o in operations
            ),
        )

    def _validate(
        self, rules: tuple[type[ASTValidationRule], ...], code: str, document: DocumentNode
    ) -> list[GraphQLError]:
        errors = validate(self.schema, document, rules, hide_suggestions=self.hide_suggestions)
        return [with_code(error, code) for error in errors]

    def _limits(
        self,
        operations: list[OperationDefinitionNode],
        fragments: dict[str, FragmentDefinitionNode],
    ) -> list[GraphQLError]:
        errors: list[GraphQLError] = []
        shape = _Shape(fragments)
        max_depth, max_aliases = self.limits.max_depth, self.limits.max_aliases
        for operation in operations:
            if shape.depth(operation.selection_set) > max_depth:
                name = operation.name.value if operation.name else "The operation"
                errors.append(
                    GraphQLError(
                        f"{name} nests fields deeper than {max_depth} levels.",
                        operation,
                        extensions={"code": QUERY_TOO_DEEP},
                    )
                )
        aliases = sum(shape.aliases(o.selection_set) for o in operations)
        if aliases > max_aliases:
            errors.append(
                GraphQLError(
                    f"The document uses {aliases} aliases; at most {max_aliases} are allowed.",
                    extensions={"code": TOO_MANY_ALIASES},
                )
            )
        return errors


class _Shape:
    """How deep a document's fields nest and how many aliases it uses, measuring each
    fragment once: a fragment spread twice in a fragment spread twice … costs linear
    time here, not exponential. Unknown and cyclic fragments count as empty; validation
    refuses them anyway."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.measured: dict[str, tuple[int, int]] = {}  # fragment -> (depth, aliases)
        self.measuring: set[str] = set()

    def depth(self, selection_set: SelectionSetNode) -> int:
        """Levels of fields nested below the fields of `selection_set` (0: leaves only).
        Introspection fields do not count (GraphiQL's own query is deep)."""
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set and not selection.name.value.startswith("__"):
                    deepest = max(deepest, 1 + self.depth(selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self.fragment(selection.name.value)[0])
        return deepest

    def aliases(self, selection_set: SelectionSetNode) -> int:
        """Aliased fields below `selection_set`; a fragment counts each time it is spread."""
        count = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += selection.alias is not None
                if selection.selection_set:
                    count += self.aliases(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                count += self.aliases(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                count += self.fragment(selection.name.value)[1]
        return count

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.measured:
            return self.measured[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.measuring:
            return (0, 0)
        self.measuring.add(name)
        measured = (self.depth(fragment.selection_set), self.aliases(fragment.selection_set))
        self.measuring.discard(name)
        self.measured[name] = measured
        return measured
