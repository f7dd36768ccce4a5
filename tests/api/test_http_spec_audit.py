"""The GraphQL-over-HTTP spec, checked by the `graphql-http` audit (its serverAudits)
against the real app served by uvicorn: every MUST and every SHOULD passes.

The audit's documents ask for `__type`, i.e. introspection, so the full audit runs
against the app in development. In production, where introspection is off, the only
audits that fail are those documents, and they fail because of introspection alone.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import live_app

AUDIT = Path(__file__).resolve().parent.parent / "http_audit"
NEEDS_INTROSPECTION = {"2EA1", "28B9"}  # documents `query Type($name: String!) { __type … }`


def _npm_ci_if_stale() -> None:
    """`npm ci` when node_modules is missing or does not match package-lock.json."""
    npm = shutil.which("npm")
    assert npm is not None, "the GraphQL-over-HTTP audit needs Node 20 and npm (see README)"
    locked = json.loads((AUDIT / "package-lock.json").read_text())["packages"]
    installed_file = AUDIT / "node_modules" / ".package-lock.json"
    installed = (
        json.loads(installed_file.read_text())["packages"] if installed_file.is_file() else {}
    )
    wanted = {name: entry["version"] for name, entry in locked.items() if name}
    have = {name: entry.get("version") for name, entry in installed.items()}
    if wanted != have:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AUDIT, check=True, timeout=300)


def _audit(url: str) -> list[dict[str, Any]]:
    _npm_ci_if_stale()
    node = shutil.which("node")
    assert node is not None, "the GraphQL-over-HTTP audit needs Node 20 (see README)"
    finished = subprocess.run(
        [node, "audit.mjs", url], cwd=AUDIT, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    results: list[dict[str, Any]] = json.loads(finished.stdout)
    assert len(results) > 40, "the audit ran too few checks"
    return results


def _failures(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """MUST failures are reported as "error", SHOULD failures as "warn"."""
    return [r for r in results if r["status"] in ("error", "warn")]


def _explain(failures: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{f['id']} {f['name']}: {f['reason']} (HTTP {f['statusCode']}: {f['body']})"
        for f in failures
    )


@pytest.mark.usefixtures("db")
def test_every_must_and_should_of_the_spec_holds() -> None:
    with live_app(environment="development") as base_url:
        results = _audit(f"{base_url}/graphql")
    failures = _failures(results)
    assert not failures, _explain(failures)


@pytest.mark.usefixtures("db")
def test_in_production_only_the_audits_that_need_introspection_fail() -> None:
    with live_app(environment="production") as base_url:
        results = _audit(f"{base_url}/graphql")
    failures = _failures(results)
    assert {f["id"] for f in failures} == NEEDS_INTROSPECTION, _explain(failures)
    for failure in failures:
        assert '"code":"INTROSPECTION_DISABLED"' in failure["body"], _explain([failure])
