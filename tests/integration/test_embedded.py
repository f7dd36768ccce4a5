"""The embedded default (`make run`): the app's lifespan runs a delivery worker and the
local mail catcher, whose messages a developer reads as .eml files or at /dev/mail."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from devtools.mail_catcher import MailFolder
from domain.settings import Settings, get_settings
from server.app import create_app
from tests.support.api import BASE_URL, client
from tests.support.org import Org
from tests.support.smtp import free_port
from tests.support.waiting import eventually

SUBMIT = """
mutation($input: SubmitGrievanceInput!) { submitGrievance(input: $input) { item { id } } }"""


def embedded(folder: Path, **overrides: object) -> Settings:
    return get_settings().model_copy(
        update={
            "environment": "development",
            "embedded_worker": True,
            "mail_catcher": True,
            "mail_catcher_dir": str(folder),
            "smtp_port": free_port(),
            "delivery_poll_seconds": 0.1,
            **overrides,
        }
    )


def http(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


async def test_a_gripe_lands_in_the_mail_catcher_and_on_the_dev_page(
    org: Org, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    settings = embedded(folder)
    app = create_app(settings, manage_database=False)
    async with app.router.lifespan_context(app):
        assert listening(settings.smtp_port)
        async with client(app, org.alice) as alice:
            submitted = await alice.ok(
                SUBMIT,
                {
                    "input": {
                        "categoryId": str(org.kitchen.id),
                        "title": "Cold <coffee>",
                        "body": "!",
                    }
                },
            )
        item_id = submitted["submitGrievance"]["item"]["id"]
        await eventually(lambda: len(MailFolder(folder).newest_first()) == 3)

        async with http(app) as browser:
            listing = await browser.get("/dev/mail")
            newest = MailFolder(folder).newest_first()[0].name
            page = await browser.get(f"/dev/mail/{newest}")
            raw = await browser.get(f"/dev/mail/{newest}/raw")
            missing = await browser.get("/dev/mail/00000000000000000001-000001.eml")
            outside = await browser.get("/dev/mail/mopper.sqlite3")

    assert not listening(settings.smtp_port)  # stopped with the app
    assert listing.status_code == 200
    assert listing.text.count("Cold &lt;coffee&gt;") == 3
    assert "alice@example.com" in listing.text
    assert page.status_code == 200
    # The email's HTML is shown in a sandboxed frame, escaped into its srcdoc.
    assert '<iframe sandbox title="HTML part" srcdoc="&lt;!DOCTYPE html&gt;' in page.text
    assert "<bdi>Cold" not in page.text
    assert f"http://127.0.0.1:8000/items/{item_id}" in page.text
    assert raw.text.startswith("Subject: ")
    assert (missing.status_code, outside.status_code) == (404, 404)


def test_the_mail_catchers_files_sort_in_arrival_order(tmp_path: Path) -> None:
    folder = MailFolder(tmp_path)
    stored = [folder.store(f"Subject: {n}\r\n\r\nbody\r\n".encode()) for n in range(50)]
    assert sorted(p.name for p in stored) == [p.name for p in stored]
    assert folder.newest_first() == stored[::-1]
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".eml")] == []


@pytest.mark.parametrize("environment", ["test", "production"])
def test_the_dev_page_exists_only_in_development(tmp_path: Path, environment: str) -> None:
    settings = embedded(tmp_path, environment=environment)
    development = create_app(embedded(tmp_path), manage_database=False)
    other = create_app(settings, manage_database=False)
    assert "/dev/mail" in [getattr(route, "path", None) for route in development.routes]
    assert [r for r in other.routes if getattr(r, "path", "").startswith("/dev")] == []


@pytest.mark.parametrize("worker", [True, False])
async def test_the_embedded_worker_starts_and_stops_with_the_app(
    org: Org, tmp_path: Path, worker: bool
) -> None:
    settings = embedded(tmp_path, embedded_worker=worker)
    app = create_app(settings, manage_database=False)
    async with app.router.lifespan_context(app), client(app, org.alice) as alice:
        await alice.ok(
            SUBMIT, {"input": {"categoryId": str(org.kitchen.id), "title": "Hi", "body": "!"}}
        )
        if worker:
            await eventually(lambda: len(MailFolder(tmp_path).newest_first()) == 3)
    if not worker:
        assert MailFolder(tmp_path).newest_first() == []  # nothing sends without a worker
