"""The executor reads plain fields straight off their objects; what it cannot (a null
where none may be, a value that is not what the schema says) still gets the usual error."""

from __future__ import annotations

from enum import Enum

import strawberry

from graphql_schema.documents import Limits
from graphql_schema.execution import MopperSchema


@strawberry.enum
class Mood(Enum):
    GLUM = "GLUM"
    FINE = "FINE"


@strawberry.type
class Card:
    title: str
    mood: Mood
    count: int
    maybe: str | None


@strawberry.type
class Query:
    @strawberry.field
    def cards(self) -> list[Card | None]:
        return [
            Card(title="ok", mood=Mood.FINE, count=3, maybe=None),
            Card(title=None, mood=Mood.GLUM, count=1, maybe="x"),  # type: ignore[arg-type]
            Card(title="bad", mood="NOT A MOOD", count="many", maybe="y"),  # type: ignore[arg-type]
        ]


@strawberry.type
class Mutation:
    @strawberry.mutation
    def noop(self) -> bool:
        return True


async def test_plain_fields_read_fast_and_fail_as_usual() -> None:
    schema = MopperSchema(
        query=Query,
        mutation=Mutation,
        limits=Limits(max_tokens=1000, max_depth=10, max_aliases=15),
        introspection=False,
    )
    result = await schema.execute("{ cards { title mood count maybe } }")
    assert result.data is not None
    assert result.data["cards"][0] == {"title": "ok", "mood": "FINE", "count": 3, "maybe": None}
    # A null in a non-null field, and values that do not coerce: the item is nulled out
    # with a located error, exactly as graphql-core's general path does.
    assert result.data["cards"][1] is None
    assert result.data["cards"][2] is None
    paths = sorted(tuple(error.path or ()) for error in result.errors or [])
    assert paths[0] == ("cards", 1, "title")
    assert ("cards", 2, "mood") in paths or ("cards", 2, "count") in paths
