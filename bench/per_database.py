"""Benchmarks that run once per database, each in a fresh process with a fresh database
(`python -m <module> --only <dialect>` prints one `RESULT {json}` line)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from typing import Any

POSTGRES_SERVER = os.environ.get("MOPPER_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def fresh_database_url(dialect: str) -> str:
    """A database nobody uses yet: a new SQLite file, or a new PostgreSQL database name."""
    if dialect == "postgres":
        return f"{POSTGRES_SERVER}/mopper_bench_{uuid.uuid4().hex[:8]}"
    return f"sqlite://{tempfile.mkdtemp(prefix='mopper-bench-')}/bench.sqlite3"


def print_result(result: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(result))


def each_database(
    module: str, databases: str, arguments: list[str]
) -> Iterator[tuple[str, dict[str, Any] | None, str]]:
    """(dialect, its result or None, the end of its stderr) for every database."""
    for dialect in databases.split(","):
        done = subprocess.run(
            [sys.executable, "-m", module, "--only", dialect, *arguments],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        ok = done.returncode == 0 and lines
        result = json.loads(lines[-1].removeprefix("RESULT ")) if ok else None
        yield dialect, result, done.stderr[-3000:]
