"""The `/graphql` endpoint, following the GraphQL-over-HTTP spec where Strawberry does not.

- `application/graphql-response+json` is served when the client accepts it: then a
  document that cannot be parsed or validated gets a 400, and an execution error a 200.
- Plain `application/json` clients get 200 for every well-formed GraphQL request.
- A client accepting neither gets 406. Mutations are never run over GET.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http import process_result as strawberry_process_result
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from graphql_schema.context import Context
from graphql_schema.services import Services

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"


def negotiate(accept: str) -> str | None:
    """The response media type for an Accept header, or None when nothing fits."""
    if not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if media in (GRAPHQL_RESPONSE_JSON, "application/*", "*/*"):
            candidate = GRAPHQL_RESPONSE_JSON if media == GRAPHQL_RESPONSE_JSON else JSON
        elif media == JSON:
            candidate = JSON
        else:
            continue
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, candidate)
    return best[2] if best else None


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: Any, services: Services, *, graphiql: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if graphiql else None,
            allow_queries_via_get=True,
            multipart_uploads_enabled=False,
        )
        self.services = services

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        assert isinstance(request, Request)
        return Context(request, response, self.services)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data = strawberry_process_result(result)
        if isinstance(result, PreExecutionError):
            # Nothing was executed: per the spec, no "data" entry at all.
            data.pop("data", None)
            request.state.graphql_not_executed = True
        return data

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        if not isinstance(request, Request):
            return await super().run(request, context, root_value)
        media = negotiate(request.headers.get("accept", ""))
        if media is None:
            return PlainTextResponse(
                "Accept application/graphql-response+json or application/json.",
                status_code=406,
            )
        response = await super().run(request, context, root_value)
        if media == GRAPHQL_RESPONSE_JSON and response.media_type == JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
            if getattr(request.state, "graphql_not_executed", False):
                response.status_code = 400
        return response
