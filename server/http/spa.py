"""Serves the built web app, with index.html for every client-side route."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Mopper</title></head><body><main><h1>Mopper</h1>
<p>The web app has not been built yet: run <code>make run</code>, which builds it.
The API is at <code>/graphql</code>.</p></main></body></html>"""


class SinglePageApp(StaticFiles):
    def __init__(self, directory: Path) -> None:
        self.built = (directory / "index.html").is_file()
        super().__init__(directory=directory, check_dir=False, html=True)

    async def check_config(self) -> None:
        # Without a build there is no folder to check: every path gets NOT_BUILT.
        if self.built:
            await super().check_config()

    async def get_response(self, path: str, scope: Scope) -> Response:
        if not self.built:
            return HTMLResponse(NOT_BUILT)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/"):
            # Vite fingerprints these file names, so they may be cached for good.
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["cache-control"] = "no-cache"
        return response
