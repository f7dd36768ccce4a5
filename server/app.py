"""The composition root: builds the Starlette app from the API, the web app and (in the
embedded default) a delivery worker. The only module that knows all three layers.

Embedded default (`make run`): with MOPPER_EMBEDDED_WORKER the lifespan runs the
delivery worker and the schedules in this process, and stops them gracefully on
shutdown; with MOPPER_EMBEDDED_INBOUND the inbound SMTP service for replies by email;
with MOPPER_MAIL_CATCHER it also runs the local mail catcher (dev tooling).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from domain.db import start_database, stop_database
from domain.metrics import multiprocess_dir
from domain.org.people import NO_ADMIN_YET, has_active_admin
from domain.settings import Settings, get_settings
from graphql_schema.anonymous.context import AnonymousContext
from graphql_schema.anonymous.schema import build_anonymous_schema
from graphql_schema.schema import build_schema
from graphql_schema.services import Services
from graphql_schema.view import GraphQLEndpoint
from server.http.access_log import AccessLog
from server.http.anonymous import ANONYMOUS_PATH, WithoutCookies
from server.http.body_limit import RequestSizeLimit
from server.http.guards import CrossSiteGuard
from server.http.headers import SecurityHeaders
from server.http.health import healthz, readyz
from server.http.metrics import MetricsEndpoint
from server.http.oidc import SingleSignOn
from server.http.spa import SinglePageApp
from server.http.unsubscribe import unsubscribe, unsubscribe_person
from workers.inbound.server import InboundServer
from workers.service import BackgroundWork

logger = logging.getLogger("mopper.server")

# Answers smaller than this go as they are: below about a kilobyte gzip saves a few
# hundred bytes at most and costs a header and a compressor per request.
COMPRESS_FROM_BYTES = 1024

FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


def frontend_dir(settings: Settings) -> Path:
    """The built web app: MOPPER_FRONTEND_DIR (an installed package, the container
    image), else `frontend/dist` of the source tree this runs from."""
    return Path(settings.frontend_dir) if settings.frontend_dir else FRONTEND_DIST


async def _start_inbound(settings: Settings, running: AsyncExitStack) -> None:
    """Replies by email, received in this process (the embedded default)."""
    inbound = InboundServer(settings)
    try:
        await inbound.start()
    except OSError as error:
        logger.warning(
            "replies by email cannot be received on %s:%d (%s)",
            settings.inbound_host,
            settings.inbound_port,
            error,
        )
        return
    running.push_async_callback(inbound.stop)


def trusted_proxies(settings: Settings) -> list[Middleware]:
    """With MOPPER_TRUSTED_PROXIES, the client of a request that comes through one of
    them is the rightmost address in X-Forwarded-For that is not a trusted proxy
    (uvicorn's middleware); anyone else's X-Forwarded-For is ignored. The throttles count
    per client, so a header from anywhere would let a guesser choose its address."""
    proxies = settings.trusted_proxy_list
    return [Middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)] if proxies else []


def api_compression(app: ASGIApp) -> ASGIApp:
    return GZipMiddleware(app, minimum_size=COMPRESS_FROM_BYTES, compresslevel=6)


def create_app(
    settings: Settings | None = None,
    *,
    manage_database: bool = True,
    oidc_transport: httpx2.AsyncBaseTransport | None = None,
) -> Starlette:
    """The whole app. Tests pass `manage_database=False` and open the database themselves,
    and may route single sign-on's requests to the provider through `oidc_transport`."""
    settings = settings or get_settings()
    services = Services.from_settings(settings)
    metrics = MetricsEndpoint(
        token=settings.metrics_token.get_secret_value(),
        multiprocess_dir=multiprocess_dir(settings),
    )
    graphql = GraphQLEndpoint(
        build_schema(introspection=settings.is_development),
        services,
        graphiql=settings.is_development,
    )
    # The anonymous channel: its own schema, and a context with no way to a session.
    anonymous_graphql = GraphQLEndpoint(
        build_anonymous_schema(introspection=settings.is_development),
        services,
        graphiql=settings.is_development,
        context=AnonymousContext,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as running:
            if manage_database:
                await start_database(settings.database_url, migrate_first=settings.migrate_on_start)
                running.push_async_callback(stop_database)
            if settings.runs_mail_catcher:
                # Dev tooling, imported only when asked for (aiosmtpd is a dev extra).
                from devtools.mail_catcher import MailCatcher

                catcher = MailCatcher.from_settings(settings)
                if catcher.start():
                    running.callback(catcher.stop)
            if settings.embedded_worker:
                work = BackgroundWork(settings)
                await work.start()
                running.push_async_callback(work.stop)
            if settings.embedded_inbound:
                await _start_inbound(settings, running)
            # Everything made so far (schema, models, settings) lives as long as the
            # process: keep the garbage collector from walking it again and again,
            # which otherwise shows as long pauses in the slowest requests.
            if manage_database and not settings.seeds_demo_data and not await has_active_admin():
                logger.warning(NO_ADMIN_YET)
            gc.freeze()
            yield

    dev_routes: list[BaseRoute] = []
    if settings.is_development and settings.runs_mail_catcher:
        from devtools.mail_pages import mail_routes

        dev_routes = mail_routes(Path(settings.mail_catcher_dir))

    return Starlette(
        routes=[
            # Every method reaches the endpoint, which answers the others with a coded 405.
            # API answers go gzipped to a client that accepts it (a 50-card board: 25 KB
            # of JSON, 1.2 KB gzipped, about 0.1 ms of compression). No BREACH-style
            # guessing: CrossSiteGuard refuses requests from other sites, so nobody can
            # make a person's browser mix chosen text into an answer with their data.
            # Level 6 (zlib's default): 9 costs a quarter more time for 5 % fewer bytes.
            Route("/graphql", api_compression(graphql)),
            Route(ANONYMOUS_PATH, api_compression(anonymous_graphql)),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics.endpoint, methods=["GET"]),
            Route("/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
            Route("/unsubscribe/email/{token}", unsubscribe_person, methods=["GET", "POST"]),
            # Single sign-on's start and callback, when MOPPER_OIDC_ISSUER is set.
            *(
                SingleSignOn(settings, transport=oidc_transport).routes()
                if settings.sso_enabled
                else []
            ),
            *dev_routes,
            # The web app's files go compressed (a third of the bytes on a phone's network).
            Mount(
                "/",
                app=GZipMiddleware(
                    SinglePageApp(frontend_dir(settings)), minimum_size=COMPRESS_FROM_BYTES
                ),
            ),
        ],
        middleware=[
            # First of all: requests to the anonymous channel lose their cookies.
            Middleware(WithoutCookies, path=ANONYMOUS_PATH),
            *trusted_proxies(settings),
            Middleware(AccessLog),
            Middleware(SecurityHeaders, hsts=settings.is_production),
            Middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes),
            Middleware(
                CrossSiteGuard,
                trusted_origins=settings.trusted_origins,
                paths=("/graphql", ANONYMOUS_PATH),
            ),
        ],
        lifespan=lifespan,
    )
