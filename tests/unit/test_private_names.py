"""Product code uses no private name of a dependency (`_x` of Tortoise, Strawberry,
graphql-core, prometheus-client, ...): such names change without notice in any release.

A private name the code reads (`obj._x`, `f(_x=...)`, `getattr(obj, "_x")`) must be one
the code itself defines somewhere (an attribute it sets, a function, a parameter, a
Strawberry private field).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "graphql_schema", "server", "workers", "devtools", "bench", "scripts")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _files() -> list[Path]:
    return sorted(path for top in PRODUCT for path in (ROOT / top).rglob("*.py"))


def _defined(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names = [node.id]
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names = [node.attr]
        elif isinstance(node, ast.arg):
            names = [node.arg]
        elif isinstance(node, ast.alias):
            names = (node.asname or node.name).split(".")
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = node.module.split(".")
        found |= {name for name in names if _private(name)}
    return found


def _read(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.keyword) and node.arg:
            found.append((node.value.lineno, node.arg))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr", "setattr"}
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            found.append((node.lineno, node.args[1].value))
    return [(line, name) for line, name in found if _private(name)]


def private_names_of_others() -> list[str]:
    trees = {path: ast.parse(path.read_text()) for path in _files()}
    ours = set().union(*(_defined(tree) for tree in trees.values()))
    return [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path, tree in trees.items()
        for line, name in _read(tree)
        if name not in ours
    ]


def test_product_code_reads_no_private_name_of_a_dependency() -> None:
    assert private_names_of_others() == []


def test_the_check_sees_a_private_name_of_a_dependency() -> None:
    probe = ast.parse(
        "from tortoise import Tortoise\n"
        "async def start(query, config):\n"
        "    query._choose_db_if_not_chosen()\n"
        "    await Tortoise.init(config=config, _enable_global_fallback=True)\n"
        "    return getattr(query, '_db')\n"
    )
    assert sorted(_read(probe)) == [
        (3, "_choose_db_if_not_chosen"),
        (4, "_enable_global_fallback"),
        (5, "_db"),
    ]
    assert _defined(probe) == set()
