"""`python -m server.serve`: the API in production shape — several uvicorn processes
behind one port, on PostgreSQL, without a worker or mail catcher inside (run
`python -m workers` beside it).

What it does that `uvicorn server.app:create_app --factory --workers N` alone would not:
JSON logs in every process (uvicorn's own access log, which would write client
addresses, stays off), and one shared folder for the processes' metrics, wiped at start
(prometheus-client's multiprocess mode, see `domain.metrics`). Settings: MOPPER_HOST,
MOPPER_PORT, MOPPER_WEB_WORKERS, MOPPER_METRICS_DIR; with MOPPER_MIGRATE_ON_START=false
the processes only connect, and `python -m server.migrate` must have run first.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from domain.logs import configure_logging
from domain.settings import get_settings

# Read by prometheus-client when it is imported, in each uvicorn process.
_PROMETHEUS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def app() -> Starlette:
    """The factory each uvicorn process calls."""
    from server.app import create_app  # after the metrics folder is known

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def shared_metrics_dir(configured: str) -> Path:
    """An empty folder for this run's metrics: samples of an earlier run (or of dead
    processes of one) must not be added to this one's."""
    folder = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="mopper-metrics-"))
    if folder.exists():
        for entry in folder.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    folder = shared_metrics_dir(settings.metrics_dir)
    # The uvicorn processes inherit these: prometheus-client reads the one, our settings
    # the other (so that every process knows the folder, even a temporary one).
    os.environ[_PROMETHEUS_DIR_VARIABLE] = str(folder)
    os.environ["MOPPER_METRICS_DIR"] = str(folder)
    uvicorn.run(
        "server.serve:app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.web_workers,
        loop="uvloop",
        http="httptools",
        access_log=False,  # ours leaves out client addresses
        proxy_headers=False,
        server_header=False,
        log_config=None,  # ours, configured in each process
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=20,
    )


if __name__ == "__main__":
    main()
