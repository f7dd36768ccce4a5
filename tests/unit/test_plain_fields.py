"""The executor reads plain fields straight off their objects, and completes lists of
plain objects in one pass; what it cannot (a null where none may be, a value that is not
what the schema says) still gets the usual error."""

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
class Team:
    name: str


@strawberry.type
class Row:
    title: str
    moods: list[Mood]
    team: Team
    lead: Team | None

    @strawberry.field
    def shout(self) -> str:
        return self.title.upper()


def rows() -> list[Row]:
    return [
        Row(title="one", moods=[Mood.FINE], team=Team(name="Care"), lead=None),
        Row(title="two", moods=[], team=Team(name="Ops"), lead=Team(name="Ada")),
    ]


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row]:
        return rows()

    @strawberry.field
    def broken_rows(self) -> list[Row]:
        return [*rows(), Row(title="three", moods=[Mood.GLUM], team=None, lead=None)]  # type: ignore[arg-type]

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


def make_schema() -> MopperSchema:
    return MopperSchema(
        query=Query,
        mutation=Mutation,
        limits=Limits(max_tokens=1000, max_depth=10, max_aliases=15),
        introspection=False,
    )


async def test_plain_fields_read_fast_and_fail_as_usual() -> None:
    schema = make_schema()
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


async def test_a_list_of_plain_objects_answers_every_selection_exactly() -> None:
    schema = make_schema()
    query = """query($skip: Boolean!) {
      rows {
        __typename heading: title moods
        team { name ...TeamName } lead { name }
        alsoTitle: title @skip(if: $skip) shout @include(if: $skip)
      }
    }
    fragment TeamName on Team { __typename }"""
    shown = await schema.execute(query, variable_values={"skip": False})
    skipped = await schema.execute(query, variable_values={"skip": True})

    assert shown.errors is None and skipped.errors is None
    assert shown.data == {
        "rows": [
            {
                "__typename": "Row",
                "heading": "one",
                "moods": ["FINE"],
                "team": {"name": "Care", "__typename": "Team"},
                "lead": None,
                "alsoTitle": "one",
            },
            {
                "__typename": "Row",
                "heading": "two",
                "moods": [],
                "team": {"name": "Ops", "__typename": "Team"},
                "lead": {"name": "Ada"},
                "alsoTitle": "two",
            },
        ]
    }
    # A field with a resolver of its own in the selection: the general way, same answer.
    assert skipped.data is not None
    assert [row["shout"] for row in skipped.data["rows"]] == ["ONE", "TWO"]
    assert "alsoTitle" not in skipped.data["rows"][0]


async def test_a_null_deep_in_a_plain_list_gets_the_usual_located_error() -> None:
    result = await make_schema().execute("{ brokenRows { title team { name } } }")
    # Row.team may not be null and the list items may not either: the whole list is null.
    assert result.data is None
    assert [tuple(error.path or ()) for error in result.errors or []] == [("brokenRows", 2, "team")]
