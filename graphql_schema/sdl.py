"""The committed SDL of both schemas, which the web app's types are made from (gql.tada):
`graphql_schema/schema.graphql` (the session's, `/graphql`) and
`graphql_schema/anonymous.graphql` (the anonymous channel's, `/graphql/anonymous`).
`make schema` (`python -m graphql_schema.sdl`) writes them; a test checks they are
current."""

from __future__ import annotations

from pathlib import Path

from graphql_schema.anonymous.schema import ANONYMOUS_SDL_PATH, printed_anonymous_sdl
from graphql_schema.schema import SDL_PATH, printed_sdl


def printed() -> dict[Path, str]:
    return {SDL_PATH: printed_sdl(), ANONYMOUS_SDL_PATH: printed_anonymous_sdl()}


def write_all() -> None:
    for path, sdl in printed().items():
        path.write_text(sdl)
        print(f"wrote {path}")


if __name__ == "__main__":
    write_all()
