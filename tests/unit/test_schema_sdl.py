"""The committed SDL of both schemas (graphql_schema/schema.graphql and anonymous.graphql,
read by the web app's type checks) is the schema the code builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphql_schema.sdl import printed

SDL = printed()


@pytest.mark.parametrize("path", list(SDL), ids=lambda path: path.name)
def test_the_committed_sdl_is_the_schema_the_code_builds(path: Path) -> None:
    assert path.read_text() == SDL[path], (
        f"{path.name} is out of date with the code: run `make schema` "
        "(python -m graphql_schema.sdl) and commit the result"
    )


def test_both_schemas_are_checked() -> None:
    assert sorted(path.name for path in SDL) == ["anonymous.graphql", "schema.graphql"]
