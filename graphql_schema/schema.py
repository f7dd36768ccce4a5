"""The schema: queries and mutations from each area, with the guards every request gets."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from graphql_schema.auth.mutations.login import login
from graphql_schema.auth.mutations.logout import logout
from graphql_schema.errors import CodedErrors, log_unexpected
from graphql_schema.items.mutations.acknowledge_item import acknowledge_item
from graphql_schema.items.mutations.add_message import add_message
from graphql_schema.items.mutations.assign_item import assign_item
from graphql_schema.items.mutations.customer_feedback import customer_feedback
from graphql_schema.items.mutations.mark_anonymous_item_seen import mark_anonymous_item_seen
from graphql_schema.items.mutations.relay_customer_issue import relay_customer_issue
from graphql_schema.items.mutations.reply_anonymously import reply_anonymously
from graphql_schema.items.mutations.set_priority import set_priority
from graphql_schema.items.mutations.stop_customer_emails import stop_customer_emails
from graphql_schema.items.mutations.submit_grievance import submit_grievance
from graphql_schema.items.mutations.transition_item import transition_item
from graphql_schema.items.queries import ItemQueries
from graphql_schema.org.queries import OrgQueries

SDL_PATH = Path(__file__).with_name("schema.graphql")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 1000


@strawberry.type
class Query(ItemQueries, OrgQueries):
    pass


@strawberry.type
class Mutation:
    login = login
    logout = logout
    submit_grievance = submit_grievance
    relay_customer_issue = relay_customer_issue
    reply_anonymously = reply_anonymously
    mark_anonymous_item_seen = mark_anonymous_item_seen
    acknowledge_item = acknowledge_item
    assign_item = assign_item
    set_priority = set_priority
    transition_item = transition_item
    add_message = add_message
    customer_feedback = customer_feedback
    stop_customer_emails = stop_customer_emails


class MopperSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry would log every error with its traceback and the query's text;
        # only unexpected ones are worth a log line, and without the variables.
        log_unexpected(errors)


@lru_cache(maxsize=2)
def build_schema(*, introspection: bool) -> strawberry.Schema:
    """The schema, built once per process (it is immutable)."""
    # Factories: a fresh extension per request (their caches live at module level).
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        CodedErrors,
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return MopperSchema(query=Query, mutation=Mutation, extensions=extensions)


def printed_sdl() -> str:
    return str(build_schema(introspection=True)) + "\n"


def _main(*args: Any) -> None:
    SDL_PATH.write_text(printed_sdl())
    print(f"wrote {SDL_PATH}")


if __name__ == "__main__":
    _main()
