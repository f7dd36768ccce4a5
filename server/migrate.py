"""`python -m server.migrate`: bring the configured database's schema to head."""

from __future__ import annotations

import asyncio

from domain.db import start_database, stop_database
from domain.settings import get_settings


async def _main() -> None:
    try:
        await start_database(get_settings().database_url)
    finally:
        await stop_database()


if __name__ == "__main__":
    asyncio.run(_main())
    print("database is at the newest migration")
