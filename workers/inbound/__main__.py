"""`python -m workers.inbound`: the inbound SMTP service as a process of its own.

Run it beside the API on PostgreSQL, reachable only by the organisation's mail server,
which relays Mopper's reply addresses (`reply+<token>@MOPPER_REPLY_DOMAIN`) to
MOPPER_INBOUND_HOST:MOPPER_INBOUND_PORT. On SQLite, leave it to the API process
(MOPPER_EMBEDDED_INBOUND, as `make run` does). SIGTERM or SIGINT stops it.
"""

from __future__ import annotations

import asyncio
import sys

from domain.db import open_database, stop_database
from domain.logs import configure_logging
from domain.settings import get_settings
from workers.inbound.server import InboundServer
from workers.stopping import stop_on_signals


async def main() -> int:
    settings = get_settings()
    await open_database(settings.database_url)
    try:
        server = InboundServer(settings)
        stop_requested = stop_on_signals()
        await server.start()
        try:
            await stop_requested.wait()
        finally:
            await server.stop()
        return 0
    finally:
        await stop_database()


if __name__ == "__main__":
    configure_logging(get_settings().log_level, get_settings().log_format)
    sys.exit(asyncio.run(main()))
