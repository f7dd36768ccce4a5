"""The only reader of the environment.

Every setting is `MOPPER_<NAME>` in the environment (or in a `.env` file beside the
process); `.env.example` lists them all with the embedded defaults. Nothing reads them at
import: an entry point (or the app factory) builds `Settings()` and `configure()`s them
for the process; code that needs one outside a request asks `get_settings()`.
"""

from __future__ import annotations

from email.utils import parseaddr
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

INSECURE_DEV_SECRET = "dev-only-insecure-secret-change-me"  # noqa: S105 - refused in production

# OWASP's minimum for argon2id: 19 MiB, t=2, p=1. Lower is never accepted.
ARGON2_FLOOR_MEMORY_KIB = 19 * 1024
ARGON2_FLOOR_TIME_COST = 2


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOPPER_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite://var/mopper.sqlite3"
    secret_key: SecretStr = SecretStr(INSECURE_DEV_SECRET)
    public_base_url: str = "http://127.0.0.1:8000"
    # Origins allowed to send state-changing requests; empty means public_base_url's origin.
    allowed_origins: list[str] = Field(default_factory=list)

    host: str = "127.0.0.1"
    port: int = 8000

    session_cookie_name: str = "mopper_session"
    session_ttl_hours: int = 24 * 14
    cookie_secure: bool = False

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4
    password_hash_concurrency: int = 2

    login_account_limit: str = "5 per 15 minutes"
    login_client_limit: str = "30 per 15 minutes"
    receipt_lookup_limit: str = "20 per 10 minutes"

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
    mail_catcher: bool = True
    mail_catcher_dir: str = "var/mail"
    seed_demo_data: bool = False

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

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def reply_address_domain(self) -> str:
        """Where replies by email go: MOPPER_REPLY_DOMAIN, else MOPPER_MAIL_FROM's domain."""
        return self.reply_domain.strip() or mail_from_domain(self.mail_from)

    @property
    def trusted_origins(self) -> frozenset[str]:
        if self.allowed_origins:
            return frozenset(o.rstrip("/") for o in self.allowed_origins)
        scheme, _, rest = self.public_base_url.partition("://")
        return frozenset({f"{scheme}://{rest.split('/', 1)[0]}"})

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() == INSECURE_DEV_SECRET
        ):
            raise ValueError("MOPPER_SECRET_KEY must be set to a long random value in production")
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
        if self.reply_address_days < 1 or self.inbound_max_bytes < 1024:
            raise ValueError(
                "MOPPER_REPLY_ADDRESS_DAYS must be at least 1 and MOPPER_INBOUND_MAX_BYTES 1024"
            )
        if self.delivery_max_attempts < 1 or self.delivery_batch_size < 1:
            raise ValueError("MOPPER_DELIVERY_MAX_ATTEMPTS and _BATCH_SIZE must be at least 1")
        return self


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
