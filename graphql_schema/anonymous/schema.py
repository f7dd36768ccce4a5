"""The anonymous channel's schema (`POST /graphql/anonymous`): what the anonymous form and
the receipt page need, and nothing that needs a person. Same limits, checks and error
codes as the session schema (`graphql_schema/schema.py`); its SDL is committed beside
that one, as `graphql_schema/anonymous.graphql`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import strawberry

from graphql_schema.anonymous.mutations.mark_anonymous_item_seen import mark_anonymous_item_seen
from graphql_schema.anonymous.mutations.reply_anonymously import reply_anonymously
from graphql_schema.anonymous.mutations.say_me_too_anonymously import say_me_too_anonymously
from graphql_schema.anonymous.mutations.submit_anonymous_gripe import submit_anonymous_gripe
from graphql_schema.anonymous.queries import AnonymousQueries
from graphql_schema.documents import LIMITS
from graphql_schema.error_codes import ErrorCode
from graphql_schema.execution import MopperSchema

ANONYMOUS_SDL_PATH = Path(__file__).resolve().parent.parent / "anonymous.graphql"


@strawberry.type(name="Query")
class AnonymousQuery(AnonymousQueries):
    pass


@strawberry.type(name="Mutation")
class AnonymousMutation:
    submit_anonymous_gripe = submit_anonymous_gripe
    reply_anonymously = reply_anonymously
    mark_anonymous_item_seen = mark_anonymous_item_seen
    say_me_too_anonymously = say_me_too_anonymously


@lru_cache(maxsize=2)
def build_anonymous_schema(*, introspection: bool) -> MopperSchema:
    return MopperSchema(
        query=AnonymousQuery,
        mutation=AnonymousMutation,
        limits=LIMITS,
        introspection=introspection,
        # Not returned by any field: in the schema so that its SDL lists every code.
        types=[ErrorCode],
    )


def printed_anonymous_sdl() -> str:
    return str(build_anonymous_schema(introspection=True)) + "\n"
