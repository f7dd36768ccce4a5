"""A real OpenID provider for single sign-on tests: npm `oidc-provider` (certified),
started from `tests/oidc_provider/` on 127.0.0.1 over plain http, with our clients and
accounts; its development login form takes an account's `sub` as the login.

    from tests.support.oidc import oidc_provider_fixture  # noqa: F401 (fixture `oidc_provider`)

`running_oidc_provider()` starts one with other clients, accounts or lifetimes. The
provider signs with an RSA key made here, so a test can also forge an ID token "from
the provider" (expired, for another audience) or sign one with a key of its own
(`forge_id_token`). See tests/oidc_provider/README.md.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
READY = "OIDC_PROVIDER_READY "

#: Where the ASGI tests' app (tests/support/api.py BASE_URL) would take the provider's answer.
REDIRECT_URI = "http://127.0.0.1:8000/auth/oidc/callback"
SCOPE = "openid email profile groups"


@dataclass(frozen=True, slots=True)
class OidcClient:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...] = (REDIRECT_URI,)
    skip_consent: bool = False  # True: no consent form, as for a first-party client


@dataclass(frozen=True, slots=True)
class OidcAccount:
    """Someone who can sign in at the provider: the login form takes `sub`."""

    sub: str
    email: str
    name: str
    email_verified: bool = True
    locale: str = "en"
    groups: tuple[str, ...] = ()


DEFAULT_CLIENTS = (
    OidcClient("mopper", "mopper-client-secret"),
    OidcClient("mopper-other", "other-client-secret", skip_consent=True),
)
DEFAULT_ACCOUNTS = (
    OidcAccount(
        "mia-0001",
        "mia@mopper.example",
        "Mia Manager",
        locale="nl",
        groups=("mopper-managers", "staff"),
    ),
    OidcAccount("alice-0002", "alice@mopper.example", "Alice Employee", groups=("staff",)),
    OidcAccount("unverified-0003", "eve@elsewhere.example", "Eve Unverified", email_verified=False),
)


@dataclass(frozen=True)
class OidcProvider:
    """A running provider. `signing_key` is its private key: only tests may have it."""

    issuer: str
    clients: tuple[OidcClient, ...]
    accounts: tuple[OidcAccount, ...]
    signing_key: RSAKey
    id_token_ttl: int
    log_path: Path
    pid: int = field(repr=False)

    @property
    def metadata_url(self) -> str:
        """Authlib's `server_metadata_url`."""
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def client_id(self) -> str:
        return self.clients[0].client_id

    @property
    def client_secret(self) -> str:
        return self.clients[0].client_secret

    def client(self, client_id: str) -> OidcClient:
        return next(client for client in self.clients if client.client_id == client_id)

    def account(self, sub: str) -> OidcAccount:
        return next(account for account in self.accounts if account.sub == sub)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def sign_in(
        self,
        http: httpx.AsyncClient,
        authorization_url: str,
        sub: str,
        *,
        answered: list[str] | None = None,
    ) -> str:
        """What a browser does at the provider: from its authorization URL, sign in as
        `sub` with the login form, consent when asked (each form's prompt is appended
        to `answered`). Returns the URL the provider sends the browser back to (the
        client's redirect URI, with code and state, or with an error); the caller
        decides whether and how to open it."""
        # devInteractions take any login; with no such account the provider fails (500).
        assert any(account.sub == sub for account in self.accounts), f"no account {sub!r}"
        url = authorization_url
        for _ in range(12):
            if not url.startswith(f"{self.issuer}/"):
                return url
            response = await http.get(url)
            if response.status_code == 200:
                prompt, action = _interaction_form(response.text)
                if answered is not None:
                    answered.append(prompt)
                fields = {"prompt": prompt}
                if prompt == "login":
                    fields |= {"login": sub, "password": "any password will do"}
                response = await http.post(urljoin(url, action), data=fields)
            if not response.is_redirect:
                raise AssertionError(
                    f"the provider answered {response.status_code}: {response.text}"
                )
            url = urljoin(url, response.headers["location"])
        raise AssertionError(f"the provider kept redirecting; last {url}")

    def id_token_claims(
        self, client_id: str, sub: str, nonce: str, **claims: Any
    ) -> dict[str, Any]:
        """The claims the provider would put in an ID token for `client_id`."""
        now = int(time.time())
        return {
            "iss": self.issuer,
            "sub": sub,
            "aud": client_id,
            "iat": now,
            "exp": now + self.id_token_ttl,
            "auth_time": now,
            "nonce": nonce,
            **claims,
        }

    def forge_id_token(self, claims: Mapping[str, Any], *, key: RSAKey | None = None) -> str:
        """An RS256 ID token signed with `key` (default: the provider's own key). With a
        key of the caller's, the header names the provider's key id all the same, as
        an attacker would."""
        signing_key = key or self.signing_key
        header = {"alg": "RS256", "typ": "JWT", "kid": self.signing_key.kid}
        return jwt.encode(header, dict(claims), signing_key)


def new_signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig"})


def npm_ci_if_stale(directory: Path = PROVIDER_DIR) -> None:
    """`npm ci` when node_modules is missing or does not match package-lock.json."""
    npm = shutil.which("npm")
    assert npm is not None, "the OpenID provider needs Node 20 and npm (see README)"
    locked = json.loads((directory / "package-lock.json").read_text())["packages"]
    installed_file = directory / "node_modules" / ".package-lock.json"
    installed = (
        json.loads(installed_file.read_text())["packages"] if installed_file.is_file() else {}
    )
    wanted = {name: entry["version"] for name, entry in locked.items() if name}
    have = {name: entry.get("version") for name, entry in installed.items()}
    if wanted != have:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=directory, check=True, timeout=300
        )


@contextmanager
def running_oidc_provider(
    *,
    clients: Sequence[OidcClient] = DEFAULT_CLIENTS,
    accounts: Sequence[OidcAccount] = DEFAULT_ACCOUNTS,
    id_token_ttl: int = 300,
    claims_in_id_token: bool = True,
    signing_key: RSAKey | None = None,
    port: int = 0,
    workdir: Path | None = None,
    startup_timeout: float = 30.0,
) -> Iterator[OidcProvider]:
    """Starts the provider and stops it when the block ends. `port=0` lets the system
    pick a free port (the provider reports it), so no other process can take it
    between picking and binding. `claims_in_id_token=False` puts email, name, groups
    in the userinfo answer only, as a strictly conforming provider does."""
    npm_ci_if_stale()
    node = shutil.which("node")
    assert node is not None, "the OpenID provider needs Node 20 (see README)"
    signing_key = signing_key or new_signing_key()
    with tempfile.TemporaryDirectory(prefix="mopper-oidc-") as scratch:
        folder = workdir or Path(scratch)
        config_path = folder / "oidc-provider.json"
        log_path = folder / "oidc-provider.log"
        jwk = signing_key.as_dict(private=True) | {"use": "sig", "alg": "RS256"}
        config = {
            "clients": [_client_json(client) for client in clients],
            "accounts": [_account_json(account) for account in accounts],
            "id_token_ttl": id_token_ttl,
            "claims_in_id_token": claims_in_id_token,
            "jwks": {"keys": [jwk]},
        }
        config_path.write_text(json.dumps(config))
        with log_path.open("wb") as log:
            # Its own session: a Ctrl-C meant for pytest does not reach it first, and
            # the whole group is killed below. Its stdin is a pipe from us: when pytest
            # dies, even by SIGKILL, the pipe closes and the provider exits.
            process = subprocess.Popen(
                [node, "provider.mjs", "--port", str(port), "--config", str(config_path)],
                cwd=PROVIDER_DIR,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        try:
            issuer = _wait_until_ready(process, log_path, startup_timeout)
            yield OidcProvider(
                issuer=issuer,
                clients=tuple(clients),
                accounts=tuple(accounts),
                signing_key=signing_key,
                id_token_ttl=id_token_ttl,
                log_path=log_path,
                pid=process.pid,
            )
        finally:
            _stop(process)


@pytest.fixture(scope="session", name="oidc_provider")
def oidc_provider_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    """`oidc_provider`: one provider for the test session, with DEFAULT_CLIENTS and
    DEFAULT_ACCOUNTS; its configuration and log stay in pytest's temporary directory.
    Register it where it is needed with `from tests.support.oidc import
    oidc_provider_fixture  # noqa: F401` (or once in tests/conftest.py)."""
    with running_oidc_provider(workdir=tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider


def _client_json(client: OidcClient) -> dict[str, Any]:
    return asdict(client) | {"redirect_uris": list(client.redirect_uris)}


def _account_json(account: OidcAccount) -> dict[str, Any]:
    return asdict(account) | {"groups": list(account.groups)}


def _interaction_form(page: str) -> tuple[str, str]:
    """The prompt (login or consent) and the action of the provider's form."""
    prompt = re.search(r'name="prompt" value="([a-z]+)"', page)
    action = re.search(r'<form[^>]* action="([^"]+)"', page)
    if prompt is None or action is None:
        raise AssertionError(f"no login or consent form in the provider's page:\n{page}")
    return prompt.group(1), html.unescape(action.group(1))


def _wait_until_ready(process: subprocess.Popen[bytes], log_path: Path, timeout: float) -> str:
    """Waits for the ready line, then for discovery to answer; returns the issuer."""
    deadline = time.monotonic() + timeout
    issuer: str | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the OpenID provider exited with code {process.returncode}:\n"
                + log_path.read_text(errors="replace")
            )
        if issuer is None:
            for line in log_path.read_text(errors="replace").splitlines():
                if line.startswith(READY):
                    issuer = str(json.loads(line.removeprefix(READY))["issuer"])
        if issuer is not None and _discovery_answers(issuer):
            return issuer
        time.sleep(0.05)
    _stop(process)
    raise RuntimeError(
        f"the OpenID provider was not ready within {timeout:.0f} s:\n"
        + log_path.read_text(errors="replace")
    )


def _discovery_answers(issuer: str) -> bool:
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status: int = response.status
            metadata: dict[str, Any] = json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    return status == 200 and metadata.get("issuer") == issuer


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the provider and anything it started (its process group; signalled only
    while the provider is not yet reaped, so that the group id is still ours)."""
    if process.stdin is not None:
        process.stdin.close()
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=5)


def _signal_group(process: subprocess.Popen[bytes], signum: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
