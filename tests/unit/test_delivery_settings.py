"""Delivery settings that cannot work together are refused at start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from domain.settings import Settings


def test_a_lease_must_outlast_two_smtp_timeouts() -> None:
    with pytest.raises(ValidationError, match="MOPPER_DELIVERY_LEASE_SECONDS"):
        Settings(_env_file=None, smtp_timeout_seconds=30, delivery_lease_seconds=60)
    Settings(_env_file=None, smtp_timeout_seconds=30, delivery_lease_seconds=61)


def test_implicit_tls_and_starttls_exclude_each_other() -> None:
    with pytest.raises(ValidationError, match="exclude each other"):
        Settings(_env_file=None, smtp_tls=True, smtp_starttls=True)


def test_attempts_and_batches_are_at_least_one() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        Settings(_env_file=None, delivery_max_attempts=0)
    with pytest.raises(ValidationError, match="at least 1"):
        Settings(_env_file=None, delivery_batch_size=0)
