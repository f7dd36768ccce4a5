"""The only reader of the environment.

Every setting is `MOPPER_<NAME>` in the environment (or in a `.env` file beside the
process); `.env.example` lists them all with the embedded defaults. Nothing reads them at
import: an entry point (or the app factory) builds `Settings()` and `configure()`s them
for the process; code that needs one outside a request asks `get_settings()`.
"""

from __future__ import annotations

import ipaddress
from email.utils import parseaddr
from typing import Any, Literal
from urllib.parse import urlsplit

from limits import parse_many
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

INSECURE_DEV_SECRET = "dev-only-insecure-secret-change-me"  # noqa: S105 - refused in production

# OWASP's minimum for argon2id: 19 MiB, t=2, p=1. Lower is never accepted.
ARGON2_FLOOR_MEMORY_KIB = 19 * 1024
ARGON2_FLOOR_TIME_COST = 2


# Hosts a production base URL may name over plain http: the machine itself, where
# browsers treat http as a secure context (Secure cookies work there).
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class Settings(BaseSettings):
    # An empty variable counts as unset: `MOPPER_MAIL_CATCHER=` keeps the default that
    # depends on the environment. A refusal never repeats the input: it holds the secret.
    model_config = SettingsConfigDict(
        env_prefix="MOPPER_",
        env_file=".env",
        extra="ignore",
        env_ignore_empty=True,
        hide_input_in_errors=True,
    )

    # Production unless told otherwise: an operator who forgets this variable gets no
    # GraphiQL, no introspection, no mail catcher and no demo accounts. `make run` and
    # the tests say which one they want.
    environment: Literal["development", "production", "test"] = "production"
    database_url: str = "sqlite://var/mopper.sqlite3"
    secret_key: SecretStr = SecretStr(INSECURE_DEV_SECRET)
    # Production refuses to start unless this is set explicitly (https://, or http:// on
    # the machine itself).
    public_base_url: str = "http://127.0.0.1:8000"
    # Origins allowed to send state-changing requests; empty means public_base_url's origin.
    allowed_origins: list[str] = Field(default_factory=list)

    host: str = "127.0.0.1"
    port: int = 8000

    # In production the cookie is `__Host-<name>`: Secure, Path=/, no Domain.
    session_cookie_name: str = "mopper_session"
    session_ttl_hours: int = 24 * 14

    # Single sign-on with OpenID Connect (domain/sso/, server/http/oidc.py): on when
    # MOPPER_OIDC_ISSUER is set, exactly as the provider's discovery document names it
    # (its metadata is read from <issuer>/.well-known/openid-configuration). The
    # provider sends people back to <MOPPER_PUBLIC_BASE_URL>/auth/oidc/callback.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    # The login page's button: "Sign in with <name>".
    oidc_name: str = "SSO"
    # What is asked of the provider; `openid` is required, add `groups` where the
    # provider releases groups only for that scope (Okta, our test provider).
    oidc_scopes: str = "openid email profile"
    # The claim (in the ID token, else the userinfo answer) listing the person's groups,
    # which admins map to teams and roles.
    oidc_groups_claim: str = "groups"
    # Off: only single sign-on; the login page shows no password form and the API refuses
    # passwords (PASSWORD_LOGIN_OFF). Needs MOPPER_OIDC_ISSUER.
    password_login: bool = True

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4
    password_hash_concurrency: int = 2

    # Throttles, counted in the database before a password or receipt code is checked
    # (domain/auth/throttle.py). One account from one client: refused once used up, until
    # the window ends. One account from all clients, and one client over all accounts:
    # beyond the limit each further attempt waits longer (10 s, 20 s, 40 s, ...), so a
    # guesser slows the account down but cannot lock its owner out.
    login_account_client_limit: str = "5 per 15 minutes"
    login_account_limit: str = "20 per 15 minutes"
    login_client_limit: str = "30 per 15 minutes"
    receipt_lookup_limit: str = "20 per 10 minutes"
    # "Forgot your password?": reset emails asked for one address (known or not), and by
    # one client over all addresses; beyond either, RATE_LIMITED until the window ends.
    password_reset_account_limit: str = "3 per hour"  # noqa: S105 - a limit, not a password
    password_reset_client_limit: str = "20 per hour"  # noqa: S105 - a limit, not a password
    # Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDRs, e.g.
    # 10.0.0.0/8); the client is the rightmost address in it that is not one of them.
    # Empty: the connecting address is the client and X-Forwarded-For is ignored.
    trusted_proxies: str = ""

    # Anonymous gripes (domain/anonymity/): every employee's browser gets one batch of
    # this many blind-signed tokens per key period (one anonymous gripe each); the key
    # signs for `anonymous_key_days` and its tokens are accepted one period longer.
    # Anonymous gripes and replies reach the team in batches, every this many minutes
    # (the form promises "within the hour").
    anonymous_tokens_per_period: int = 10
    anonymous_key_days: int = 7
    anonymous_filing_minutes: float = 60.0

    # Response targets count business hours only (the app says so where it shows them).
    business_timezone: str = "Europe/Amsterdam"
    business_hours: str = "09:00-17:00"
    business_days: str = "1,2,3,4,5"  # ISO weekdays, Monday = 1
    holidays: str = ""  # comma-separated dates, e.g. 2026-12-25,2026-12-26

    max_request_bytes: int = 64 * 1024
    log_level: str = "INFO"
    # One JSON object per line (for log collectors), or plain text lines for a terminal.
    log_format: Literal["json", "text"] = "json"

    # Production shape (docker/): the API processes may leave migrating to a one-shot
    # `python -m server.migrate`, so that several of them never race each other at it.
    migrate_on_start: bool = True
    # How many API processes `python -m server.serve` runs (uvicorn's --workers).
    web_workers: int = 1
    # The built web app; empty: `frontend/dist` of the source tree this runs from.
    frontend_dir: str = ""
    # GET /metrics (Prometheus) answers only with `Authorization: Bearer <this token>`;
    # empty: /metrics is not served at all.
    metrics_token: SecretStr = SecretStr("")
    # Where the API processes of `python -m server.serve` share their metrics (wiped at
    # start); empty: a fresh temporary folder. Unused by a single process.
    metrics_dir: str = ""
    # `python -m workers` serves its own delivery metrics on this port (on MOPPER_HOST),
    # for a Prometheus on the internal network; 0: not served.
    worker_metrics_port: int = 0

    # The embedded default: one process runs the API, a delivery worker and a mail catcher.
    embedded_worker: bool = True
    # Unset: on in development only (`runs_mail_catcher`, `seeds_demo_data`).
    mail_catcher: bool | None = None
    mail_catcher_dir: str = "var/mail"
    seed_demo_data: bool | None = None

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout_seconds: float = 10.0
    # Message-IDs, thread ids and (by default) reply addresses end in its domain:
    # `localhost` alone is no domain, `mopper.localhost` is one reserved for local use.
    mail_from: str = "Mopper <mopper@mopper.localhost>"
    # Reply-To of emails that carry no reply address of their own (none do today: every
    # email to a person gets `reply+<token>@MOPPER_REPLY_DOMAIN`); empty: none.
    mail_reply_to: str = ""

    # Replies by email: every email to a person carries its own reply address,
    # `reply+<token>@<reply_domain>` (empty: the domain of MOPPER_MAIL_FROM), that works
    # for `reply_address_days` after the last email that carried it. The organisation's
    # mail server relays that domain (or just `reply+*`) to the inbound service
    # (`python -m workers.inbound`, or inside `make run`) on inbound_host:inbound_port.
    reply_domain: str = ""
    reply_address_days: int = 90
    inbound_host: str = "127.0.0.1"
    inbound_port: int = 2525
    # Larger messages are refused (552) before they are read into memory.
    inbound_max_bytes: int = 10 * 1024 * 1024
    # The embedded default (`make run`, SQLite: one writing process) receives replies in
    # the API process; set false where `python -m workers.inbound` runs on its own.
    embedded_inbound: bool = True

    # Delivery of the outbox (workers/): retries back off exponentially with jitter from
    # `delivery_backoff_seconds` up to the maximum; after `delivery_max_attempts` (or at
    # once on a permanent 5xx reply) a row is DEAD until an admin retries it.
    delivery_max_attempts: int = 12
    delivery_backoff_seconds: float = 5.0
    delivery_backoff_max_seconds: float = 3600.0
    # A claimed row returns to the other workers when its lease runs out (its worker died).
    delivery_lease_seconds: float = 120.0
    # How often a worker looks for due rows when nothing woke it (new rows wake it at once).
    delivery_poll_seconds: float = 1.0
    delivery_batch_size: int = 50
    # Response targets: how often missed targets are looked for, and how many business
    # hours after a miss was reported it goes to the team lead if still not handled.
    target_check_seconds: float = 60.0
    target_escalation_hours: float = 4.0
    # How often workers look for daily digests that are due (from opening time on a
    # business day, once per person per day).
    digest_check_seconds: float = 60.0

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def reply_address_domain(self) -> str:
        """Where replies by email go: MOPPER_REPLY_DOMAIN, else MOPPER_MAIL_FROM's domain."""
        return self.reply_domain.strip() or mail_from_domain(self.mail_from)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def sso_enabled(self) -> bool:
        """Single sign-on is configured (MOPPER_OIDC_ISSUER)."""
        return bool(self.oidc_issuer.strip())

    @property
    def oidc_metadata_url(self) -> str:
        return self.oidc_issuer.strip().rstrip("/") + "/.well-known/openid-configuration"

    @property
    def oidc_redirect_uri(self) -> str:
        return self.public_base_url.rstrip("/") + "/auth/oidc/callback"

    @property
    def session_cookie_attributes(self) -> dict[str, Any]:
        """How the session cookie is set, whichever way one logs in."""
        return {
            "max_age": self.session_ttl_hours * 3600,
            "httponly": True,
            "samesite": "lax",
            "secure": self.cookie_secure,
            "path": "/",
        }

    @property
    def runs_mail_catcher(self) -> bool:
        return self.is_development if self.mail_catcher is None else self.mail_catcher

    @property
    def seeds_demo_data(self) -> bool:
        """Create the demo organisation when the database has nobody in it yet."""
        return self.is_development if self.seed_demo_data is None else self.seed_demo_data

    @property
    def session_cookie(self) -> str:
        """The session cookie's name: `__Host-` prefixed in production, which browsers
        accept only when it is Secure, has Path=/ and no Domain (so no other host of the
        company's domain can set or shadow it)."""
        return (
            f"__Host-{self.session_cookie_name}" if self.is_production else self.session_cookie_name
        )

    @property
    def cookie_secure(self) -> bool:
        return self.is_production

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [entry.strip() for entry in self.trusted_proxies.split(",") if entry.strip()]

    @property
    def trusted_origins(self) -> frozenset[str]:
        if self.allowed_origins:
            return frozenset(o.rstrip("/") for o in self.allowed_origins)
        scheme, _, rest = self.public_base_url.partition("://")
        return frozenset({f"{scheme}://{rest.split('/', 1)[0]}"})

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.is_production:
            self._refuse_unsafe_production()
        if len(self.secret_key.get_secret_value()) < 16:
            raise ValueError("MOPPER_SECRET_KEY must be at least 16 characters")
        if (
            self.argon2_memory_kib < ARGON2_FLOOR_MEMORY_KIB
            or self.argon2_time_cost < ARGON2_FLOOR_TIME_COST
            or self.argon2_parallelism < 1
        ):
            raise ValueError("argon2 parameters are below OWASP's floor (19 MiB, t=2, p=1)")
        if self.delivery_lease_seconds <= 2 * self.smtp_timeout_seconds:
            # A worker sends a claimed row only while its lease outlasts an SMTP timeout.
            raise ValueError(
                "MOPPER_DELIVERY_LEASE_SECONDS must be more than twice MOPPER_SMTP_TIMEOUT_SECONDS"
            )
        if self.smtp_tls and self.smtp_starttls:
            raise ValueError("MOPPER_SMTP_TLS and MOPPER_SMTP_STARTTLS exclude each other")
        if self.web_workers < 1:
            raise ValueError("MOPPER_WEB_WORKERS must be at least 1")
        token = self.metrics_token.get_secret_value()
        if token and len(token) < 16:
            raise ValueError("MOPPER_METRICS_TOKEN must be at least 16 characters (or empty)")
        if not 1 <= self.anonymous_tokens_per_period <= 100:
            raise ValueError("MOPPER_ANONYMOUS_TOKENS_PER_PERIOD must be 1 to 100")
        if not 1 <= self.anonymous_key_days <= 90:
            raise ValueError("MOPPER_ANONYMOUS_KEY_DAYS must be 1 to 90")
        if not 0 < self.anonymous_filing_minutes <= 60:
            # The form tells the sender their gripe reaches the team within the hour.
            raise ValueError("MOPPER_ANONYMOUS_FILING_MINUTES must be more than 0, at most 60")
        if self.reply_address_days < 1 or self.inbound_max_bytes < 1024:
            raise ValueError(
                "MOPPER_REPLY_ADDRESS_DAYS must be at least 1 and MOPPER_INBOUND_MAX_BYTES 1024"
            )
        if self.delivery_max_attempts < 1 or self.delivery_batch_size < 1:
            raise ValueError("MOPPER_DELIVERY_MAX_ATTEMPTS and _BATCH_SIZE must be at least 1")
        self._refuse_bad_limits()
        self._refuse_bad_proxies()
        self._refuse_bad_sso()
        return self

    def _refuse_unsafe_production(self) -> None:
        if self.secret_key.get_secret_value() == INSECURE_DEV_SECRET:
            raise ValueError("MOPPER_SECRET_KEY must be set to a long random value in production")
        if "public_base_url" not in self.model_fields_set:
            raise ValueError(
                "MOPPER_PUBLIC_BASE_URL must be set in production: the address people reach "
                "Mopper on (https://...), used in email links and as the trusted origin"
            )
        url = urlsplit(self.public_base_url)
        if url.scheme != "https" and not (
            url.scheme == "http" and (url.hostname or "") in _LOOPBACK_HOSTS
        ):
            # Over plain http the session cookie (Secure) would never come back, and
            # status-link tokens would travel in clear.
            raise ValueError(
                "MOPPER_PUBLIC_BASE_URL must be an https:// address in production "
                "(http:// only for 127.0.0.1 or localhost)"
            )

    def _refuse_bad_limits(self) -> None:
        for name in (
            "login_account_client_limit",
            "login_account_limit",
            "login_client_limit",
            "receipt_lookup_limit",
        ):
            value = getattr(self, name)
            try:
                parsed = parse_many(value)
            except ValueError:
                parsed = []
            if len(parsed) != 1 or parsed[0].amount < 1:
                raise ValueError(
                    f'MOPPER_{name.upper()} must read like "5 per 15 minutes", not {value!r}'
                )

    def _refuse_bad_proxies(self) -> None:
        for entry in self.trusted_proxy_list:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                # "*" included: trusting everybody's X-Forwarded-For lets any client
                # choose the address it is throttled by.
                raise ValueError(
                    f"MOPPER_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
                ) from None

    def _refuse_bad_sso(self) -> None:
        if not self.sso_enabled:
            if not self.password_login:
                raise ValueError(
                    "MOPPER_PASSWORD_LOGIN=false needs single sign-on (MOPPER_OIDC_ISSUER): "
                    "nobody could sign in"
                )
            return
        issuer = urlsplit(self.oidc_issuer.strip())
        secure = issuer.scheme == "https" or (
            issuer.scheme == "http"
            and ((issuer.hostname or "") in _LOOPBACK_HOSTS or not self.is_production)
        )
        if not secure or not issuer.hostname:
            raise ValueError(
                "MOPPER_OIDC_ISSUER must be the provider's https:// address "
                "(http:// only on 127.0.0.1 or localhost in production)"
            )
        if not self.oidc_client_id.strip() or not self.oidc_client_secret.get_secret_value():
            raise ValueError("MOPPER_OIDC_CLIENT_ID and MOPPER_OIDC_CLIENT_SECRET must be set")
        if "openid" not in self.oidc_scopes.split():
            raise ValueError('MOPPER_OIDC_SCOPES must include "openid"')
        if not 0 < len(self.oidc_name.strip()) <= 40 or not self.oidc_groups_claim.strip():
            raise ValueError(
                "MOPPER_OIDC_NAME must be 1 to 40 characters and MOPPER_OIDC_GROUPS_CLAIM set"
            )


def mail_from_domain(mail_from: str) -> str:
    """The domain of the sender address: Message-IDs and thread ids end in it."""
    return parseaddr(mail_from)[1].rpartition("@")[2].strip() or "mopper.localhost"


_configured: Settings | None = None


def configure(settings: Settings) -> Settings:
    """Make `settings` this process's settings (the app factory and entry points do)."""
    global _configured
    _configured = settings
    return settings


def get_settings() -> Settings:
    """This process's settings: those configured, else read from the environment now."""
    return _configured if _configured is not None else configure(Settings())


def reset_settings() -> None:
    """Forget the configured settings: the next `get_settings()` reads the environment."""
    global _configured
    _configured = None


def database_url_setting() -> str:
    """MOPPER_DATABASE_URL alone, for tools that only open the database (the `tortoise`
    CLI): read as development reads it, so that production's checks of everything else
    do not stand in their way."""
    return Settings(environment="development").database_url
