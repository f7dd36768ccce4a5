"""Input rules shared by every form."""

from __future__ import annotations

import pytest

from domain.errors import ValidationFailed
from domain.validation import Checker


@pytest.mark.parametrize(
    "value",
    [
        "line\r\nBcc: x@example.com",
        "tab\there",
        "nul\x00",
        "bell\x07",
        "sep\u2028arator",
        "del\x7f",
    ],
)
def test_single_line_fields_refuse_control_characters(value: str) -> None:
    check = Checker()
    check.single_line("title", value, max_length=100)
    with pytest.raises(ValidationFailed) as refused:
        check.done()
    assert refused.value.fields == {"title": "Must be a single line without control characters."}


def test_multi_line_text_keeps_newlines_and_tabs_and_normalises_line_ends() -> None:
    check = Checker()
    assert check.text("body", "one\r\ntwo\r\tthree", max_length=100) == "one\ntwo\n\tthree"
    check.done()


def test_lengths_count_characters_not_bytes() -> None:
    check = Checker()
    assert check.single_line("title", "é" * 10, max_length=10) == "é" * 10
    check.single_line("name", "é" * 11, max_length=10)
    with pytest.raises(ValidationFailed) as refused:
        check.done()
    assert refused.value.fields == {"name": "At most 10 characters."}


def test_every_problem_is_reported_at_once() -> None:
    check = Checker()
    check.single_line("title", "", max_length=10)
    check.email("email", "not-an-address")
    check.text("body", "\x01", max_length=10)
    with pytest.raises(ValidationFailed) as refused:
        check.done()
    assert set(refused.value.fields) == {"title", "email", "body"}


@pytest.mark.parametrize("address", ["a@b", "a b@example.com", "x@example.com\nBcc: y@z.com", ""])
def test_bad_email_addresses_are_refused(address: str) -> None:
    check = Checker()
    check.email("email", address)
    with pytest.raises(ValidationFailed):
        check.done()


def test_good_email_addresses_are_normalised() -> None:
    check = Checker()
    assert check.email("email", "  Karin@Example.NET ") == "Karin@example.net"
    check.done()
