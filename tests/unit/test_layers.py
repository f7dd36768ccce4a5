"""The layers import only downwards, every file of them, with no exemption:

    server          the app factory, the HTTP edge, the entry points
      │
    graphql_schema  workers        devtools (development only)
      │               │               │
    domain          items, org, auth, notifications, their models and migrations

- the domain imports nothing of HTTP, GraphQL, the workers, the dev tools or the server;
- the API and the workers never import each other, nor the dev tools or the server;
- the server is the one place that wires them together, and imports the dev tools only
  inside the functions that development calls, never when a module is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"domain", "graphql_schema", "workers", "devtools", "server", "bench", "tests"}
HTTP_AND_GRAPHQL = {"starlette", "strawberry", "graphql", "uvicorn", "httpx"}
MAIL_SERVERS = {"aiosmtpd"}


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The top-level packages `path` imports (only at module level, if asked)."""
    tree = ast.parse(path.read_text())
    nodes = ast.iter_child_nodes(tree) if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def python_files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    return files


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("domain", (OURS - {"domain"}) | HTTP_AND_GRAPHQL | MAIL_SERVERS),
        ("graphql_schema", OURS - {"domain", "graphql_schema"}),
        ("workers", (OURS - {"domain", "workers"}) | {"strawberry", "graphql", "starlette"}),
        ("devtools", OURS - {"domain", "devtools"}),
        ("server", {"bench", "tests"}),
    ],
)
def test_every_file_imports_only_downwards(package: str, forbidden: set[str]) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imports(path) & forbidden)
        for path in python_files(package)
        if imports(path) & forbidden
    }
    assert wrong == {}


def test_the_server_imports_dev_tools_only_when_development_asks() -> None:
    at_import = [
        str(path.relative_to(ROOT))
        for path in python_files("server")
        if "devtools" in imports(path, top_level_only=True)
    ]
    assert at_import == []


def test_the_check_sees_an_arrow_running_back_up(tmp_path: Path) -> None:
    """The checks above can fail: a domain module importing the API is caught."""
    wrong = tmp_path / "wrong.py"
    wrong.write_text("from graphql_schema.schema import build_schema\n")
    assert "graphql_schema" in imports(wrong)
    nested = tmp_path / "nested.py"
    nested.write_text("def f():\n    import devtools.demo\n")
    assert "devtools" not in imports(nested, top_level_only=True)
    assert "devtools" in imports(nested)
