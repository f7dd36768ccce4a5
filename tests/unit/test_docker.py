"""docker/: no Docker engine runs on our machines, so the compose file and the Dockerfile
are checked as text: the services an operator expects, health checks, the start order,
and that every MOPPER_* variable they set is a real setting (a misspelt one would be
ignored silently)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from domain.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker" / "compose.yaml"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
SETTINGS = {f"MOPPER_{name.upper()}" for name in Settings.model_fields}


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load(COMPOSE.read_text())
    found: dict[str, Any] = compose["services"]
    return found


def test_the_services_of_a_deployment(services: dict[str, Any]) -> None:
    assert set(services) == {"postgres", "mailpit", "migrate", "api", "worker", "inbound"}
    assert services["migrate"]["command"] == ["python", "-m", "server.migrate"]
    assert services["api"]["command"] == ["python", "-m", "server.serve"]
    assert services["worker"]["command"] == ["python", "-m", "workers"]
    assert services["inbound"]["command"] == ["python", "-m", "workers.inbound"]
    assert int(services["api"]["environment"]["MOPPER_WEB_WORKERS"]) > 1


def test_everything_that_keeps_running_has_a_health_check(services: dict[str, Any]) -> None:
    for name, service in services.items():
        if name == "migrate":
            assert service["restart"] == "no"  # runs once
            continue
        test = service["healthcheck"]["test"]
        assert test[0] == "CMD" and len(test) > 1, name
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])


def test_migrations_run_once_before_the_app_which_only_connects(
    services: dict[str, Any],
) -> None:
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker", "inbound"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        environment = services[name]["environment"]
        assert environment["MOPPER_MIGRATE_ON_START"] == "false", name
        assert environment["MOPPER_EMBEDDED_WORKER"] == "false", name
        assert environment["MOPPER_DATABASE_URL"].startswith("postgres://"), name


def test_replies_by_email_are_received_by_their_own_service(services: dict[str, Any]) -> None:
    """Not by the API processes too: two services on one port, or replies taken twice."""
    assert services["api"]["environment"]["MOPPER_EMBEDDED_INBOUND"] == "false"
    inbound = services["inbound"]
    port = inbound["environment"]["MOPPER_INBOUND_PORT"]
    assert inbound["environment"]["MOPPER_INBOUND_HOST"] == "0.0.0.0"  # noqa: S104 - in its container
    assert [p.rsplit(":", 1)[-1] for p in inbound["ports"]] == [port]
    assert "smtplib" in " ".join(inbound["healthcheck"]["test"])


def test_workers_can_be_scaled(services: dict[str, Any]) -> None:
    worker = services["worker"]
    # --scale worker=N needs containers without a fixed name or published port.
    assert "container_name" not in worker
    assert "ports" not in worker


def test_every_mopper_variable_is_a_real_setting(services: dict[str, Any]) -> None:
    used = set(re.findall(r"\bMOPPER_[A-Z0-9_]*[A-Z0-9]\b", COMPOSE.read_text()))
    used |= set(re.findall(r"\bMOPPER_[A-Z0-9_]*[A-Z0-9]\b", DOCKERFILE.read_text()))
    for service in services.values():
        used |= set(service.get("environment", {}))
    used = {name for name in used if name.startswith("MOPPER_")}
    assert used, "no settings found"
    assert used <= SETTINGS, f"not settings: {sorted(used - SETTINGS)}"


def compose_value(value: object) -> str:
    """A compose value as the shell would give it when the operator sets only what is
    required: `${NAME:-default}` is the default, `${NAME:?why}` a value of theirs."""
    text = str(value)
    text = re.sub(r"\$\{[A-Z0-9_]+:-([^}]*)\}", r"\1", text)
    return re.sub(r"\$\{[A-Z0-9_]+:\?[^}]*\}", "an-operators-long-random-secret", text)


@pytest.mark.parametrize("name", ["migrate", "api", "worker"])
def test_the_production_settings_there_start(
    services: dict[str, Any], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in SETTINGS:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in services[name]["environment"].items():
        if variable.startswith("MOPPER_"):
            monkeypatch.setenv(variable, compose_value(value))
    settings = Settings(_env_file=None)  # raises when production would refuse to start
    assert settings.is_production
    assert not settings.runs_mail_catcher and not settings.seeds_demo_data
    assert settings.session_cookie.startswith("__Host-")


def test_the_image_is_built_in_stages_and_runs_as_nobody_special() -> None:
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages[0].startswith("node:20")
    assert stages[-1].startswith("python:3.11-slim")
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert "-c constraints.txt" in text  # the pinned versions
    assert "npm ci" in text  # the locked web app packages
    for path in re.findall(r"^COPY (?!--from)(\S+)", text, re.M):
        assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which does not exist"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "frontend/node_modules"} <= set(ignored)
