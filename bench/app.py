"""The app as the benchmark serves it: the real app, plus a bare Starlette JSON endpoint
in the same process to compare with. The bare route exists only here, never in the
production routing (`server.app.create_app`)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.logs import configure_logging
from domain.settings import get_settings
from server.app import create_app

BARE_PATH = "/bench/bare"


async def bare_endpoint(request: Request) -> JSONResponse:
    """What the cheapest possible answer to `{ __typename }` costs in Starlette: read and
    decode the JSON body, encode a JSON answer."""
    body = await request.json()
    assert isinstance(body, dict)
    return JSONResponse({"data": {"__typename": "Query"}})


def create_bench_app() -> ASGIApp:
    """`uvicorn --factory bench.app:create_bench_app`."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    app = create_app(settings)
    bare = Starlette(routes=[Route(BARE_PATH, bare_endpoint, methods=["POST"])])

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == BARE_PATH:
            await bare(scope, receive, send)
        else:
            await app(scope, receive, send)

    return dispatch
