"""The committed SDL (graphql_schema/schema.graphql, read by the web app's type checks)
is the schema the code builds."""

from __future__ import annotations

from graphql_schema.schema import SDL_PATH, printed_sdl


def test_the_committed_sdl_is_the_schema_the_code_builds() -> None:
    assert SDL_PATH.read_text() == printed_sdl(), (
        f"{SDL_PATH.name} is out of date with the code: run `make schema` "
        "(python -m graphql_schema.schema) and commit the result"
    )
