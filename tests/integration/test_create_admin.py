"""`python -m server.admin create-admin`: the first admin, from an empty database to a
signed-in admin through the link it prints; the login page says how until then."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from starlette.applications import Starlette

from domain.org.enums import Role
from domain.org.models import AdminLogEntry, User
from domain.org.people import create_admin
from tests import settings_for_tests
from tests.support.api import client
from tests.support.org import Org

ROOT = Path(__file__).resolve().parents[2]
SET = """mutation($t: String!) { setPasswordWithLink(token: $t,
  password: "a long walk on the beach") { email role } }"""


async def test_an_empty_organisation_is_told_how_and_gets_its_first_admin(
    db: str, app: Starlette
) -> None:
    async with client(app) as anyone:
        assert (await anyone.ok("{ setupNeeded }"))["setupNeeded"] is True
    made = await create_admin(email="Olga@Example.com", display_name="Olga Owner")
    assert made.created and made.user.role is Role.ADMIN
    async with client(app) as olga:
        assert (await olga.ok("{ setupNeeded }"))["setupNeeded"] is False
        data = await olga.ok(SET, {"t": made.token})
        assert data["setPasswordWithLink"] == {"email": "olga@example.com", "role": "ADMIN"}
        assert await olga.error_code(SET, {"t": made.token}) == "LINK_USED"
    [entry] = await AdminLogEntry.all()
    assert entry.actor_id is None and entry.action == "person.admin_created"


async def test_an_existing_person_is_promoted(org: Org) -> None:
    made = await create_admin(email="bob@example.com", display_name="ignored")
    assert not made.created
    bob = await User.get(id=org.bob.id)
    assert bob.role is Role.ADMIN and bob.display_name == "Bob de Vries"


def test_the_command_prints_a_link(tmp_path: Path) -> None:
    if settings_for_tests.DIALECT == "postgres":
        return  # the command is the same; the in-process tests cover PostgreSQL
    env = {
        **os.environ,
        "MOPPER_ENVIRONMENT": "development",
        "MOPPER_DATABASE_URL": f"sqlite://{tmp_path / 'mopper.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "server.admin", "create-admin", "root@example.com", "Root"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert re.search(r"https?://\S+/welcome#[A-Za-z0-9_-]{43}", done.stdout), done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "server.admin", "create-admin", "not-an-email", "Root"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "email" in bad.stderr
