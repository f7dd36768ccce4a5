"""Input rules shared by every form."""

from __future__ import annotations

import pytest

from domain.errors import ValidationFailed
from domain.validation import DIRECTION, SINGLE_LINE, Checker


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


SHALOM = "\u05e9\u05dc\u05d5\u05dd"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ


def refusal(value: str) -> str | None:
    check = Checker()
    check.single_line("title", value, max_length=200)
    return check.errors.get("title")


@pytest.mark.parametrize(
    "value",
    [
        "=?utf-8?q?=0D=0ABcc:_x@example.org?=",
        "=?UTF-8?Q?=0D=0ABcc:_x@example.org?=",
        "Broken =?utf-8?b?DQpCY2M6IHhAZXhhbXBsZS5vcmc=?= printer",  # \r\nBcc: x@example.org
        "=?utf-8?q?=0D=0A=0D=0AThe_body_starts_here?=",  # ends the header block
        "=?iso-8859-1?q?=0AReply-To:_evil@example.org?=",
        "x=?utf-8?q?=0A?=y",  # not even set apart by spaces
        "=?utf-8?q?a=00b?=",
        "=?utf-8?q?a=E2=80=8Bb?=",  # a hidden zero-width space
        "=?no-such-charset?q?abc?=",  # does not decode at all
    ],
)
def test_encoded_words_that_hide_a_line_break_or_control_are_refused(value: str) -> None:
    assert refusal(value) == SINGLE_LINE


def test_harmless_encoded_words_read_as_what_they_say() -> None:
    assert refusal("=?utf-8?q?caf=C3=A9?= is closed") is None


@pytest.mark.parametrize(
    "value",
    [
        "Invoice \u202egpj.exe",  # right-to-left override
        "\u202aembedded\u202c",
        "\u2066isolated\u2069",
        "\u2067\u2068",
        "=?utf-8?q?=E2=80=AE?=evil",  # the override inside an encoded word
    ],
)
def test_text_direction_controls_are_refused(value: str) -> None:
    assert refusal(value) == DIRECTION


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Coffee\u200b machine", "Coffee machine"),  # zero-width space
        ("\ufeffCoffee", "Coffee"),  # byte order mark
        ("Cof\u2060fee", "Coffee"),  # word joiner
        (f"\u200e{SHALOM}\u200f", SHALOM),  # direction marks
        ("Mia\u200d Manager", "Mia Manager"),  # a joiner that joins nothing
        ("\u200cMia", "Mia"),
        (PERSIAN, PERSIAN),  # Persian spelling keeps its non-joiner
        ("👩\u200d💻 at work", "👩\u200d💻 at work"),  # one emoji, kept whole
    ],
)
def test_invisible_characters_are_stripped_unless_they_join_two_letters(
    typed: str, kept: str
) -> None:
    check = Checker()
    assert check.single_line("name", typed, max_length=100) == kept
    check.done()
