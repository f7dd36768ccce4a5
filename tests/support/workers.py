"""Delivery workers for tests: in this process (as the embedded default runs it), or as
a real `python -m workers` process that a test may kill."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from domain.settings import Settings, get_settings
from workers.delivery import DeliveryWorker

# Quick retries and short leases, so that faults play out in seconds.
FAST = {
    "smtp_host": "127.0.0.1",
    "smtp_timeout_seconds": 2.0,
    "delivery_lease_seconds": 5.0,
    "delivery_backoff_seconds": 0.05,
    "delivery_backoff_max_seconds": 0.2,
    "delivery_poll_seconds": 0.1,
    "delivery_max_attempts": 100,
}


def delivery_settings(smtp_port: int, **overrides: object) -> Settings:
    return get_settings().model_copy(update={**FAST, "smtp_port": smtp_port, **overrides})


@asynccontextmanager
async def running_worker(settings: Settings) -> AsyncIterator[DeliveryWorker]:
    worker = DeliveryWorker(settings)
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        worker.stop()
        await asyncio.wait_for(task, timeout=30)


class WorkerProcess:
    """`python -m workers` against the test database and a test SMTP server."""

    module = "workers"
    ready_line = re.compile(r"delivery worker (\S+) ready")

    def __init__(self, smtp_port: int, **overrides: object) -> None:
        values = {**FAST, "smtp_port": smtp_port, "log_level": "INFO", **overrides}
        self.env = {
            **os.environ,
            **{f"MOPPER_{key.upper()}": str(value) for key, value in values.items()},
        }
        self.name = ""
        self.lines: list[str] = []
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> WorkerProcess:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        ready = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read(ready))
        self.name = await asyncio.wait_for(ready, timeout=30)
        return self

    async def _read(self, ready: asyncio.Future[str]) -> None:
        assert self._process is not None and self._process.stderr is not None
        async for raw in self._process.stderr:
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            found = self.ready_line.search(line)
            if found and not ready.done():
                ready.set_result(found.group(1))
        if not ready.done():
            ready.set_exception(RuntimeError("the worker exited:\n" + "\n".join(self.lines)))

    async def kill(self) -> None:
        """SIGKILL: no chance to clean up."""
        await self._signal(signal.SIGKILL)

    async def terminate(self) -> int:
        """SIGTERM: the graceful stop. The exit code."""
        return await self._signal(signal.SIGTERM)

    async def _signal(self, signum: int) -> int:
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(signum)
        code = await asyncio.wait_for(self._process.wait(), timeout=60)
        if self._reader is not None:
            await self._reader
        return code

    async def __aenter__(self) -> WorkerProcess:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                await self.kill()
