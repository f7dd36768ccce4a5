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
    example = dict(re.findall(r"^(MOPPER_[A-Z0-9_]+)=(.*)$", ENV_EXAMPLE.read_text(), re.M))
    assert example["MOPPER_ENVIRONMENT"] == Settings.model_fields["environment"].default
    for name, value in example.items():
        monkeypatch.setenv(name, value)
    # Production (the default) rightly refuses the example's secret: compare the rest as
    # development reads it.
    from_example = Settings(_env_file=None, environment="development")
    for name in Settings.model_fields:
        monkeypatch.delenv(f"MOPPER_{name.upper()}", raising=False)
    defaults = Settings(_env_file=None, environment="development")
    assert from_example == defaults


SECRET = "a-long-random-production-secret"
BASE = "https://mopper.example.com"


def test_the_server_is_in_production_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOPPER_ENVIRONMENT")
    monkeypatch.setenv("MOPPER_SECRET_KEY", SECRET)
    monkeypatch.setenv("MOPPER_PUBLIC_BASE_URL", BASE)
    settings = Settings(_env_file=None)
    assert settings.environment == "production"
    # No dev tools, no demo accounts with a known password, a cookie only https carries.
    assert not settings.is_development
    assert not settings.runs_mail_catcher
    assert not settings.seeds_demo_data
    assert settings.session_cookie == "__Host-mopper_session"
    assert settings.cookie_secure


def test_development_keeps_its_tools_and_a_plain_cookie(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOPPER_MAIL_CATCHER")
    settings = Settings(_env_file=None, environment="development")
    assert settings.runs_mail_catcher and settings.seeds_demo_data
    assert settings.session_cookie == "mopper_session"
    assert not settings.cookie_secure
    turned_off = Settings(
        _env_file=None, environment="development", mail_catcher=False, seed_demo_data=False
    )
    assert not turned_off.runs_mail_catcher and not turned_off.seeds_demo_data


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="MOPPER_SECRET_KEY"):
        Settings(
            _env_file=None,
            environment="production",
            secret_key=INSECURE_DEV_SECRET,
            public_base_url=BASE,
        )


def test_production_refuses_to_guess_its_public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOPPER_PUBLIC_BASE_URL")
    with pytest.raises(ValidationError, match="MOPPER_PUBLIC_BASE_URL must be set"):
        Settings(_env_file=None, environment="production", secret_key=SECRET)
    # Set to the very value of the default, it is a choice: accepted.
    Settings(
        _env_file=None,
        environment="production",
        secret_key=SECRET,
        public_base_url="http://127.0.0.1:8000",
    )


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://mopper.example.com", True),
        ("https://mopper.example.com:8443/app", True),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:8000", True),
        ("http://[::1]:8000", True),
        ("http://mopper.example.com", False),
        ("http://10.0.0.5:8000", False),
        ("http://localhost.evil.example", False),
        ("ftp://mopper.example.com", False),
        ("mopper.example.com", False),
    ],
)
def test_production_wants_https_except_on_the_machine_itself(url: str, accepted: bool) -> None:
    def make() -> Settings:
        return Settings(
            _env_file=None, environment="production", secret_key=SECRET, public_base_url=url
        )

    if accepted:
        assert make().public_base_url == url
    else:
        with pytest.raises(ValidationError, match="https://"):
            make()


@pytest.mark.parametrize("value", ["five per minute", "0 per minute", "5 per 15 minutes; 1/s", ""])
def test_a_throttle_limit_that_does_not_read_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="MOPPER_LOGIN_ACCOUNT_LIMIT"):
        Settings(_env_file=None, environment="test", login_account_limit=value)


@pytest.mark.parametrize("value", ["*", "10.0.0.0/33", "proxy.internal", "10.0.0.1, nonsense"])
def test_trusted_proxies_must_be_addresses_or_networks(value: str) -> None:
    with pytest.raises(ValidationError, match="MOPPER_TRUSTED_PROXIES"):
        Settings(_env_file=None, environment="test", trusted_proxies=value)
    accepted = Settings(
        _env_file=None, environment="test", trusted_proxies=" 10.0.0.0/8, 192.168.1.5,::1 "
    )
    assert accepted.trusted_proxy_list == ["10.0.0.0/8", "192.168.1.5", "::1"]


def test_argon2_below_owasps_floor_is_refused() -> None:
    with pytest.raises(ValidationError, match="OWASP"):
        Settings(_env_file=None, argon2_memory_kib=8 * 1024)
    with pytest.raises(ValidationError, match="OWASP"):
        Settings(_env_file=None, argon2_time_cost=1)


def test_a_refusal_does_not_repeat_the_secret() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(
            _env_file=None,
            environment="production",
            secret_key=SECRET,
            public_base_url="http://mopper.example.com",
        )
    assert "https://" in str(refused.value)
    assert SECRET[:8] not in str(refused.value)
