"""The GraphQL endpoints (`/graphql`, and `/graphql/anonymous` with another schema and a
context that cannot reach a session), following the GraphQL-over-HTTP spec.

- POST `application/json` bodies `{query, operationName?, variables?, extensions?}`;
  GET with the same as URL parameters, for queries only (a mutation over GET: 405).
  One operation per request (batching is off).
- The answer is `application/graphql-response+json` when the client accepts it, else
  `application/json`; a client accepting neither gets 406. With
  `application/graphql-response+json` a request that is not executed (unparseable,
  invalid, over a limit, variables that do not fit) gets a 400 without `data`; with
  `application/json` it gets a 200, as legacy clients expect. An executed request always
  gets a 200, errors or not.
- Every refusal carries `errors[0].extensions.code` (see `graphql_schema/refusals.py`).
- GraphiQL is served to a browser's GET in development only.

It is a plain ASGI app rather than Strawberry's view: the spec's status rules and a
lean request path are simpler to keep here than as overrides of Strawberry's hooks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from domain.metrics import RequestTimer
from graphql_schema.context import Context
from graphql_schema.execution import MopperSchema
from graphql_schema.refusals import refusal
from graphql_schema.services import Services

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
_CONTENT_TYPE = {
    GRAPHQL_RESPONSE_JSON: f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8".encode(),
    JSON: f"{JSON}; charset=utf-8".encode(),
}
BAD_REQUEST = "BAD_REQUEST"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"

_OVER_GET = frozenset({OperationType.QUERY})
_OVER_POST = frozenset({OperationType.QUERY, OperationType.MUTATION})


def negotiate(accept: str) -> str | None:
    """The response media type for an Accept header, or None when nothing fits."""
    if not accept or accept == JSON:  # the common cases first
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
        if media == GRAPHQL_RESPONSE_JSON:
            candidate = GRAPHQL_RESPONSE_JSON
        elif media in (JSON, "application/*", "*/*"):
            candidate = JSON
        else:
            continue
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, candidate)
    return best[2] if best else None


class RequestRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class GraphQLRequest:
    __slots__ = ("extensions", "operation_name", "query", "variables")

    def __init__(self, params: object) -> None:
        if isinstance(params, list):
            raise RequestRefused(400, BAD_REQUEST, "Send one operation per request.")
        if not isinstance(params, dict):
            raise RequestRefused(400, BAD_REQUEST, "The body must be a JSON object.")
        self.query = _parameter(params, "query", str)
        self.operation_name = _parameter(params, "operationName", str)
        self.variables = _parameter(params, "variables", dict)
        self.extensions = _parameter(params, "extensions", dict)


def _parameter(params: dict[str, Any], name: str, kind: type) -> Any:
    value = params.get(name)
    if value is not None and not isinstance(value, kind):
        expected = "a string" if kind is str else "an object"
        raise RequestRefused(400, BAD_REQUEST, f"`{name}` must be {expected} or null.")
    return value


def _from_url(request: Request) -> GraphQLRequest:
    params: dict[str, Any] = dict(request.query_params)
    for name in ("variables", "extensions"):
        if params.get(name):
            params[name] = _json(params[name])
        else:
            params.pop(name, None)
    return GraphQLRequest(params)


def _json(text: str | bytes) -> object:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise RequestRefused(400, BAD_REQUEST, "The request is not valid JSON.") from error


class Timed:
    """What the latency metric needs to know of a request: its operation's name, and
    whether its document passed the checks."""

    __slots__ = ("checked", "name")

    def __init__(self) -> None:
        self.name: str | None = None
        self.checked = False


class RequestContext(Protocol):
    """What the endpoint asks of a per-request context: the headers (cookies) its
    resolvers set, to send with the answer."""

    def headers_for_answer(self) -> list[tuple[bytes, bytes]]: ...


class GraphQLEndpoint:
    def __init__(
        self,
        schema: MopperSchema,
        services: Services,
        *,
        graphiql: bool,
        context: Callable[[Request, Services], RequestContext] = Context,
    ) -> None:
        """`context` makes each request's context: the session's `Context` for
        `/graphql`, the anonymous channel's `AnonymousContext` for `/graphql/anonymous`."""
        self.schema = schema
        self.services = services
        self.make_context = context
        self.graphiql_html = get_graphql_ide_html(graphql_ide="graphiql") if graphiql else None
        self.timer = RequestTimer()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        request = Request(scope, receive)
        timed = Timed()
        response = await self.answer(request, timed)
        await response(scope, receive, send)
        self.timer.observe(timed.name, time.perf_counter() - started, checked=timed.checked)

    async def answer(self, request: Request, timed: Timed | None = None) -> Response:
        timed = timed or Timed()
        accept = request.headers.get("accept", "")
        if self.graphiql_html and self.wants_graphiql(request, accept):
            return HTMLResponse(self.graphiql_html)
        media = negotiate(accept)
        if media is None:
            return refusal(
                406, NOT_ACCEPTABLE, f"Accept {GRAPHQL_RESPONSE_JSON} or {JSON} to use this API."
            )
        try:
            graphql_request, allowed = await self.read(request)
        except RequestRefused as error:
            headers = {"allow": "GET, POST"} if error.status == 405 else None
            return refusal(
                error.status, error.code, error.message, media_type=media, headers=headers
            )
        context = self.make_context(request, self.services)
        timed.name = graphql_request.operation_name
        try:
            result = await self.schema.execute(
                graphql_request.query,
                variable_values=graphql_request.variables,
                context_value=context,
                operation_name=graphql_request.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=graphql_request.extensions,
            )
        except MissingQueryError:
            return refusal(400, BAD_REQUEST, "The request has no GraphQL query.", media_type=media)
        except CannotGetOperationTypeError:
            # A GraphQL request error like an invalid document: answered the same way.
            return refusal(
                200 if media == JSON else 400,
                OPERATION_RESOLUTION_FAILURE,
                "Name the operation to run (operationName): the document has none or several.",
                media_type=media,
            )
        except InvalidOperationTypeError:
            return refusal(
                405,
                METHOD_NOT_ALLOWED,
                "Mutations are sent with POST.",
                media_type=media,
                headers={"allow": "POST"},
            )
        if not isinstance(result, PreExecutionError) and graphql_request.query:
            timed.checked = True
            if timed.name is None:  # the document's one operation, by its own name
                timed.name = self.schema.documents.check(graphql_request.query).operations[0][0]
        return self.respond(result, media, context)

    def wants_graphiql(self, request: Request, accept: str) -> bool:
        return (
            request.method == "GET"
            and "query" not in request.query_params
            and ("text/html" in accept)
        )

    async def read(self, request: Request) -> tuple[GraphQLRequest, frozenset[OperationType]]:
        if request.method == "POST":
            # The cross-site guard refuses these first; checked again so that the view
            # is safe wherever it is mounted.
            content_type = request.headers.get("content-type", "")
            if not content_type.lower().startswith(JSON):
                raise RequestRefused(
                    415, UNSUPPORTED_MEDIA_TYPE, "Send the request as application/json."
                )
            return GraphQLRequest(_json(await request.body())), _OVER_POST
        if request.method == "GET":
            return _from_url(request), _OVER_GET
        raise RequestRefused(405, METHOD_NOT_ALLOWED, "Use POST (or GET for queries).")

    def respond(self, result: ExecutionResult, media: str, context: RequestContext) -> Response:
        body: dict[str, object] = {}
        executed = not isinstance(result, PreExecutionError)
        if executed:
            body["data"] = result.data
        if result.errors:
            body["errors"] = [error.formatted for error in result.errors]
        # Only graphql-response+json clients may be told "not executed" by the status;
        # application/json clients of old expect a 200 for every GraphQL answer.
        status = 200 if executed or media == JSON else 400
        response = Response(orjson.dumps(body), status_code=status)
        response.raw_headers.append((b"content-type", _CONTENT_TYPE[media]))
        response.raw_headers.extend(context.headers_for_answer())
        return response
