"""`GET /metrics` for Prometheus.

Who may read it: only a scraper that sends `Authorization: Bearer <MOPPER_METRICS_TOKEN>`.
Without a token configured the route answers 404, as if it did not exist. A token rather
than a network rule, because behind a proxy or in a container network the client's
address says little (and this app keeps no client addresses). The figures carry no
personal data, but they do tell how busy the organisation's complaint desk is.

In several API processes (`python -m server.serve`), the samples of all of them are
added up from the shared folder (see `domain.metrics`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import CollectorRegistry
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from domain.metrics import OutboxCollector
from domain.notifications.monitoring import outbox_snapshot

logger = logging.getLogger("mopper.metrics")

SNAPSHOT_TIMEOUT_SECONDS = 5.0


class MetricsEndpoint:
    def __init__(self, *, token: str, multiprocess_dir: str | None) -> None:
        self.expected = f"Bearer {token}".encode() if token else None
        self.multiprocess_dir = multiprocess_dir

    async def endpoint(self, request: Request) -> Response:
        if self.expected is None:
            return PlainTextResponse("Not Found", status_code=404)
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, self.expected):
            return PlainTextResponse(
                "Unauthorized", status_code=401, headers={"www-authenticate": "Bearer"}
            )
        registry = CollectorRegistry()
        if self.multiprocess_dir:
            MultiProcessCollector(registry, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
        else:
            registry = REGISTRY
        text = generate_latest(registry)
        try:
            snapshot = await asyncio.wait_for(outbox_snapshot(), SNAPSHOT_TIMEOUT_SECONDS)
        except Exception as error:
            # The process's own figures are still worth having while the database is away.
            logger.warning("outbox metrics unavailable (%s)", type(error).__name__)
        else:
            outbox = CollectorRegistry(auto_describe=False)
            outbox.register(OutboxCollector(snapshot))
            text += generate_latest(outbox)
        return Response(text, media_type=CONTENT_TYPE_LATEST)
