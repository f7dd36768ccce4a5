"""`python -m server.admin create-admin EMAIL NAME` (or `make create-admin EMAIL=… NAME=…`):
the first admin of a new organisation, or an existing person made admin.

Prints a one-time link (valid 1 hour) where they choose their password and language and
are signed in; everyone else is then invited from the admin console. The database is
brought to the newest migration first, as the app does at start.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from domain.db import start_database, stop_database
from domain.errors import ValidationFailed
from domain.notifications.links import welcome_link
from domain.org.people import create_admin
from domain.settings import get_settings


async def _create_admin(email: str, name: str) -> int:
    settings = get_settings()
    await start_database(settings.database_url)
    try:
        made = await create_admin(email=email, display_name=name)
    except ValidationFailed as refused:
        for field, problem in refused.fields.items():
            print(f"{field}: {problem}", file=sys.stderr)
        return 2
    finally:
        await stop_database()
    what = "created" if made.created else "is now an admin"
    print(f"{made.user.display_name} <{made.user.email}> {what}.")
    print("Open this link within the hour to choose a password and sign in (it works once):")
    print(welcome_link(settings.public_base_url, made.token))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m server.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser(
        "create-admin", help="create an admin, or make an existing person one"
    )
    create.add_argument("email")
    create.add_argument("name")
    args = parser.parse_args(argv)
    return asyncio.run(_create_admin(args.email, args.name))


if __name__ == "__main__":
    sys.exit(main())
