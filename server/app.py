"""The composition root: builds the Starlette app from the API, the web app and (in the
embedded default) a delivery worker. The only module that knows all three layers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from graphql_schema.schema import build_schema
from graphql_schema.services import Services
from graphql_schema.view import GraphQLEndpoint
from server.db import start_database, stop_database
from server.http.access_log import AccessLog
from server.http.body_limit import RequestSizeLimit
from server.http.guards import CrossSiteGuard
from server.http.headers import SecurityHeaders
from server.http.spa import SinglePageApp
from server.settings import Settings, get_settings

FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The whole app. Tests pass `manage_database=False` and open the database themselves."""
    settings = settings or get_settings()
    services = Services.from_settings(settings)
    graphql = GraphQLEndpoint(
        build_schema(introspection=settings.is_development),
        services,
        graphiql=settings.is_development,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_database:
            await start_database(settings.database_url)
        try:
            yield
        finally:
            if manage_database:
                await stop_database()

    return Starlette(
        routes=[
            # Every method reaches the endpoint, which answers the others with a coded 405.
            Route("/graphql", graphql),
            Route("/healthz", healthz, methods=["GET"]),
            Mount("/", app=SinglePageApp(FRONTEND_DIST)),
        ],
        middleware=[
            Middleware(AccessLog),
            Middleware(SecurityHeaders),
            Middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes),
            Middleware(
                CrossSiteGuard, trusted_origins=settings.trusted_origins, paths=("/graphql",)
            ),
        ],
        lifespan=lifespan,
    )
