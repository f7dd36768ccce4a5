"""The app as the benchmark serves it: the real app, plus endpoints in the same process
to compare with: a bare Starlette JSON endpoint (for `{ __typename }`) and the
references for a board page and a submission without GraphQL (`bench/reference.py`).
These routes exist only here, never in the production routing (`server.app.create_app`)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from bench.reference import BOARD_PATH, SUBMIT_PATH, board_reference, submit_reference
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
    bench = Starlette(
        routes=[
            Route(BARE_PATH, bare_endpoint, methods=["POST"]),
            Route(BOARD_PATH, board_reference, methods=["POST"]),
            Route(SUBMIT_PATH, submit_reference, methods=["POST"]),
        ]
    )
    ours = {BARE_PATH, BOARD_PATH, SUBMIT_PATH}

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in ours:
            await bench(scope, receive, send)
        else:
            await app(scope, receive, send)

    return dispatch
