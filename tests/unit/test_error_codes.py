"""`ErrorCode` (graphql_schema/error_codes.py) holds every `extensions.code` the server can
send, and nothing else.

The codes are found in the source, wherever one is made:
- a class's `code = "…"` (the domain's errors, `domain/errors.py`);
- a dict's `"code": …` entry and a `code=…` argument (permissions, `errors.py`,
  `documents.py`), with a name looked up in its module;
- the code-shaped string constants of every module that makes errors (one that writes a
  `"code"` entry or calls `refusal(` or `with_code(`): `documents.py`, `execution.py`,
  `view.py`, `server/http/guards.py`, `server/http/body_limit.py`.
A new code made in any of these ways fails this test until the enum lists it.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import defaultdict
from pathlib import Path

from graphql_schema.error_codes import ErrorCode
from graphql_schema.schema import printed_sdl

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "graphql_schema", "server", "workers", "devtools")
CODE_SHAPE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$")
MAKES_ERRORS = ('"code"', "refusal(", "with_code(")
# The root of the domain's errors: every error raised is one of its subclasses, each with
# a code of its own (checked below), so its placeholder never reaches a client.
ROOT_ERROR = ("domain/errors.py", "DomainError")


def product_files() -> list[Path]:
    return [
        path
        for package in PRODUCT
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def string_constants(tree: ast.Module) -> dict[str, str]:
    """The module's own string constants."""
    named: dict[str, str] = {}
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    named[target.id] = statement.value.value
    return named


def imported_names(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """The names the module imports from ours: name -> (module, name there)."""
    return {
        alias.asname or alias.name: (statement.module, alias.name)
        for statement in tree.body
        if isinstance(statement, ast.ImportFrom)
        and statement.module
        and statement.level == 0
        and statement.module.split(".")[0] in PRODUCT
        for alias in statement.names
    }


def codes_in(path: Path, root: Path = ROOT) -> tuple[set[str], list[str]]:
    """The codes `path` makes, and the code expressions it makes that cannot be read."""
    source = path.read_text()
    tree = ast.parse(source)
    where = str(path.relative_to(root))
    found: set[str] = set()
    unreadable: list[str] = []
    constants = string_constants(tree)
    imported = imported_names(tree)

    def read(value: ast.expr) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found.add(value.value)
        elif isinstance(value, ast.Name):
            if value.id in constants:
                found.add(constants[value.id])
            elif value.id in imported:
                module, name = imported[value.id]
                named = getattr(importlib.import_module(module), name, None)
                if isinstance(named, str):
                    found.add(named)
            # else a parameter passed on (`refusal(status, code, …)`): its callers'
            # constants are found as constants of their modules.
        elif not (isinstance(value, ast.Attribute) and value.attr == "code"):
            # `self.code` is a class's own code, found as such; anything else is not.
            unreadable.append(f"{where}:{value.lineno}: {ast.unparse(value)}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and (where, node.name) != ROOT_ERROR:
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "code" for t in statement.targets
                ):
                    read(statement.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "code":
                    read(value)
        elif isinstance(node, ast.keyword) and node.arg == "code":
            read(node.value)
    if any(marker in source for marker in MAKES_ERRORS):
        for statement in tree.body:
            if (
                isinstance(statement, ast.Assign | ast.AnnAssign)
                and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)
                and CODE_SHAPE.match(statement.value.value)
            ):
                found.add(statement.value.value)
    return found, unreadable


def emitted_codes() -> tuple[dict[str, set[str]], list[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    unreadable: list[str] = []
    for path in product_files():
        found, cannot = codes_in(path)
        for code in found:
            codes[code].add(str(path.relative_to(ROOT)))
        unreadable += cannot
    return codes, unreadable


def test_every_code_the_server_sends_is_in_the_enum_and_no_other() -> None:
    codes, unreadable = emitted_codes()
    assert not unreadable, f"codes made in a way this test cannot read: {unreadable}"
    enum_values = {member.name for member in ErrorCode}
    missing = {code: sorted(codes[code]) for code in sorted(set(codes) - enum_values)}
    assert not missing, f"codes the server sends that ErrorCode does not list: {missing}"
    unsent = sorted(enum_values - set(codes))
    assert not unsent, f"ErrorCode lists codes the server never sends: {unsent}"


def test_the_domains_errors_each_carry_a_code_of_their_own() -> None:
    from domain.errors import DomainError

    def subclasses(cls: type[DomainError]) -> list[type[DomainError]]:
        return [s for c in cls.__subclasses__() for s in (c, *subclasses(c))]

    errors = subclasses(DomainError)
    assert errors, "no domain errors found"
    enum_values = {member.name for member in ErrorCode}
    assert {e.__name__: e.code for e in errors if e.code not in enum_values} == {}
    # The root's placeholder is never sent: nothing raises the root itself.
    raised = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in product_files()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id == "DomainError"
    ]
    assert raised == []


def test_the_printed_schema_lists_every_code() -> None:
    sdl = printed_sdl()
    block = sdl[sdl.index("enum ErrorCode {") :]
    block = block[: block.index("}")]
    listed = set(re.findall(r"^  ([A-Z_]+)$", block, re.MULTILINE))
    assert listed == {member.name for member in ErrorCode}


def test_the_scan_reads_each_way_a_code_is_made(tmp_path: Path) -> None:
    """The scan itself can fail: each way of making a code is found."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from graphql_schema.errors import INTERNAL\n"
        'class Gone(Exception):\n    code = "GONE"\n'
        'FAILED = {"code": INTERNAL}\n'
        'EXTENSIONS = {"code": "TEAPOT"}\n'
        'BUSY = "SERVER_BUSY"\n'
        "def refuse(status, code):\n    return refusal(status, code=code)\n"
        'def odd():\n    return {"code": "X".lower()}\n'
    )
    found, unreadable = codes_in(sample, tmp_path)
    assert found == {"GONE", "INTERNAL", "TEAPOT", "SERVER_BUSY"}
    assert unreadable == ["sample.py:10: 'X'.lower()"]
