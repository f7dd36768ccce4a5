"""A throw-away PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port of
127.0.0.1), for tests that stop and restart the database server: the machine's shared
PostgreSQL on 5432 serves other people's tests and is never restarted."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.smtp import free_port


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"no {name} under /usr/lib/postgresql/*/bin: install postgresql")
    return found[-1]


class OwnPostgres:
    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="mopper-pg-"))
        self.folder.chmod(0o755)  # the server's user must reach its data folder
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str) -> None:
        command = list(args)
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root (CI runs as root)
            shutil.chown(self.folder, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> OwnPostgres:
        self._run(
            _binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            _binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l",
            str(self.folder / "server.log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
