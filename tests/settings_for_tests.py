"""The environment every test process runs with, set before anything imports `server`.

`MOPPER_TEST_DATABASE=postgres` runs the suite on PostgreSQL (a fresh database per
session, dropped at the end); the default is a fresh SQLite file.
"""

from __future__ import annotations

import os
import tempfile
import uuid

DIALECT = os.environ.get("MOPPER_TEST_DATABASE", "sqlite")
POSTGRES_SERVER = os.environ.get("MOPPER_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
RUN_ID = uuid.uuid4().hex[:8]


def test_database_url() -> str:
    if DIALECT == "postgres":
        return f"{POSTGRES_SERVER}/mopper_test_{RUN_ID}"
    if DIALECT == "sqlite":
        folder = tempfile.mkdtemp(prefix="mopper-test-")
        return f"sqlite://{folder}/mopper.sqlite3"
    raise RuntimeError(f"MOPPER_TEST_DATABASE must be sqlite or postgres, not {DIALECT!r}")


def apply() -> None:
    os.environ.update(
        {
            "MOPPER_ENVIRONMENT": "test",
            "MOPPER_DATABASE_URL": test_database_url(),
            "MOPPER_SECRET_KEY": "test-secret-key-that-is-long-enough",
            "MOPPER_PUBLIC_BASE_URL": "http://127.0.0.1:8000",
            # OWASP's floor: the cheapest argon2 the app accepts.
            "MOPPER_ARGON2_TIME_COST": "2",
            "MOPPER_ARGON2_MEMORY_KIB": str(19 * 1024),
            "MOPPER_ARGON2_PARALLELISM": "1",
            "MOPPER_EMBEDDED_WORKER": "false",
            "MOPPER_EMBEDDED_INBOUND": "false",
            "MOPPER_MAIL_CATCHER": "false",
            "MOPPER_LOG_LEVEL": "WARNING",
        }
    )
