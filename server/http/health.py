"""Health checks for orchestrators (docker compose, Kubernetes, a load balancer).

- `GET /healthz`: the process is alive and serving (never touches the database), for
  restarting a hung process.
- `GET /readyz`: the database answers and its schema is at the newest migration, for
  sending traffic; 503 otherwise, with the reason (no details of the database).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from domain.db import pending_migrations

logger = logging.getLogger("mopper.health")

READY_TIMEOUT_SECONDS = 3.0


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    try:
        pending = await asyncio.wait_for(pending_migrations(), timeout=READY_TIMEOUT_SECONDS)
    except Exception as error:  # unreachable, refusing, timing out: all "not ready"
        logger.warning("not ready: the database does not answer (%s)", type(error).__name__)
        return JSONResponse({"status": "not ready", "reason": "database unreachable"}, 503)
    if pending:
        return JSONResponse(
            {"status": "not ready", "reason": "migrations pending", "pending": pending}, 503
        )
    return JSONResponse({"status": "ready"})
