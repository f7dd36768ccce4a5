"""The real app under uvicorn in a subprocess, on the test session's database: for the
few tests that need a real HTTP server (the GraphQL-over-HTTP audit, the log lines of
real requests, several API processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import ROOT, free_port, serving, wait_until_up
from domain.settings import get_settings


@contextmanager
def live_app(*, environment: str) -> Iterator[str]:
    """Serves `server.app:create_app` in `environment`; yields the base URL."""
    port = free_port()
    settings = get_settings()
    env = {
        "MOPPER_ENVIRONMENT": environment,
        "MOPPER_DATABASE_URL": settings.database_url,
        "MOPPER_SECRET_KEY": settings.secret_key.get_secret_value(),
        "MOPPER_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "MOPPER_EMBEDDED_WORKER": "false",
        "MOPPER_EMBEDDED_INBOUND": "false",
        "MOPPER_MAIL_CATCHER": "false",
        "MOPPER_SEED_DEMO_DATA": "false",
        "MOPPER_LOG_LEVEL": "WARNING",
    }
    with serving("server.app:create_app", env, port=port) as served:
        yield served.url


class ServedProcess:
    """`python -m server.serve` (the production launcher) in a subprocess, its log lines
    kept in a file; for tests of what really reaches stderr, and of several processes."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "MOPPER_HOST": "127.0.0.1",
            "MOPPER_PORT": str(self.port),
            "MOPPER_PUBLIC_BASE_URL": self.url,
            **env,
        }
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServedProcess:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server.serve"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        wait_until_up(f"{self.url}/healthz", self.process, timeout=60)
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()

    def __enter__(self) -> ServedProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
