"""Load generators, each in a process of its own: `wrk` (Debian's package, installed
when missing and possible), or else the small keep-alive client in `bench.client`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_WRK_SCRIPT = """\
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
"""


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests: int
    requests_per_second: float
    failures: int


def find_or_install_wrk() -> str | None:
    """The path to `wrk`, installing Debian's package when we may; None when impossible."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        return None
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None:
            return None
        prefix = [sudo, "-n"]
    print("installing wrk (apt-get install wrk) ...", flush=True)
    install = [*prefix, apt, "install", "-y", "-q", "wrk"]
    if subprocess.run(install, capture_output=True, check=False).returncode != 0:
        subprocess.run([*prefix, apt, "update", "-q"], capture_output=True, check=False)
        subprocess.run(install, capture_output=True, check=False)
    return shutil.which("wrk")


class Wrk:
    name = "wrk"

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.folder = Path(tempfile.mkdtemp(prefix="mopper-bench-wrk-"))

    def run(self, url: str, body: str, *, connections: int, seconds: float) -> LoadResult:
        script = self.folder / "post.lua"
        # A JSON string is a valid Lua string literal for our plain-ASCII bodies.
        script.write_text(_WRK_SCRIPT.format(body=json.dumps(body)))
        finished = subprocess.run(
            [
                self.executable,
                "-t1",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--timeout=5s",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        output = finished.stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        if rate is None:
            raise RuntimeError(f"could not read wrk's output:\n{output}")
        errors = re.search(
            r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
        )
        failures = sum(int(n) for n in errors.groups()) if errors else 0
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        if non_2xx:
            failures += int(non_2xx.group(1))
        total = re.search(r"(\d+) requests in", output)
        if total is None:
            raise RuntimeError(f"could not read wrk's output:\n{output}")
        return LoadResult(int(total.group(1)), float(rate.group(1)), failures)


class PythonClient:
    name = "bench.client (asyncio, keep-alive)"

    def run(self, url: str, body: str, *, connections: int, seconds: float) -> LoadResult:
        finished = subprocess.run(
            [sys.executable, "-m", "bench.client", url, body, str(connections), str(seconds)],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(finished.stdout)
        requests = int(report["requests"])
        return LoadResult(requests, requests / report["seconds"], report["failures"])


def load_generator(prefer: str = "wrk") -> Wrk | PythonClient:
    if prefer == "wrk":
        wrk = find_or_install_wrk()
        if wrk is not None:
            return Wrk(wrk)
        print("wrk is not available; using the Python client (it may be the bottleneck)")
    return PythonClient()
