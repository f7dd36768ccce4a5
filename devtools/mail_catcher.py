"""A local mail catcher for `make run`: an SMTP server (aiosmtpd) on
MOPPER_SMTP_HOST:MOPPER_SMTP_PORT that keeps every message it receives as an `.eml`
file in MOPPER_MAIL_CATCHER_DIR (default `var/mail`). Read them with any mail client,
or at http://127.0.0.1:8000/dev/mail.

File names sort in arrival order (`<nanoseconds>-<sequence>.eml`, zero-padded), and a
file appears only once it is complete (written aside, then renamed), so a reader that
takes the newest names never sees half a message.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from domain.settings import Settings

logger = logging.getLogger("mopper.mail_catcher")


class MailFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sequence = itertools.count(1)
        self._lock = threading.Lock()

    def store(self, content: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            name = f"{time.time_ns():020d}-{next(self._sequence):06d}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(content)
        return partial.replace(self.folder / name)

    def newest_first(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.eml"), reverse=True)


class _StoreEverything:
    def __init__(self, folder: MailFolder) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.folder.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class MailCatcher:
    def __init__(self, *, host: str, port: int, folder: Path) -> None:
        self.host = host
        self.port = port
        self.folder = MailFolder(folder)
        self._controller: Controller | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> MailCatcher:
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            folder=Path(settings.mail_catcher_dir),
        )

    def start(self) -> bool:
        """Listen in a thread of its own; False (and a warning) when the port is taken."""
        # aiosmtpd logs every SMTP command, recipients' addresses included.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        controller = Controller(
            _StoreEverything(self.folder),
            hostname=self.host,
            port=self.port,
            enable_SMTPUTF8=True,
            ready_timeout=2.0,  # a taken port is reported only after this
        )
        try:
            controller.start()
        except (OSError, RuntimeError, TimeoutError) as error:
            logger.warning(
                "the mail catcher cannot listen on %s:%d (%s); emails go to whatever does",
                self.host,
                self.port,
                error,
            )
            return False
        self._controller = controller
        logger.info(
            "mail catcher on %s:%d keeps emails in %s", self.host, self.port, self.folder.folder
        )
        return True

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()
