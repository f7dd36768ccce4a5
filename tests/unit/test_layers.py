"""The layers import only downwards: workers never reach the API, the domain never
reaches the workers or the dev tooling (only the composition root knows them all)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("workers", {"graphql_schema", "devtools"}),
        ("devtools", {"graphql_schema", "workers"}),
        ("server", {"graphql_schema", "workers", "devtools"}),
    ],
)
def test_layers_import_only_downwards(package: str, forbidden: set[str]) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        if path == ROOT / "server" / "app.py" or "migrations" in path.parts:
            continue  # the composition root; generated migrations
        assert not imported_packages(path) & forbidden, path.relative_to(ROOT)
