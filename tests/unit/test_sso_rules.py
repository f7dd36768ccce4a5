"""Single sign-on's settings and what is read from a verified ID token's claims."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from domain.org.enums import Locale
from domain.settings import Settings
from domain.sso.sign_in import Identity, locale_of

PRODUCTION: dict[str, Any] = {
    "environment": "production",
    "secret_key": "a-long-random-production-secret",
    "public_base_url": "https://mopper.example.com",
}
SSO: dict[str, Any] = {
    "oidc_issuer": "https://login.example.com/tenant/v2.0",
    "oidc_client_id": "mopper",
    "oidc_client_secret": "client-secret",
}


def test_single_sign_on_is_on_when_the_issuer_is_set() -> None:
    settings = Settings(_env_file=None, **PRODUCTION, **SSO)
    assert settings.sso_enabled
    assert settings.oidc_metadata_url == (
        "https://login.example.com/tenant/v2.0/.well-known/openid-configuration"
    )
    assert settings.oidc_redirect_uri == "https://mopper.example.com/auth/oidc/callback"
    assert not Settings(_env_file=None, **PRODUCTION).sso_enabled


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        pytest.param({"oidc_issuer": "", "password_login": False}, "nobody could", id="no way in"),
        pytest.param({"oidc_issuer": "http://login.example.com"}, "https://", id="plain http"),
        pytest.param({"oidc_issuer": "login.example.com"}, "https://", id="no scheme"),
        pytest.param({"oidc_client_id": ""}, "CLIENT_ID", id="no client id"),
        pytest.param({"oidc_client_secret": ""}, "CLIENT_SECRET", id="no secret"),
        pytest.param({"oidc_scopes": "email profile"}, "openid", id="no openid scope"),
        pytest.param({"oidc_name": ""}, "MOPPER_OIDC_NAME", id="no name"),
        pytest.param({"oidc_name": "x" * 41}, "MOPPER_OIDC_NAME", id="long name"),
    ],
)
def test_unusable_single_sign_on_settings_are_refused_at_start(
    changes: dict[str, Any], says: str
) -> None:
    with pytest.raises(ValidationError, match=says):
        Settings(_env_file=None, **{**PRODUCTION, **SSO, **changes})


def test_the_provider_on_the_machine_itself_may_use_plain_http() -> None:
    local = {**SSO, "oidc_issuer": "http://127.0.0.1:9000"}
    assert Settings(_env_file=None, **PRODUCTION, **local).sso_enabled


def identity(**claims: Any) -> Identity:
    return Identity.from_claims(
        "https://idp.example", {"sub": "s-1", **claims}, groups_claim="groups"
    )


def test_the_locale_claim_decides_the_language() -> None:
    values = ("nl", "nl-NL", "nl_BE", "NL", "en-GB", "de", "", None, 3)
    assert [locale_of(v) for v in values] == [Locale.NL] * 4 + [Locale.EN] * 5


@pytest.mark.parametrize(
    ("claims", "name"),
    [
        ({"name": "  Mia   de Vries "}, "Mia de Vries"),
        ({"given_name": "Mia", "family_name": "de Vries"}, "Mia de Vries"),
        ({"name": "Mia\r\nBcc: all@example.com"}, ""),
        ({"name": "=?utf-8?q?Mia=0D=0ABcc:_all@example.com?="}, ""),
        ({"name": "Mia\u202eseirV ed"}, ""),
        ({"name": "Mia\r\nX", "given_name": "Mia", "family_name": "V"}, "Mia V"),
        ({"name": ["not", "a", "string"]}, ""),
        ({"name": "M" * 200}, "M" * 80),
    ],
)
def test_only_a_clean_single_line_becomes_the_name(claims: dict[str, Any], name: str) -> None:
    """Names go into email headers and onto the board: a provider's name with a line
    break or an encoded one is not taken (the email's local part is used instead)."""
    assert identity(**claims).name == name


@pytest.mark.parametrize(
    ("value", "groups"),
    [
        (["staff", "mopper-managers"], {"staff", "mopper-managers"}),
        ("staff", {"staff"}),
        (["staff", 7, None, {"x": 1}, ""], {"staff", "7"}),
        (None, set()),
        ({"staff": True}, set()),
    ],
)
def test_groups_are_read_as_names(value: object, groups: set[str]) -> None:
    assert identity(groups=value).groups == groups


def test_the_email_is_normalised_and_verification_read() -> None:
    read = identity(email=" Mia@Example.COM ", email_verified="false")
    assert (read.email, read.email_verified) == ("mia@example.com", False)
    assert identity(email="mia@example.com").email_verified is None
