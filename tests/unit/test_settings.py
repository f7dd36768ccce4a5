"""Settings: every one documented, unsafe ones refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from domain.settings import INSECURE_DEV_SECRET, Settings

ENV_EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


def test_env_example_lists_every_setting_and_nothing_else() -> None:
    documented = set(re.findall(r"^MOPPER_([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_env_example_values_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in re.findall(r"^(MOPPER_[A-Z0-9_]+)=(.*)$", ENV_EXAMPLE.read_text(), re.M):
        monkeypatch.setenv(name, value)
    from_example = Settings(_env_file=None)
    for name in Settings.model_fields:
        monkeypatch.delenv(f"MOPPER_{name.upper()}", raising=False)
    defaults = Settings(_env_file=None)
    assert from_example == defaults


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="MOPPER_SECRET_KEY"):
        Settings(_env_file=None, environment="production", secret_key=INSECURE_DEV_SECRET)


def test_argon2_below_owasps_floor_is_refused() -> None:
    with pytest.raises(ValidationError, match="OWASP"):
        Settings(_env_file=None, argon2_memory_kib=8 * 1024)
    with pytest.raises(ValidationError, match="OWASP"):
        Settings(_env_file=None, argon2_time_cost=1)
