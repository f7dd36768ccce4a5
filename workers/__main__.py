"""`python -m workers`: a delivery worker (and the schedules) as a process of its own.

Run as many as needed beside the API on PostgreSQL; they share the outbox safely. The
database must already be migrated (the API does it on start, or `python -m
server.migrate`). SIGTERM or SIGINT stops it gracefully.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from prometheus_client import start_http_server

from domain.db import open_database, stop_database
from domain.logs import configure_logging
from domain.settings import get_settings
from workers.service import BackgroundWork
from workers.stopping import stop_on_signals

logger = logging.getLogger("mopper.workers")


async def main() -> int:
    settings = get_settings()
    if settings.worker_metrics_port:
        # Delivery attempts and failures of this process, for Prometheus on the internal
        # network (see domain/metrics.py); never published outside it.
        start_http_server(settings.worker_metrics_port, addr=settings.host)
    await open_database(settings.database_url)
    try:
        work = BackgroundWork(settings)
        stop_requested = stop_on_signals()
        await work.start()
        stopper = asyncio.create_task(stop_requested.wait())
        ended = asyncio.create_task(work.wait())
        await asyncio.wait({stopper, ended}, return_when=asyncio.FIRST_COMPLETED)
        crashed = ended.done() and not stop_requested.is_set()
        stopper.cancel()
        ended.cancel()
        await work.stop()
        if crashed:
            logger.error("a worker task ended on its own; exiting so it can be restarted")
            return 1
        return 0
    finally:
        await stop_database()


if __name__ == "__main__":
    configure_logging(get_settings().log_level, get_settings().log_format)
    sys.exit(asyncio.run(main()))
