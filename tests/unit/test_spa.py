"""The web app's files: index.html for every client-side route, fingerprinted assets
cached for good, a clear page when the web app has not been built."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from server.http.spa import SinglePageApp


def client(folder: Path) -> httpx.AsyncClient:
    app = Starlette(routes=[Mount("/", app=SinglePageApp(folder))])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_client_side_routes_get_the_app_and_assets_are_cached(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Mopper</title>")
    (tmp_path / "assets" / "index-4f3a9c1b.js").write_text("console.log(1)")
    async with client(tmp_path) as http:
        board = await http.get("/board/items/42")
        asset = await http.get("/assets/index-4f3a9c1b.js")
        missing = await http.get("/assets/gone-0000.js")
    assert board.status_code == 200 and "<title>Mopper</title>" in board.text
    assert board.headers["cache-control"] == "no-cache"
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert missing.status_code == 404  # a missing file is not the app


async def test_without_a_build_every_page_says_how_to_build_it(tmp_path: Path) -> None:
    async with client(tmp_path / "dist") as http:
        response = await http.get("/board")
    assert response.status_code == 200
    assert "make run" in response.text
