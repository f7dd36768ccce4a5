"""Receipt codes and tokens: enough entropy, forgiving to type, stored only as keyed hashes."""

from __future__ import annotations

import math
import re

import pytest

from domain import crypto
from domain.settings import reset_settings


def test_a_receipt_code_has_at_least_80_bits_and_a_readable_shape() -> None:
    code = crypto.new_receipt_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)
    symbols = len(code.replace("-", ""))
    assert symbols * math.log2(32) >= 80
    assert len({crypto.new_receipt_code() for _ in range(1000)}) == 1000


def test_a_typed_code_is_forgiven_case_spaces_and_look_alikes() -> None:
    code = "0A1B-2C3D-4E5F-6G7H-8J9K"
    typed = " 0a1b 2c3d-4e5f 6g7h 8j9k "
    assert crypto.normalise_receipt_code(typed) == code
    assert crypto.normalise_receipt_code("OAIB-2C3D-4E5F-6G7H-8J9K") == "0A1B-2C3D-4E5F-6G7H-8J9K"
    assert crypto.normalise_receipt_code("too short") is None


def test_the_stored_hash_depends_on_the_server_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    code = crypto.new_receipt_code()
    first = crypto.receipt_hash(code)
    assert code.replace("-", "") not in first
    monkeypatch.setenv("MOPPER_SECRET_KEY", "another-secret-key-of-enough-length")
    reset_settings()
    try:
        assert crypto.receipt_hash(code) != first
    finally:
        monkeypatch.undo()
        reset_settings()
    assert crypto.receipt_hash(code) == first


def test_customer_tokens_have_256_bits_and_differ_per_contact() -> None:
    one, two = crypto.new_token_salt(), crypto.new_token_salt()
    token = crypto.customer_status_token(one)
    assert len(bytes.fromhex(token)) * 8 == 256
    assert token != crypto.customer_status_token(two)
    assert crypto.customer_token_lookup(token) != token
