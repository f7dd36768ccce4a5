"""Permissions and field extensions run on every field, wherever it is selected: in a
list, under an alias, inside a named or an inline fragment. (Mopper once read plain
fields straight off their objects and skipped a field's permission classes.)"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission

from graphql_schema.documents import Limits
from graphql_schema.execution import MopperSchema

SECRET = "the payroll"


class Deny(BasePermission):
    message = "Not for you."
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


class Shout(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        return str(next_(source, info, **kwargs)).upper()


@strawberry.type
class Probe:
    name: str
    secret: str | None = strawberry.field(permission_classes=[Deny])
    loud: str = strawberry.field(extensions=[Shout()])


@strawberry.type
class Query:
    @strawberry.field
    def probes(self) -> list[Probe]:
        return [Probe(name=n, secret=SECRET, loud=n) for n in ("one", "two")]

    @strawberry.field
    def probe(self) -> Probe:
        return Probe(name="solo", secret=SECRET, loud="solo")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def noop(self) -> bool:
        return True


def mopper_schema() -> MopperSchema:
    return MopperSchema(
        query=Query,
        mutation=Mutation,
        limits=Limits(max_tokens=1000, max_depth=10, max_aliases=15),
        introspection=False,
    )


DOCUMENTS = {
    "in a list": "{ probes { name secret loud } }",
    "aliased": "{ probes { name hidden: secret shout: loud } }",
    "in a named fragment": "{ probes { ...P } } fragment P on Probe { name secret loud }",
    "in an inline fragment": "{ probes { ... on Probe { name secret loud } } }",
    "one object, aliased in a fragment": "{ probe { ...P } } fragment P on Probe { s: secret }",
}


async def test_a_denied_field_is_refused_wherever_it_is_selected() -> None:
    schema = mopper_schema()
    for where, query in DOCUMENTS.items():
        result = await schema.execute(query)
        assert SECRET not in repr(result.data), where
        assert result.errors, where
        assert {error.message for error in result.errors} == {"Not for you."}, where
        assert {(error.extensions or {}).get("code") for error in result.errors} == {"FORBIDDEN"}
        # Every denied occurrence is refused, each at its own path.
        paths = [tuple(error.path or ()) for error in result.errors]
        assert len(paths) == len(set(paths)) == (1 if "probe {" in query else 2), where


async def test_a_field_extension_runs_on_every_item_of_a_list() -> None:
    result = await mopper_schema().execute(
        "{ probes { loud yell: loud ...L } } fragment L on Probe { loud }"
    )
    assert result.errors is None
    assert result.data == {
        "probes": [{"loud": "ONE", "yell": "ONE"}, {"loud": "TWO", "yell": "TWO"}]
    }
