"""`python -m server.run` (what `make run` runs): the embedded default in one process.

Migrates the database, creates the demo organisation on first start (in development,
unless MOPPER_SEED_DEMO_DATA=false; elsewhere only when it is true), then serves
the API and web app with the delivery worker and mail catcher inside.
"""

from __future__ import annotations

import asyncio

import uvicorn

from domain.db import start_database, stop_database
from domain.logs import configure_logging
from domain.org.models import User
from domain.org.people import NO_ADMIN_YET, has_active_admin
from domain.settings import get_settings
from server.app import create_app


async def _prepare() -> None:
    settings = get_settings()
    await start_database(settings.database_url)
    try:
        if settings.seeds_demo_data and not await User.exists():
            # Dev tooling, imported only when a demo is wanted.
            from devtools.demo import create_demo, print_people

            print_people(await create_demo())
        elif not await has_active_admin():
            print(NO_ADMIN_YET)
    finally:
        await stop_database()


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    asyncio.run(_prepare())
    print(f"Mopper is running at {settings.public_base_url}")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log=False,  # ours leaves out client addresses
        proxy_headers=False,
        server_header=False,
        log_level=settings.log_level.lower(),
    )


if __name__ == "__main__":
    main()
