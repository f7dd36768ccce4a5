"""The real app under uvicorn in a subprocess, on the test session's database: for the
few tests that need a real HTTP server (the GraphQL-over-HTTP audit)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bench.server import free_port, serving
from server.settings import get_settings


@contextmanager
def live_app(*, environment: str) -> Iterator[str]:
    """Serves `server.app:create_app` in `environment`; yields the base URL."""
    port = free_port()
    settings = get_settings()
    env = {
        "MOPPER_ENVIRONMENT": environment,
        "MOPPER_DATABASE_URL": settings.database_url,
        "MOPPER_SECRET_KEY": settings.secret_key.get_secret_value(),
        "MOPPER_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "MOPPER_EMBEDDED_WORKER": "false",
        "MOPPER_MAIL_CATCHER": "false",
        "MOPPER_SEED_DEMO_DATA": "false",
        "MOPPER_LOG_LEVEL": "WARNING",
    }
    with serving("server.app:create_app", env, port=port) as served:
        yield served.url
